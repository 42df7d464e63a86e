import { describe, expect, it } from 'vitest';
import type { JobDto } from '$lib/contracts/jobs';
import { jobMatcher, noFilters, topByDeadline } from './select.ts';
import type { LiveJob } from './jobs.svelte.ts';

function live(id: number, deadlineMs: number, over: Partial<JobDto> = {}): LiveJob {
	const job = {
		id,
		status: 'accepted',
		agencyCode: 'MOPW',
		district: { code: '64000010' },
		...over
	};
	return { job: job as JobDto, deadlineMs, warnMs: deadlineMs - 10, state: 'on_time' };
}

describe('topByDeadline', () => {
	it('keeps the soonest deadlines in order and counts every match', () => {
		const jobs = Array.from({ length: 1000 }, (_, i) => live(i + 1, (i * 7919) % 1000));
		const { rows, total } = topByDeadline(jobs, () => true, 5);
		expect(total).toBe(1000);
		expect(rows.map((r) => r.deadlineMs)).toEqual([0, 1, 2, 3, 4]);
	});

	it('breaks ties by id, so the order is stable between renders', () => {
		const { rows } = topByDeadline([live(3, 5), live(1, 5), live(2, 5)], () => true, 2);
		expect(rows.map((r) => r.job.id)).toEqual([1, 2]);
	});

	it('applies agency, status, district and overdue filters', () => {
		const late = { ...live(4, 4), state: 'overdue' as const };
		const jobs = [
			live(1, 1, { agencyCode: 'EPB' }),
			live(2, 2, { status: 'dispatched' }),
			live(3, 3, { district: { code: '64000020', nameZh: '', nameEn: '' } }),
			late
		];
		const ids = (f: Partial<typeof noFilters>) =>
			topByDeadline(jobs, jobMatcher({ ...noFilters, ...f }), 10).rows.map((r) => r.job.id);
		expect(ids({ agency: 'EPB' })).toEqual([1]);
		expect(ids({ status: 'dispatched' })).toEqual([2]);
		expect(ids({ district: '64000020' })).toEqual([3]);
		expect(ids({ overdueOnly: true })).toEqual([4]);
		expect(ids({})).toEqual([1, 2, 3, 4]);
	});
});
