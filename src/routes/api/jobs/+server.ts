import { json } from '@sveltejs/kit';
import {
	createJobSchema,
	jobSummaryFields,
	listJobsQuerySchema,
	type JobSummaryPage
} from '$lib/contracts/jobs';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, readQuery, requireRole } from '$lib/server/http/api';
import { commit } from '$lib/server/realtime/outbox';
import { fileJob, resolvePlace } from '$lib/server/jobs/service';
import { listJobs, listJobSummaries } from '$lib/server/jobs/repository';
import { jobSettings } from '$lib/server/jobs/settings';

/**
 * Jobs by status, agency, district, overdue and bounding box, soonest deadline first; in id
 * order from `after` on (paging). `view=summary` answers compact rows (the dispatch map).
 */
export const GET = endpoint(async ({ locals, url }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin']);
	const { view, ...filters } = readQuery(url, listJobsQuerySchema);
	const ctx = appContext();
	const serverTime = new Date().toISOString();
	if (view === 'summary') {
		const { rows, next } = await listJobSummaries(ctx.db, filters);
		const page: JobSummaryPage = { fields: jobSummaryFields, rows, next, serverTime };
		return json(page);
	}
	return json({ jobs: await listJobs(ctx.db, filters), serverTime });
});

/** Files a case (call taker / dispatcher, supervisor). */
export const POST = endpoint(async ({ locals, request }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor']);
	const input = await readJson(request, createJobSchema);
	const ctx = appContext();
	const place = await resolvePlace(ctx.db, input, jobSettings(ctx.env));
	const job = await commit(ctx, (tx) => fileJob(tx, user, input, place));
	return json(job, { status: 201 });
});
