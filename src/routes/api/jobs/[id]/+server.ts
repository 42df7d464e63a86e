import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { loadJob, loadJobEvents } from '$lib/server/jobs/repository';
import type { RequestHandler } from './$types';

/** One job with its history; the reporter's callback only for office roles. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin', 'crew']);
	const id = idParam(params.id, 'job');
	const { db } = appContext();
	const job = await loadJob(db, id, { withReporter: user.role !== 'crew' });
	if (!job) throw new ApiError(404, 'not_found', `job ${id} does not exist`);
	if (user.role === 'crew' && job.crewId !== user.crewId) {
		throw new ApiError(403, 'forbidden', `job ${id} is not assigned to your crew`);
	}
	return json({ ...job, events: await loadJobEvents(db, id) });
});
