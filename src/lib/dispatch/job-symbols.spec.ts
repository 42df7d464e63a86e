import { describe, expect, it } from 'vitest';
import type { JobDto } from '$lib/contracts/jobs';
import type { JobStatus } from '$lib/domain/workflow';
import { JobStore, openStatuses, recordFromDto, type LiveJob } from './jobs.svelte.ts';
import { buildJobPoints, JobSymbols, snapshot, toRanges, type JobPoints } from './job-symbols.ts';
import { crewOpacity, deadlineRing, mercatorX, mercatorY, type MapView } from './map-points.ts';
import { jobMatcher, noFilters } from './select.ts';
import { seededRandom as random } from '../domain/random.ts';

function live(id: number, lon: number, lat: number, state: LiveJob['state'] = 'on_time'): LiveJob {
	const job = { id, status: 'accepted', location: { lon, lat } } as LiveJob['job'];
	return { job, deadlineMs: 0, warnMs: 0, mx: mercatorX(lon), my: mercatorY(lat), state };
}
const all = () => true;
const city: MapView = { west: 120.2, south: 22.5, east: 120.5, north: 22.8, zoom: 11 };

/** The symbols as a sorted list of comparable strings (row order is free). */
function symbolSet(p: JobPoints): string[] {
	const out: string[] = [];
	for (let i = 0; i < p.length; i++) {
		const c = i * 4;
		out.push(
			[
				p.ids[i],
				p.counts[i],
				p.positions[i * 2]!.toFixed(7),
				p.positions[i * 2 + 1]!.toFixed(7),
				[...p.fillColors.subarray(c, c + 4)].join('.'),
				[...p.lineColors.subarray(c, c + 4)].join('.'),
				p.lineWidths[i],
				p.radii[i]!.toFixed(4)
			].join('|')
		);
	}
	return out.sort();
}

const HOUR = 3_600_000;
function dto(id: number, version: number, r: () => number, over: Partial<JobDto> = {}): JobDto {
	const deadline = (1 + r() * 20) * HOUR;
	return {
		id,
		version,
		status: openStatuses[Math.floor(r() * openStatuses.length)]!,
		agencyCode: r() < 0.5 ? 'MOPW' : 'EPB',
		district: { code: r() < 0.5 ? '64000010' : '64000020', nameZh: '', nameEn: '' },
		location: { lon: 120.25 + r() * 0.2, lat: 22.55 + r() * 0.2 },
		deadlineAt: new Date(deadline).toISOString(),
		warnAt: new Date(deadline * 0.75).toISOString(),
		...over
	} as JobDto;
}

describe('job symbols for the map', () => {
	it('draws one symbol per job within the budget, ringed by deadline state', () => {
		const points = buildJobPoints(
			[live(1, 120.3, 22.6), live(2, 120.31, 22.61, 'overdue')],
			all,
			city
		);
		expect(points.length).toBe(2);
		expect([...points.ids]).toEqual([1, 2]);
		expect([...points.counts]).toEqual([1, 1]);
		expect(points.lineWidths[1]).toBe(deadlineRing.overdue.width);
		expect(points.radii[1]).toBeGreaterThan(points.radii[0]!);
	});

	it('leaves out jobs outside the view and its margin', () => {
		const points = buildJobPoints([live(1, 120.3, 22.6), live(2, 121.5, 23.9)], all, city);
		expect([...points.ids]).toEqual([1]);
		expect(points.jobs).toBe(1);
	});

	it('counts jobs per cell beyond the budget, the cell ringed by its most urgent job', () => {
		const jobs = [
			...Array.from({ length: 50 }, (_, i) => live(i + 1, 120.3 + i * 1e-6, 22.6)),
			live(99, 120.3, 22.6, 'overdue'),
			live(100, 120.45, 22.75)
		];
		const points = buildJobPoints(jobs, all, city, 10);
		expect(points.jobs).toBe(52);
		const big = [...points.counts].findIndex((n) => n === 51);
		expect(big).toBeGreaterThanOrEqual(0);
		expect(points.ids[big]).toBe(0);
		expect(points.lineWidths[big]).toBe(deadlineRing.overdue.width);
		// A job alone in its cell keeps its own symbol, so a click still opens it.
		const lone = [...points.ids].indexOf(100);
		expect(points.counts[lone]).toBe(1);
	});

	for (const [mode, budget] of [
		['one symbol per job', 10_000],
		['counted cells', 20]
	] as const) {
		it(`kept change by change, equals a fresh packing (${mode})`, () => {
			const r = random(budget);
			let now = 0;
			const store = new JobStore(
				() => now,
				Array.from({ length: 400 }, (_, i) => recordFromDto(dto(i + 1, 1, r)))
			);
			const symbols = new JobSymbols((id) => store.byId.get(id), budget);
			const filters = { ...noFilters, agency: 'MOPW' };
			const view: MapView = { west: 120.2, south: 22.5, east: 120.4, north: 22.7, zoom: 12 };
			symbols.rebuild(store.byId.values(), jobMatcher(filters), view);
			store.subscribe((changes) => {
				if (changes) symbols.apply(changes);
				else symbols.rebuild(store.byId.values(), jobMatcher(filters), view);
			});
			expect(symbols.clustered).toBe(budget < 400);
			let nextId = 401;
			for (let round = 0; round < 60; round++) {
				for (let k = 0; k < 15; k++) {
					const id = 1 + Math.floor(r() * (nextId - 1));
					const current = store.byId.get(id)?.job;
					const version = (current?.version ?? 100) + 1;
					const roll = r();
					const status: JobStatus | undefined =
						roll < 0.1 ? 'done' : roll < 0.6 ? openStatuses[Math.floor(r() * 6)] : undefined;
					store.upsert(dto(id, version, r, status ? { status } : {}));
					if (r() < 0.2) store.upsert(dto(nextId++, 1, r));
				}
				now += HOUR / 2;
				store.tick(now);
				const fresh = buildJobPoints(store.byId.values(), jobMatcher(filters), view, budget);
				expect(symbolSet(snapshot(symbols))).toEqual(symbolSet(fresh));
				expect(symbols.jobs).toBe(fresh.jobs);
			}
		});
	}

	it('reports only the rows a change touched, so deck.gl uploads only those', () => {
		const store = new JobStore(
			() => 0,
			Array.from({ length: 500 }, (_, i) =>
				recordFromDto(dto(i + 1, 1, random(i), { status: 'accepted' }))
			)
		);
		const symbols = new JobSymbols((id) => store.byId.get(id));
		symbols.rebuild(store.byId.values(), all, city);
		expect(symbols.frame().ranges).toBeNull(); // a rebuild: everything
		store.subscribe((changes) => symbols.apply(changes ?? []));
		store.upsert(dto(250, 2, random(249), { status: 'dispatched' }));
		const { ranges, length } = symbols.frame();
		expect(length).toBe(500);
		expect(ranges).toHaveLength(1);
		const [range] = ranges!;
		expect(range!.endRow - range!.startRow).toBe(1);
		expect(symbols.ids[range!.startRow]).toBe(250);
		// Nothing changed since: nothing to upload.
		expect(symbols.frame().ranges).toEqual([]);
		// A job that leaves: the last row moves into its place, two rows change, one fewer.
		store.upsert(dto(3, 2, random(2), { status: 'done' }));
		const after = symbols.frame();
		expect(after.length).toBe(499);
		expect(after.ranges).toEqual([{ startRow: 2, endRow: 3 }]);
		expect(symbols.ids[2]).toBe(500);
	});

	it('asks for a repack once far more jobs than the budget are drawn singly', () => {
		const symbols = new JobSymbols(() => undefined, 10);
		symbols.rebuild([live(1, 120.3, 22.6)], all, city);
		const arrivals = Array.from({ length: 20 }, (_, i) => ({
			id: i + 2,
			before: undefined,
			after: live(i + 2, 120.3 + i * 0.001, 22.6)
		}));
		expect(symbols.apply(arrivals.slice(0, 10))).toBe(true);
		expect(symbols.apply(arrivals.slice(10))).toBe(false);
	});

	it('merges changed rows into ranges', () => {
		expect(toRanges([5, 1, 2, 3, 9])).toEqual([
			{ startRow: 1, endRow: 4 },
			{ startRow: 5, endRow: 6 },
			{ startRow: 9, endRow: 10 }
		]);
		const scattered = Array.from({ length: 100 }, (_, i) => i * 3);
		expect(toRanges(scattered)).toEqual([{ startRow: 0, endRow: 298 }]);
	});

	it('fades crews whose last position is old', () => {
		const now = Date.parse('2026-01-01T00:30:00Z');
		expect(crewOpacity('2026-01-01T00:29:00Z', now)).toBe(255);
		expect(crewOpacity('2026-01-01T00:15:00Z', now)).toBeLessThan(255);
		expect(crewOpacity('2025-12-31T00:00:00Z', now)).toBe(70);
		expect(crewOpacity(null, now)).toBe(70);
	});
});
