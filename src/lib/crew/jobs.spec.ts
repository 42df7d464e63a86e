import { describe, expect, it } from 'vitest';
import type { CrewJobDto } from '../contracts/crew.ts';
import type { JobDto } from '../contracts/jobs.ts';
import { applyJobUpdate, crewMoves, mergeSnapshot, viewJobs } from './jobs.ts';
import type { QueuedAction } from './outbox.ts';

function job(id: number, patch: Partial<CrewJobDto> = {}): CrewJobDto {
	return {
		id,
		version: 3,
		status: 'dispatched',
		crewId: 5,
		deadlineAt: '2026-11-28T12:00:00.000Z',
		warnAt: '2026-11-28T11:00:00.000Z',
		updatedAt: '2026-11-28T09:00:00.000Z',
		categoryCode: 'STREETLIGHT_OUT',
		categoryNameZh: '路燈故障',
		categoryNameEn: 'Street light out',
		history: [
			{
				id: 1,
				type: 'created',
				fromStatus: null,
				toStatus: 'received',
				actor: null,
				data: {},
				at: ''
			}
		],
		photos: [],
		...patch
	} as CrewJobDto;
}

function pending(seq: number, jobId: number, to: QueuedAction['to']): QueuedAction {
	return { idempotencyKey: `k-${seq}-abcdef`, seq, jobId, to, at: '', queuedAt: '' };
}

describe('viewJobs', () => {
	it('orders open jobs by deadline, most urgent first, finished ones after', () => {
		const views = viewJobs(
			[
				job(1, { deadlineAt: '2026-11-28T15:00:00Z' }),
				job(2, { status: 'done', deadlineAt: '2026-11-28T08:00:00Z' }),
				job(3, { deadlineAt: '2026-11-28T10:00:00Z' })
			],
			[]
		);
		expect(views.map((v) => v.job.id)).toEqual([3, 1, 2]);
		expect(views.map((v) => v.stopped)).toEqual([false, false, true]);
	});

	it('shows the last pending action optimistically, with the server state kept aside', () => {
		const [view] = viewJobs([job(1)], [pending(2, 1, 'on_site'), pending(1, 1, 'en_route')]);
		expect(view?.status).toBe('on_site');
		expect(view?.serverStatus).toBe('dispatched');
		expect(view?.pending.map((a) => a.seq)).toEqual([1, 2]);
	});

	it('moves a job worked to done below the open ones, before the server knows', () => {
		const views = viewJobs(
			[job(1, { deadlineAt: '2026-11-28T10:00:00Z' }), job(2)],
			[pending(1, 1, 'done')]
		);
		expect(views.map((v) => [v.job.id, v.status])).toEqual([
			[2, 'dispatched'],
			[1, 'done']
		]);
	});

	it('marks a job handed back ("cannot complete") as leaving', () => {
		const [view] = viewJobs([job(1, { status: 'on_site' })], [pending(1, 1, 'accepted')]);
		expect(view).toMatchObject({ status: 'accepted', handedBack: true, stopped: true });
	});
});

describe('applyJobUpdate', () => {
	const update = (patch: Partial<JobDto>) => ({ ...job(1), version: 4, ...patch }) as JobDto;

	it('adds a job newly assigned to the crew, and asks for its full record', () => {
		const r = applyJobUpdate([], update({ id: 9 }), 5);
		expect(r).toMatchObject({ changed: true, refetch: true, isNew: true });
		expect(r.jobs[0]?.id).toBe(9);
	});

	it('keeps the history, names and shared reporter it already had', () => {
		const before = job(1, { reporter: { name: '王先生', phone: '0912' } });
		const r = applyJobUpdate([before], update({ status: 'en_route', reporter: undefined }), 5);
		expect(r.jobs[0]).toMatchObject({
			status: 'en_route',
			version: 4,
			categoryNameZh: '路燈故障',
			reporter: { name: '王先生', phone: '0912' }
		});
		expect(r.jobs[0]?.history).toHaveLength(1);
		expect(r.refetch).toBe(true);
	});

	it('drops an event older than what the list holds', () => {
		const r = applyJobUpdate([job(1, { version: 6 })], update({ status: 'cancelled' }), 5);
		expect(r.changed).toBe(false);
		expect(r.jobs[0]?.status).toBe('dispatched');
	});

	it('removes a job reassigned to another crew, and ignores other crews\u2019 jobs', () => {
		expect(applyJobUpdate([job(1)], update({ crewId: 6 }), 5).jobs).toEqual([]);
		expect(applyJobUpdate([job(1)], update({ id: 2, crewId: 6 }), 5)).toMatchObject({
			changed: false
		});
	});
});

describe('crewMoves', () => {
	it('offers "accept and go" (en route) first on a dispatched job', () => {
		const moves = crewMoves('dispatched');
		expect(moves[0]).toEqual({ kind: 'accept', to: 'en_route', primary: true });
		expect(moves.map((m) => m.kind)).toEqual(['accept', 'on_site', 'done', 'cannot']);
	});

	it('follows the workflow: on site next when en route, done next when on site', () => {
		expect(
			crewMoves('en_route')
				.filter((m) => m.primary)
				.map((m) => m.kind)
		).toEqual(['on_site']);
		expect(crewMoves('on_site').map((m) => [m.kind, m.primary])).toEqual([
			['done', true],
			['cannot', false]
		]);
	});

	it('offers nothing once the work is done or the job closed', () => {
		expect(crewMoves('done')).toEqual([]);
		expect(crewMoves('cancelled')).toEqual([]);
		expect(crewMoves('released')).toEqual([]);
	});
});

describe('mergeSnapshot', () => {
	const now = Date.parse('2026-11-28T10:00:00Z');

	it('takes the server’s current work and drops what left it', () => {
		const r = mergeSnapshot([job(1), job(2)], [job(1), job(3)], [], now);
		expect(r.jobs.map((j) => j.id)).toEqual([1, 2]);
		expect(r.gone).toEqual([3]);
	});

	it('keeps a job the outbox still has actions for, whatever the server lists', () => {
		const r = mergeSnapshot([], [job(3, { status: 'on_site' })], [pending(1, 3, 'done')], now);
		expect(r.jobs.map((j) => j.id)).toEqual([3]);
		expect(r.gone).toEqual([]);
	});

	it('keeps finished work for the shift, and asks once for its final history', () => {
		const done = job(4, { status: 'done', updatedAt: '2026-11-28T09:30:00Z' });
		const r = mergeSnapshot([], [done], [], now);
		expect(r.jobs.map((j) => j.id)).toEqual([4]);
		expect(r.finish.map((j) => j.id)).toEqual([4]);
		const final = {
			...done,
			history: [...done.history, { ...done.history[0]!, id: 2, toStatus: 'done' as const }]
		};
		expect(mergeSnapshot([], [final], [], now).finish).toEqual([]);
	});

	it('lets finished work go after about a shift', () => {
		const old = job(5, { status: 'done', updatedAt: '2026-11-27T21:00:00Z' });
		expect(mergeSnapshot([], [old], [], now)).toMatchObject({ jobs: [], gone: [5] });
	});
});
