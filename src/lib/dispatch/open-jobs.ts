import type { JobSummaryPage } from '$lib/contracts/jobs';
import { api } from './api.ts';
import { openStatuses, recordFromRow, type DistrictName, type JobRecord } from './jobs.svelte.ts';

/** Open jobs per request, in compact rows (`GET /api/jobs?view=summary`), in id order. */
const PAGE_SIZE = 25_000;

/** One shared name object per district: jobs name their district by code on the wire. */
export function districtNames(
	districts: readonly { code: string; nameZh: string; nameEn: string }[]
): Map<string, DistrictName> {
	return new Map(
		districts.map((d) => [d.code, { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn }])
	);
}

/** Store records of compact rows, naming districts from `names`. */
export function recordsOf(
	rows: JobSummaryPage['rows'],
	names: ReadonlyMap<string, DistrictName>
): JobRecord[] {
	return rows.map((row) => recordFromRow(row, names));
}

/**
 * Every open job, page by page, as store records; each page is handed to `onPage` as it
 * arrives (merge it by version: events that arrived meanwhile are never undone).
 */
export async function fetchOpenJobs(
	names: ReadonlyMap<string, DistrictName>,
	onPage?: (page: JobRecord[]) => void
): Promise<JobRecord[]> {
	const query = `status=${openStatuses.join(',')}&view=summary&limit=${PAGE_SIZE}`;
	const all: JobRecord[] = [];
	let after: number | null = 0;
	while (after !== null) {
		const page: JobSummaryPage = await api<JobSummaryPage>(`/api/jobs?${query}&after=${after}`);
		const got = recordsOf(page.rows, names);
		onPage?.(got);
		all.push(...got);
		after = page.next;
	}
	return all;
}
