import { describe, expect, it } from 'vitest';
import type { JobDto } from '$lib/contracts/jobs';
import { JobStore } from './jobs.svelte.ts';

const HOUR = 3_600_000;
function job(id: number, version: number, over: Partial<JobDto> = {}): JobDto {
	return {
		id,
		version,
		status: 'awaiting_acceptance',
		location: { lon: 120.3, lat: 22.62 },
		deadlineAt: new Date(10 * HOUR).toISOString(),
		warnAt: new Date(5 * HOUR).toISOString(),
		...over
	} as JobDto;
}

describe('JobStore', () => {
	it('applies newer versions, drops older ones, and removes jobs that close', () => {
		const store = new JobStore(() => 0, [job(1, 2)]);
		store.upsert(job(1, 1, { description: 'stale' }));
		expect(store.get(1)?.version).toBe(2);
		store.upsert(job(1, 3, { status: 'dispatched' }));
		expect(store.get(1)?.status).toBe('dispatched');
		store.upsert(job(1, 4, { status: 'done' }));
		expect(store.get(1)).toBeUndefined();
		// A late event from before the job closed does not bring it back.
		store.upsert(job(1, 3, { status: 'dispatched' }));
		expect(store.get(1)).toBeUndefined();
	});

	it('never keeps the reporter of an API answer', () => {
		const store = new JobStore(() => 0);
		store.upsert(job(7, 1, { reporter: { name: '王小明', phone: '0912' } }));
		expect(store.get(7)).not.toHaveProperty('reporter');
	});

	it('applies a burst of events as one batch: one version bump', async () => {
		const store = new JobStore(() => 0);
		const before = store.version;
		const applied: number[][] = [];
		store.onApplied = (jobs) => applied.push(jobs.map((j) => j.id));
		for (let i = 1; i <= 50; i++) store.enqueue(job(i, 1));
		expect(store.size).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(store.size).toBe(50);
		expect(store.version).toBe(before + 1);
		expect(applied).toHaveLength(1);
	});

	it('reports jobs turning overdue once, when the clock passes their deadline', () => {
		let now = 0;
		const store = new JobStore(
			() => now,
			[job(1, 1), job(2, 1, { deadlineAt: new Date(20 * HOUR).toISOString() })]
		);
		const turned: number[] = [];
		store.onOverdue = (jobs) => turned.push(...jobs.map((j) => j.id));
		now = 6 * HOUR;
		store.tick(now);
		expect(store.byId.get(1)?.state).toBe('due_soon');
		now = 10 * HOUR;
		store.tick(now);
		store.tick(now + 1000);
		expect(turned).toEqual([1]);
		expect(store.byId.get(2)?.state).toBe('due_soon');
	});
});
