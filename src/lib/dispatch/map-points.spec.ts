import { describe, expect, it } from 'vitest';
import type { JobDto } from '$lib/contracts/jobs';
import type { LiveJob } from './jobs.svelte.ts';
import { buildJobPoints, crewOpacity, deadlineRing, type MapView } from './map-points.ts';

function live(id: number, lon: number, lat: number, state: LiveJob['state'] = 'on_time'): LiveJob {
	const job = { id, status: 'accepted', location: { lon, lat } } as JobDto;
	return { job, deadlineMs: 0, warnMs: 0, state };
}
const all = () => true;
const city: MapView = { west: 120.2, south: 22.5, east: 120.5, north: 22.8, zoom: 11 };

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

	it('fades crews whose last position is old', () => {
		const now = Date.parse('2026-01-01T00:30:00Z');
		expect(crewOpacity('2026-01-01T00:29:00Z', now)).toBe(255);
		expect(crewOpacity('2026-01-01T00:15:00Z', now)).toBeLessThan(255);
		expect(crewOpacity('2025-12-31T00:00:00Z', now)).toBe(70);
		expect(crewOpacity(null, now)).toBe(70);
	});
});
