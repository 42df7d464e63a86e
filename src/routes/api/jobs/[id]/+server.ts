import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { loadJob, loadJobEvents } from '$lib/server/jobs/repository';
import { listPhotos } from '$lib/server/jobs/photos';
import { shareReporter } from '$lib/server/crews/my-jobs';
import type { RequestHandler } from './$types';

/**
 * One job with its history and photos; the reporter's callback for office roles, and for the
 * assigned crew when the dispatcher shared it.
 */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin', 'crew']);
	const id = idParam(params.id, 'job');
	const { db } = appContext();
	const job = await loadJob(db, id, { withReporter: true });
	if (!job) throw new ApiError(404, 'not_found', `job ${id} does not exist`);
	if (user.role === 'crew' && job.crewId !== user.crewId) {
		throw new ApiError(403, 'forbidden', `job ${id} is not assigned to your crew`);
	}
	return json({
		...(user.role === 'crew' ? shareReporter(job) : job),
		events: await loadJobEvents(db, id),
		photos: await listPhotos(db, id)
	});
});
