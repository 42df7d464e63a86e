import type { JobStatus } from '$lib/domain/workflow';
import type { LiveJob } from './jobs.svelte.ts';

/** The job list's filters; empty strings mean "any". */
export interface JobFilters {
	agency: string;
	status: JobStatus | '';
	district: string;
	overdueOnly: boolean;
}

export const noFilters: JobFilters = { agency: '', status: '', district: '', overdueOnly: false };

/** A predicate for the filters (the deadline state is the store's, kept current by its tick). */
export function jobMatcher(f: JobFilters): (live: LiveJob) => boolean {
	return (live) => {
		const j = live.job;
		if (f.agency && j.agencyCode !== f.agency) return false;
		if (f.status && j.status !== f.status) return false;
		if (f.district && j.district.code !== f.district) return false;
		if (f.overdueOnly && live.state !== 'overdue') return false;
		return true;
	};
}

function before(a: LiveJob, b: LiveJob): boolean {
	return a.deadlineMs < b.deadlineMs || (a.deadlineMs === b.deadlineMs && a.job.id < b.job.id);
}

/**
 * The first `limit` matching jobs by deadline (soonest first, then id), and how many match in
 * all: one pass with a bounded sorted buffer, O(n log limit), so 100,000 jobs are never sorted
 * to show 200 rows.
 */
export function topByDeadline(
	jobs: Iterable<LiveJob>,
	matches: (live: LiveJob) => boolean,
	limit: number
): { rows: LiveJob[]; total: number } {
	const rows: LiveJob[] = [];
	let total = 0;
	for (const live of jobs) {
		if (!matches(live)) continue;
		total++;
		if (rows.length === limit && !before(live, rows[limit - 1]!)) continue;
		let lo = 0;
		let hi = rows.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (before(rows[mid]!, live)) lo = mid + 1;
			else hi = mid;
		}
		rows.splice(lo, 0, live);
		if (rows.length > limit) rows.pop();
	}
	return { rows, total };
}
