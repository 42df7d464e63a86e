import { error } from '@sveltejs/kit';
import { wallboardRoles } from '$lib/contracts/field';
import { appContext } from '$lib/server/context';
import { fieldStats } from '$lib/server/field/stats';
import { listDistricts } from '$lib/server/geo/repository';
import { listJobSummaries, openStatuses } from '$lib/server/jobs/repository';
import type { PageServerLoad } from './$types';

/**
 * Open jobs rendered with the page for the mini-map (compact rows); beyond this the browser
 * fetches the rest page by page right after it starts, as the dispatch console does.
 */
const PAGE_JOBS = 2000;

/**
 * The wallboard's snapshot: field figures and open jobs (the mini-map) at the layout's realtime
 * sequence number or later; events after it are replayed by the socket. Telephony figures come
 * from the browser (`GET /api/queue/stats` and `queue:stats`), so the page works without them.
 */
export const load: PageServerLoad = async ({ parent }) => {
	const { user } = await parent();
	if (!wallboardRoles.includes(user.role)) {
		error(403, 'The wallboard is for supervisors, coordinators and administrators');
	}
	const { db } = appContext();
	const { rows: jobs } = await listJobSummaries(db, {
		status: [...openStatuses],
		limit: PAGE_JOBS + 1
	});
	return {
		field: await fieldStats(db),
		districts: await listDistricts(db),
		jobs: jobs.slice(0, PAGE_JOBS),
		jobsComplete: jobs.length <= PAGE_JOBS,
		serverTime: new Date().toISOString()
	};
};
