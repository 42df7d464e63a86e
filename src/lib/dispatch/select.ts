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

/**
 * A predicate for the filters (the deadline state is the store's, kept current by its tick).
 * The filters are read once, here: the page keeps them in reactive state, and a proxy read per
 * job per filter would cost more than the test itself over 100,000 jobs.
 */
export function jobMatcher(f: JobFilters): (live: LiveJob) => boolean {
	const { agency, status, district, overdueOnly } = f;
	if (!agency && !status && !district && !overdueOnly) return () => true;
	return (live) => {
		const j = live.job;
		if (agency && j.agencyCode !== agency) return false;
		if (status && j.status !== status) return false;
		if (district && j.district.code !== district) return false;
		if (overdueOnly && live.state !== 'overdue') return false;
		return true;
	};
}

/** Soonest deadline first, then lowest id: the list's order, stable between renders. */
export function byDeadline(a: LiveJob, b: LiveJob): number {
	return a.deadlineMs - b.deadlineMs || a.job.id - b.job.id;
}
