import { error } from '@sveltejs/kit';
import { asc } from 'drizzle-orm';
import { appContext } from '$lib/server/context';
import { agencies } from '$lib/server/db/schema';
import { listCategories } from '$lib/server/catalog/repository';
import { listCrews } from '$lib/server/crews/repository';
import { listDistricts } from '$lib/server/geo/repository';
import { listJobSummaries, openStatuses } from '$lib/server/jobs/repository';
import type { PageServerLoad } from './$types';

/** Who may open the console: call takers and dispatchers work it, coordinators and admins watch. */
const viewers = ['dispatcher', 'supervisor', 'coordinator', 'admin'];
const workers = ['dispatcher', 'supervisor'];
/**
 * Open jobs rendered with the page (compact rows), soonest deadline first. A normal day's few
 * hundred all fit; beyond this the browser fetches every open job in pages of compact rows
 * (`GET /api/jobs?view=summary`) right after it starts, and merges them by version.
 */
const PAGE_JOBS = 2000;

/**
 * The dispatch console's snapshot: catalog, crews, open jobs and the server's clock. The
 * layout's load runs first, so its realtime sequence number is no newer than this snapshot:
 * events after it are replayed by the socket and the store drops any it already holds.
 */
export const load: PageServerLoad = async ({ parent }) => {
	const { user } = await parent();
	if (!viewers.includes(user.role)) error(403, 'The dispatch console is for office roles');
	const { db, env } = appContext();
	const categories = await listCategories(db);
	const agencyList = await db
		.select({ code: agencies.code, nameZh: agencies.nameZh, nameEn: agencies.nameEn })
		.from(agencies)
		.orderBy(asc(agencies.code));
	const crews = await listCrews(db);
	const districts = await listDistricts(db);
	const { rows: jobs } = await listJobSummaries(db, {
		status: [...openStatuses],
		limit: PAGE_JOBS + 1
	});
	return {
		categories,
		agencies: agencyList,
		crews,
		districts,
		jobs: jobs.slice(0, PAGE_JOBS),
		/** False when there are more open jobs than the page carries: fetch them all. */
		jobsComplete: jobs.length <= PAGE_JOBS,
		serverTime: new Date().toISOString(),
		canWork: workers.includes(user.role),
		mapStyleUrl: env.MAP_STYLE_URL ?? null
	};
};
