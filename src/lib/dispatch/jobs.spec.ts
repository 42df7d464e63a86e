import { describe, expect, it } from 'vitest';
import type { JobDto, JobSummaryRow } from '$lib/contracts/jobs';
import { JobStore, recordFromDto, recordFromRow, type JobChange } from './jobs.svelte.ts';

const HOUR = 3_600_000;
function job(id: number, version: number, over: Partial<JobDto> = {}): JobDto {
	return {
		id,
		version,
		status: 'awaiting_acceptance',
		location: { lon: 120.3, lat: 22.62 },
		district: { code: '64000010', nameZh: '鹽埕區', nameEn: 'Yancheng District' },
		deadlineAt: new Date(10 * HOUR).toISOString(),
		warnAt: new Date(5 * HOUR).toISOString(),
		...over
	} as JobDto;
}
const records = (...jobs: JobDto[]) => jobs.map(recordFromDto);

describe('JobStore', () => {
	it('applies newer versions, drops older ones, and removes jobs that close', () => {
		const store = new JobStore(() => 0, records(job(1, 2)));
		store.upsert(job(1, 1, { priority: 4 }));
		expect(store.get(1)?.version).toBe(2);
		store.upsert(job(1, 3, { status: 'dispatched' }));
		expect(store.get(1)?.status).toBe('dispatched');
		store.upsert(job(1, 4, { status: 'done' }));
		expect(store.get(1)).toBeUndefined();
		// A late event from before the job closed does not bring it back.
		store.upsert(job(1, 3, { status: 'dispatched' }));
		expect(store.get(1)).toBeUndefined();
	});

	it('never keeps the reporter or the description of an API answer', () => {
		const store = new JobStore(() => 0);
		store.upsert(job(7, 1, { reporter: { name: '王小明', phone: '0912' }, description: 'x' }));
		expect(store.get(7)).not.toHaveProperty('reporter');
		expect(store.get(7)).not.toHaveProperty('description');
	});

	it('reads a compact row with the district named from the shared list', () => {
		const districts = new Map([
			['64000010', { code: '64000010', nameZh: '鹽埕區', nameEn: 'Yancheng District' }]
		]);
		const row: JobSummaryRow = [
			9,
			3,
			'accepted',
			'STREETLIGHT_OUT',
			'MOPW',
			2,
			120.28,
			22.62,
			'64000010',
			null,
			10 * HOUR,
			5 * HOUR,
			1
		];
		const store = new JobStore(() => 6 * HOUR, [recordFromRow(row, districts)]);
		expect(store.get(9)).toMatchObject({
			status: 'accepted',
			location: { lon: 120.28, lat: 22.62 },
			escalationLevel: 1
		});
		expect(store.get(9)?.district).toBe(districts.get('64000010'));
		expect(store.byId.get(9)?.state).toBe('due_soon');
	});

	it('applies a burst of events as one batch: one version bump, one change list', async () => {
		const store = new JobStore(() => 0);
		const before = store.version;
		const applied: number[][] = [];
		const told: (readonly JobChange[] | null)[] = [];
		store.onApplied = (jobs) => applied.push(jobs.map((j) => j.id));
		store.subscribe((changes) => told.push(changes));
		for (let i = 1; i <= 50; i++) store.enqueue(job(i, 1));
		expect(store.size).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(store.size).toBe(50);
		expect(store.version).toBe(before + 1);
		expect(applied).toHaveLength(1);
		expect(told).toHaveLength(1);
		expect(told[0]).toHaveLength(50);
		expect(told[0]![0]).toMatchObject({ id: 1, before: undefined });
	});

	it('tells listeners the version a change replaced, and never changes a job in place', () => {
		const store = new JobStore(() => 0, records(job(1, 1)));
		const first = store.byId.get(1)!;
		const told: JobChange[] = [];
		store.subscribe((changes) => told.push(...(changes ?? [])));
		store.upsert(job(1, 2, { status: 'dispatched' }));
		store.upsert(job(1, 3, { status: 'cancelled' }));
		expect(first.job.status).toBe('awaiting_acceptance');
		expect(told.map((c) => [c.before?.job.version, c.after?.job.version])).toEqual([
			[1, 2],
			[2, undefined]
		]);
	});

	it('reports jobs turning overdue once, when the clock passes their deadline', () => {
		let now = 0;
		const store = new JobStore(
			() => now,
			records(job(1, 1), job(2, 1, { deadlineAt: new Date(20 * HOUR).toISOString() }))
		);
		const turned: number[] = [];
		const moved: string[] = [];
		store.onOverdue = (jobs) => turned.push(...jobs.map((j) => j.id));
		store.subscribe((changes) => {
			for (const c of changes ?? []) moved.push(`${c.id}:${c.before?.state}>${c.after?.state}`);
		});
		now = 6 * HOUR;
		store.tick(now);
		expect(store.byId.get(1)?.state).toBe('due_soon');
		now = 10 * HOUR;
		store.tick(now);
		store.tick(now + 1000);
		expect(turned).toEqual([1]);
		expect(store.byId.get(2)?.state).toBe('due_soon');
		expect(moved).toEqual(['1:on_time>due_soon', '2:on_time>due_soon', '1:due_soon>overdue']);
	});

	it('follows a changed deadline: the old instant no longer fires, the new one does', () => {
		let now = 0;
		const store = new JobStore(() => now, records(job(1, 1)));
		const turned: number[] = [];
		store.onOverdue = (jobs) => turned.push(...jobs.map((j) => j.id));
		// Extended before the warning: warn at 15 h, deadline at 30 h.
		store.upsert(
			job(1, 2, {
				warnAt: new Date(15 * HOUR).toISOString(),
				deadlineAt: new Date(30 * HOUR).toISOString()
			})
		);
		now = 12 * HOUR;
		store.tick(now);
		expect(store.byId.get(1)?.state).toBe('on_time');
		now = 31 * HOUR;
		store.tick(now);
		expect(store.byId.get(1)?.state).toBe('overdue');
		expect(turned).toEqual([1]);
	});

	it('moves only the jobs whose deadline state changed when time passes', () => {
		let now = 0;
		const many = Array.from({ length: 1000 }, (_, i) =>
			job(i + 1, 1, {
				warnAt: new Date((i + 1) * HOUR).toISOString(),
				deadlineAt: new Date((i + 2) * HOUR).toISOString()
			})
		);
		const store = new JobStore(() => now, records(...many));
		const sizes: number[] = [];
		store.subscribe((changes) => sizes.push(changes?.length ?? -1));
		now = 3 * HOUR;
		store.tick(now);
		// Jobs 1–2 passed their deadline, job 3 its warning; the other 997 are not looked at.
		expect(sizes).toEqual([3]);
		expect([1, 2, 3, 4].map((id) => store.byId.get(id)?.state)).toEqual([
			'overdue',
			'overdue',
			'due_soon',
			'on_time'
		]);
		store.tick(now);
		expect(sizes).toEqual([3]);
	});
});

describe('JobStore snapshots', () => {
	it('keeps what events changed while a fresh snapshot loaded, when newer', () => {
		const store = new JobStore(() => 0, records(job(1, 1), job(2, 1), job(3, 1)));
		store.beginSnapshot();
		// While the snapshot is fetched: job 1 moves on, job 2 closes, job 4 is filed.
		store.upsert(job(1, 3, { status: 'dispatched' }));
		store.upsert(job(2, 2, { status: 'done' }));
		store.upsert(job(4, 1));
		// The snapshot was read before those commits (job 1 at version 2, job 2 still open).
		store.replaceAll(records(job(1, 2, { status: 'accepted' }), job(2, 1), job(3, 2)));
		expect(store.get(1)).toMatchObject({ version: 3, status: 'dispatched' });
		expect(store.get(2)).toBeUndefined();
		expect(store.get(3)?.version).toBe(2);
		expect(store.get(4)?.version).toBe(1);
	});

	it('without beginSnapshot, takes the snapshot as it is', () => {
		const store = new JobStore(() => 0, records(job(1, 5)));
		store.replaceAll(records(job(2, 1)));
		expect(store.get(1)).toBeUndefined();
		expect(store.get(2)?.version).toBe(1);
	});
});
