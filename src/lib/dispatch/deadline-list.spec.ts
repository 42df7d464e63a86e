import { describe, expect, it } from 'vitest';
import type { JobDto } from '$lib/contracts/jobs';
import { JobStore, openStatuses, recordFromDto, type LiveJob } from './jobs.svelte.ts';
import { DeadlineList } from './deadline-list.ts';
import { byDeadline, jobMatcher, noFilters, type JobFilters } from './select.ts';
import { seededRandom as random } from '../domain/random.ts';

const HOUR = 3_600_000;
function dto(id: number, version: number, deadlineH: number, over: Partial<JobDto> = {}): JobDto {
	return {
		id,
		version,
		status: 'accepted',
		agencyCode: 'MOPW',
		district: { code: '64000010', nameZh: '', nameEn: '' },
		location: { lon: 120.3, lat: 22.6 },
		deadlineAt: new Date(deadlineH * HOUR).toISOString(),
		warnAt: new Date(deadlineH * HOUR * 0.75).toISOString(),
		...over
	} as JobDto;
}

/** The list the slow way: filter and sort every job. */
function naive(jobs: Iterable<LiveJob>, filters: JobFilters, limit: number) {
	const matches = jobMatcher(filters);
	const all = [...jobs].filter(matches).sort(byDeadline);
	return { ids: all.slice(0, limit).map((l) => l.job.id), total: all.length };
}

function listOf(store: JobStore, limit: number): DeadlineList {
	const list = new DeadlineList(limit, () => store.byId.values());
	list.reset();
	store.subscribe((changes) => list.apply(changes));
	return list;
}

describe('DeadlineList', () => {
	it('keeps the soonest deadlines in order and counts every match', () => {
		const store = new JobStore(
			() => 0,
			Array.from({ length: 1000 }, (_, i) => recordFromDto(dto(i + 1, 1, 1 + ((i * 7919) % 1000))))
		);
		const list = listOf(store, 5);
		expect(list.total).toBe(1000);
		expect(list.rows.map((r) => r.deadlineMs / HOUR)).toEqual([1, 2, 3, 4, 5]);
	});

	it('breaks ties by id, so the order is stable between renders', () => {
		const store = new JobStore(
			() => 0,
			[dto(3, 1, 5), dto(1, 1, 5), dto(2, 1, 5)].map(recordFromDto)
		);
		const list = listOf(store, 2);
		expect(list.rows.map((r) => r.job.id)).toEqual([1, 2]);
	});

	it('applies agency, status, district and overdue filters', () => {
		const store = new JobStore(
			() => 4.5 * HOUR,
			[
				dto(1, 1, 1, { agencyCode: 'EPB' }),
				dto(2, 1, 2, { status: 'dispatched' }),
				dto(3, 1, 30, { district: { code: '64000020', nameZh: '', nameEn: '' } }),
				dto(4, 1, 4)
			].map(recordFromDto)
		);
		const list = listOf(store, 10);
		const ids = (f: Partial<JobFilters>) => {
			list.setMatcher(jobMatcher({ ...noFilters, ...f }));
			return list.rows.map((r) => r.job.id);
		};
		expect(ids({ agency: 'EPB' })).toEqual([1]);
		expect(ids({ status: 'dispatched' })).toEqual([2]);
		expect(ids({ district: '64000020' })).toEqual([3]);
		expect(ids({ overdueOnly: true })).toEqual([1, 2, 4]);
		expect(ids({})).toEqual([1, 2, 4, 3]);
	});

	it('kept change by change, equals filtering and sorting every job', () => {
		const r = random(42);
		let now = 0;
		const store = new JobStore(
			() => now,
			Array.from({ length: 600 }, (_, i) => recordFromDto(dto(i + 1, 1, 1 + r() * 40)))
		);
		const limit = 25;
		const list = listOf(store, limit);
		const filters: JobFilters[] = [
			noFilters,
			{ ...noFilters, status: 'dispatched' },
			{ ...noFilters, overdueOnly: true },
			{ ...noFilters, agency: 'EPB', district: '64000020' }
		];
		let nextId = 601;
		for (let round = 0; round < 80; round++) {
			const current = filters[Math.floor(round / 10) % filters.length]!;
			if (round % 10 === 0) list.setMatcher(jobMatcher(current));
			for (let k = 0; k < 20; k++) {
				const id = 1 + Math.floor(r() * (nextId - 1));
				const version = (store.byId.get(id)?.job.version ?? 50) + 1;
				const roll = r();
				const over: Partial<JobDto> = {
					status: roll < 0.1 ? 'done' : openStatuses[Math.floor(r() * openStatuses.length)]!,
					agencyCode: r() < 0.5 ? 'MOPW' : 'EPB',
					district: { code: r() < 0.5 ? '64000010' : '64000020', nameZh: '', nameEn: '' }
				};
				// Most updates keep the deadline; some move it (a supervisor's extension).
				const deadline = r() < 0.2 ? 1 + r() * 40 : (store.byId.get(id)?.deadlineMs ?? HOUR) / HOUR;
				store.upsert(dto(id, version, deadline, over));
				if (r() < 0.1) store.upsert(dto(nextId++, 1, 1 + r() * 40));
			}
			now += HOUR / 3;
			store.tick(now);
			const expected = naive(store.byId.values(), current, limit);
			expect(list.rows.map((l) => l.job.id)).toEqual(expected.ids);
			expect(list.total).toBe(expected.total);
		}
	});

	it('does not read the rows again for a change far below them', () => {
		const store = new JobStore(
			() => 0,
			Array.from({ length: 300 }, (_, i) => recordFromDto(dto(i + 1, 1, i + 1)))
		);
		const list = listOf(store, 10);
		const rows = list.rows;
		store.upsert(dto(200, 2, 200, { status: 'dispatched' }));
		expect(list.rows).toBe(rows);
		store.upsert(dto(5, 2, 5, { status: 'dispatched' }));
		expect(list.rows).not.toBe(rows);
		expect(list.rows[4]!.job.status).toBe('dispatched');
	});
});
