import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { findDuplicates, loadJob } from '$lib/server/jobs/repository';
import type { RequestHandler } from './$types';

/** Open jobs that may be the same case: same category, nearby, recent; nearest first. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin']);
	const id = idParam(params.id, 'job');
	const { db, env } = appContext();
	const job = await loadJob(db, id);
	if (!job) throw new ApiError(404, 'not_found', `job ${id} does not exist`);
	const duplicates = await findDuplicates(db, {
		categoryCode: job.categoryCode,
		point: job.location,
		radiusM: env.DUPLICATE_RADIUS_M,
		hours: env.DUPLICATE_HOURS,
		excludeId: id
	});
	return json({ duplicates });
});
