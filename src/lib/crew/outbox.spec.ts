import { describe, expect, it } from 'vitest';
import type { CrewActionResult, CrewSyncResponse } from '../contracts/crew.ts';
import type { JobDto } from '../contracts/jobs.ts';
import {
	MAX_ACTIONS,
	planBatch,
	rejectItem,
	retryDelay,
	settle,
	uploadablePhotos,
	type QueuedAction,
	type QueuedFix,
	type QueuedPhoto
} from './outbox.ts';

const AT = '2026-11-28T10:00:00.000Z';

function action(seq: number, jobId = 7, to: QueuedAction['to'] = 'en_route'): QueuedAction {
	return {
		idempotencyKey: `key-000${seq}`,
		seq,
		jobId,
		to,
		...(to === 'done' || to === 'accepted' ? { note: 'fixed the lamp' } : {}),
		at: AT,
		queuedAt: AT
	};
}

function fix(id: number): QueuedFix {
	return { id, lon: 120.3 + id / 1000, lat: 22.6, at: AT };
}

function job(id: number, version: number, patch: Partial<JobDto> = {}): JobDto {
	return { id, version, status: 'en_route', crewId: 3, ...patch } as JobDto;
}

function response(results: CrewActionResult[], received = 0): CrewSyncResponse {
	return {
		deviceId: 'device-1',
		results,
		positions: { received, applied: received },
		lastSeq: Math.max(0, ...results.map((r) => r.seq)),
		serverTime: AT
	};
}

describe('planBatch', () => {
	it('sends actions in device sequence order whatever order storage gave them in', () => {
		const batch = planBatch('device-1', [action(3), action(1), action(2)], []);
		expect(batch?.request.actions.map((a) => a.seq)).toEqual([1, 2, 3]);
		expect(batch?.keys).toEqual(['key-0001', 'key-0002', 'key-0003']);
		expect(batch?.request.deviceId).toBe('device-1');
	});

	it('sends the fixes gathered offline as one batch, oldest first, without local fields', () => {
		const batch = planBatch('device-1', [], [fix(2), fix(1), fix(3)]);
		expect(batch?.fixIds).toEqual([1, 2, 3]);
		expect(batch?.request.positions).toHaveLength(3);
		expect(batch?.request.positions[0]).toEqual({ lon: 120.301, lat: 22.6, at: AT });
		expect(batch?.request.actions).toEqual([]);
	});

	it('leaves the queuing time on the device', () => {
		const batch = planBatch('device-1', [action(1, 7, 'done')], []);
		expect(batch?.request.actions[0]).toEqual({
			idempotencyKey: 'key-0001',
			seq: 1,
			jobId: 7,
			to: 'done',
			note: 'fixed the lamp',
			at: AT
		});
	});

	it('keeps within the schema limit, taking the lowest sequence numbers first', () => {
		const many = Array.from({ length: MAX_ACTIONS + 20 }, (_, i) => action(MAX_ACTIONS + 20 - i));
		const batch = planBatch('device-1', many, []);
		expect(batch?.request.actions).toHaveLength(MAX_ACTIONS);
		expect(batch?.request.actions[0]?.seq).toBe(1);
		expect(batch?.request.actions.at(-1)?.seq).toBe(MAX_ACTIONS);
	});

	it('has nothing to send when nothing waits', () => {
		expect(planBatch('device-1', [], [])).toBeNull();
	});
});

describe('settle', () => {
	it('acknowledges applied and duplicate actions, and the fixes the server received', () => {
		const batch = planBatch('device-1', [action(1), action(2, 7, 'on_site')], [fix(1)])!;
		const s = settle(
			batch,
			response(
				[
					{ idempotencyKey: 'key-0001', seq: 1, result: 'applied', job: job(7, 5) },
					{
						idempotencyKey: 'key-0002',
						seq: 2,
						result: 'duplicate',
						job: job(7, 6, { status: 'on_site' })
					}
				],
				1
			),
			AT
		);
		expect(s.acknowledged).toEqual(['key-0001', 'key-0002']);
		expect(s.remaining).toEqual([]);
		expect(s.conflicts).toEqual([]);
		expect(s.fixIds).toEqual([1]);
		// The newest version of the job wins.
		expect(s.jobs).toEqual([job(7, 6, { status: 'on_site' })]);
	});

	it('turns a conflict into something the crew must acknowledge, never a silent drop', () => {
		const batch = planBatch('device-1', [action(1)], [])!;
		const s = settle(
			batch,
			response([
				{
					idempotencyKey: 'key-0001',
					seq: 1,
					result: 'conflict',
					code: 'not_assigned',
					reason: 'job 7 is not assigned to your crew',
					job: job(7, 9, { status: 'dispatched', crewId: 4 })
				}
			]),
			AT
		);
		expect(s.acknowledged).toEqual([]);
		expect(s.conflicts).toEqual([
			{
				key: 'key-0001',
				jobId: 7,
				to: 'en_route',
				code: 'not_assigned',
				reason: 'job 7 is not assigned to your crew',
				jobStatus: 'dispatched',
				at: AT
			}
		]);
		expect(s.lostJobIds).toEqual([7]);
	});

	it('keeps pending, in order, the actions the answer does not mention', () => {
		const batch = planBatch('device-1', [action(1), action(2), action(3)], [])!;
		const s = settle(
			batch,
			response([{ idempotencyKey: 'key-0001', seq: 1, result: 'applied', job: job(7, 2) }]),
			AT
		);
		expect(s.acknowledged).toEqual(['key-0001']);
		expect(s.remaining).toEqual(['key-0002', 'key-0003']);
	});

	it('ignores results for keys it did not send', () => {
		const batch = planBatch('device-1', [action(1)], [])!;
		const s = settle(
			batch,
			response([{ idempotencyKey: 'someone-else', seq: 9, result: 'applied', job: job(8, 1) }]),
			AT
		);
		expect(s.acknowledged).toEqual([]);
		expect(s.remaining).toEqual(['key-0001']);
		expect(s.jobs).toEqual([]);
	});

	it('notices a job that left the crew (handed back: no crew any more)', () => {
		const batch = planBatch('device-1', [action(1, 7, 'accepted')], [])!;
		const s = settle(
			batch,
			response([
				{
					idempotencyKey: 'key-0001',
					seq: 1,
					result: 'applied',
					job: job(7, 3, { status: 'accepted', crewId: null })
				}
			]),
			AT
		);
		expect(s.acknowledged).toEqual(['key-0001']);
		expect(s.lostJobIds).toEqual([7]);
	});
});

describe('rejectItem', () => {
	const batch = planBatch('device-1', [action(1), action(2)], [fix(10), fix(11)])!;

	it('takes out the one action a 422 names, as a conflict', () => {
		const r = rejectItem(batch, 'actions.1.note', 'invalid_request', 'note: too long', AT);
		expect(r?.key).toBe('key-0002');
		expect(r?.conflict).toMatchObject({ key: 'key-0002', code: 'invalid_request', jobId: 7 });
	});

	it('takes out the one fix a 422 names', () => {
		const r = rejectItem(batch, 'positions.1.lat', 'invalid_request', 'lat: too big', AT);
		expect(r).toEqual({ conflict: null, key: null, fixId: 11 });
	});

	it('leaves everything when the field names no item', () => {
		expect(rejectItem(batch, 'deviceId', 'invalid_request', 'deviceId: short', AT)).toBeNull();
		expect(rejectItem(batch, undefined, 'invalid_request', 'bad', AT)).toBeNull();
		expect(rejectItem(batch, 'actions.9', 'invalid_request', 'bad', AT)).toBeNull();
	});
});

describe('uploadablePhotos', () => {
	const photo = (key: string, afterKey: string | null, queuedAt = AT): QueuedPhoto => ({
		key,
		jobId: 7,
		afterKey,
		photo: new Blob(['x']),
		thumbnail: null,
		queuedAt
	});

	it('holds a photo back until its action is no longer pending', () => {
		const photos = [photo('p1', 'key-0003'), photo('p2', 'key-0001'), photo('p3', null)];
		expect(uploadablePhotos(photos, new Set(['key-0003'])).map((p) => p.key)).toEqual(['p2', 'p3']);
		expect(uploadablePhotos(photos, new Set()).map((p) => p.key)).toEqual(['p1', 'p2', 'p3']);
	});

	it('uploads in the order the photos were taken', () => {
		const photos = [
			photo('late', null, '2026-11-28T10:05:00Z'),
			photo('early', null, '2026-11-28T10:01:00Z')
		];
		expect(uploadablePhotos(photos, new Set()).map((p) => p.key)).toEqual(['early', 'late']);
	});
});

describe('retryDelay', () => {
	it('waits nothing before the first attempt, then doubles up to the cap', () => {
		expect(retryDelay(0)).toBe(0);
		expect(retryDelay(1)).toBe(2000);
		expect(retryDelay(2)).toBe(4000);
		expect(retryDelay(3)).toBe(8000);
		expect(retryDelay(10)).toBe(60_000);
		expect(retryDelay(1000)).toBe(60_000);
	});

	it('spreads by at most a quarter either way', () => {
		expect(retryDelay(2, 0)).toBe(3000);
		expect(retryDelay(2, 1)).toBe(5000);
		expect(retryDelay(10, 1)).toBe(75_000);
	});
});
