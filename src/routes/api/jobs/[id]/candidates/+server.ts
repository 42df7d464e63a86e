import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { loadJob } from '$lib/server/jobs/repository';
import { candidatesFor } from '$lib/server/dispatch/candidates';
import type { RequestHandler } from './$types';

/** The 5 nearest available crews that can do this job, with distance and ETA. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'admin']);
	const id = idParam(params.id, 'job');
	const { db } = appContext();
	const job = await loadJob(db, id);
	if (!job) throw new ApiError(404, 'not_found', `job ${id} does not exist`);
	return json(await candidatesFor(db, job));
});
