import { describe, expect, it } from 'vitest';
import type { CrewActionResult, CrewSyncRequest } from '../contracts/crew.ts';
import type { JobDto } from '../contracts/jobs.ts';
import { flush, type Failure, type Transport } from './engine.ts';
import type { QueuedPhoto } from './outbox.ts';
import { MemoryStorage } from './storage-memory.ts';

const AT = '2026-11-28T10:00:00.000Z';
const offline: Failure = { ok: false, status: 0, code: 'network', message: 'Failed to fetch' };

/**
 * A server that behaves like the contract says: applies each idempotency key once, answers a
 * replayed key as a duplicate, refuses actions on jobs that are not the crew's. `log` is what it
 * holds, in the order it applied it; `lose` drops the next answer after applying (a timeout).
 */
class FakeServer implements Transport {
	readonly log: string[] = [];
	readonly applied = new Map<string, CrewActionResult>();
	readonly batches: CrewSyncRequest[] = [];
	online = true;
	lose = 0;
	/** Jobs that are not this crew's any more. */
	notMine = new Set<number>();
	uploadStatus = 201;

	async sync(request: CrewSyncRequest) {
		if (!this.online) return offline;
		this.batches.push(request);
		const results: CrewActionResult[] = [];
		for (const a of request.actions ?? []) {
			const known = this.applied.get(a.idempotencyKey);
			if (known) {
				results.push({ ...known, result: 'duplicate' } as CrewActionResult);
				continue;
			}
			const job = { id: a.jobId, version: this.log.length + 2, status: a.to, crewId: 3 } as JobDto;
			const r: CrewActionResult = this.notMine.has(a.jobId)
				? {
						idempotencyKey: a.idempotencyKey,
						seq: a.seq,
						result: 'conflict',
						code: 'not_assigned',
						reason: `job ${a.jobId} is not assigned to your crew`,
						job: null
					}
				: { idempotencyKey: a.idempotencyKey, seq: a.seq, result: 'applied', job };
			if (r.result === 'applied') this.log.push(`${a.seq}:${a.jobId}:${a.to}`);
			this.applied.set(a.idempotencyKey, r);
			results.push(r);
		}
		for (const p of request.positions ?? []) this.log.push(`fix:${p.lon},${p.lat}`);
		if (this.lose > 0) {
			this.lose--;
			return offline;
		}
		return {
			ok: true as const,
			response: {
				deviceId: request.deviceId,
				results,
				positions: {
					received: request.positions?.length ?? 0,
					applied: request.positions?.length ?? 0
				},
				lastSeq: Math.max(0, ...results.map((r) => r.seq)),
				serverTime: AT
			}
		};
	}

	async upload(photo: QueuedPhoto) {
		if (!this.online) return offline;
		if (this.uploadStatus >= 300) {
			return {
				ok: false as const,
				status: this.uploadStatus,
				code: this.uploadStatus === 413 ? 'too_large' : 'unavailable',
				message: 'no'
			};
		}
		this.log.push(`photo:${photo.key}`);
		return { ok: true as const, photo: null };
	}
}

async function queue(
	storage: MemoryStorage,
	jobId: number,
	to: 'en_route' | 'on_site' | 'done',
	key: string
) {
	return storage.appendAction({
		idempotencyKey: key,
		jobId,
		to,
		...(to === 'done' ? { note: 'lamp replaced' } : {}),
		at: AT,
		queuedAt: AT
	});
}

describe('flush', () => {
	it('numbers actions per device 1, 2, 3 and keeps them while offline', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		server.online = false;
		const a = await queue(storage, 7, 'en_route', 'key-a-0001');
		const b = await queue(storage, 7, 'on_site', 'key-b-0002');
		const c = await queue(storage, 7, 'done', 'key-c-0003');
		expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
		await storage.appendFix({ lon: 120.3, lat: 22.6, at: AT });

		const result = await flush(storage, server);
		expect(result.failure?.status).toBe(0);
		expect(await storage.actions()).toHaveLength(3);
		expect(await storage.fixCount()).toBe(1);
		expect(server.log).toEqual([]);
	});

	it('replays in order once back online, and then has nothing left to send', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		server.online = false;
		await queue(storage, 7, 'en_route', 'key-a-0001');
		await storage.appendFix({ lon: 120.3, lat: 22.6, at: AT });
		await storage.appendFix({ lon: 120.31, lat: 22.6, at: AT });
		await queue(storage, 7, 'on_site', 'key-b-0002');
		await queue(storage, 7, 'done', 'key-c-0003');
		await flush(storage, server);

		server.online = true;
		const result = await flush(storage, server);
		expect(result.failure).toBeNull();
		expect(server.log).toEqual([
			'1:7:en_route',
			'2:7:on_site',
			'3:7:done',
			'fix:120.3,22.6',
			'fix:120.31,22.6'
		]);
		// The fixes gathered offline went as one batch with the actions.
		expect(server.batches).toHaveLength(1);
		expect(await storage.actions()).toEqual([]);
		expect(await storage.fixCount()).toBe(0);
		expect(result.settlements[0]?.jobs.map((j) => j.status)).toEqual(['done']);

		await flush(storage, server);
		expect(server.batches).toHaveLength(1);
	});

	it('holds each action exactly once when an answer is lost and the batch is sent again', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		await queue(storage, 7, 'en_route', 'key-a-0001');
		await queue(storage, 7, 'on_site', 'key-b-0002');
		server.lose = 1;

		const lost = await flush(storage, server);
		expect(lost.failure?.status).toBe(0);
		// Applied on the server, but the tablet never heard: still pending there.
		expect(await storage.actions()).toHaveLength(2);

		const again = await flush(storage, server);
		expect(again.failure).toBeNull();
		expect(await storage.actions()).toEqual([]);
		expect(server.log).toEqual(['1:7:en_route', '2:7:on_site']);
		expect(server.batches).toHaveLength(2);
		expect(again.conflicts).toEqual([]);
	});

	it('keeps a refused action as a conflict until the crew dismisses it, and goes on with the rest', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		server.notMine.add(8);
		await queue(storage, 8, 'en_route', 'key-x-0001');
		await queue(storage, 7, 'en_route', 'key-y-0002');

		const result = await flush(storage, server);
		expect(result.failure).toBeNull();
		expect(server.log).toEqual(['2:7:en_route']);
		expect(await storage.actions()).toEqual([]);
		const conflicts = await storage.conflicts();
		expect(conflicts).toMatchObject([{ key: 'key-x-0001', jobId: 8, code: 'not_assigned' }]);
		expect(result.settlements[0]?.lostJobIds).toEqual([8]);

		// Another flush does not make it go away: only the crew does.
		await flush(storage, server);
		expect(await storage.conflicts()).toHaveLength(1);
		await storage.dismissConflict('key-x-0001');
		expect(await storage.conflicts()).toEqual([]);
	});

	it('uploads a photo only after its action is acknowledged', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		server.online = false;
		const done = await queue(storage, 7, 'done', 'key-d-0001');
		await storage.appendPhoto({
			key: 'photo-0001',
			jobId: 7,
			afterKey: done.idempotencyKey,
			photo: new Blob(['jpeg']),
			thumbnail: new Blob(['thumb']),
			queuedAt: AT
		});
		await flush(storage, server);
		expect(await storage.photos()).toHaveLength(1);

		server.online = true;
		server.lose = 1; // the done action lands, its answer does not: the photo must wait
		await flush(storage, server);
		expect(server.log).toEqual(['1:7:done']);
		expect(await storage.photos()).toHaveLength(1);

		const result = await flush(storage, server);
		expect(result.photosUploaded).toBe(1);
		expect(server.log).toEqual(['1:7:done', 'photo:photo-0001']);
		expect(await storage.photos()).toEqual([]);
	});

	it('keeps a photo the server could not take now, and reports one it refuses for good', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		const photo = (key: string): QueuedPhoto => ({
			key,
			jobId: 7,
			afterKey: null,
			photo: new Blob(['jpeg']),
			thumbnail: null,
			queuedAt: AT
		});
		await storage.appendPhoto(photo('photo-a'));
		server.uploadStatus = 503;
		const busy = await flush(storage, server);
		expect(busy.failure?.status).toBe(503);
		expect(await storage.photos()).toHaveLength(1);

		server.uploadStatus = 413;
		const refused = await flush(storage, server);
		expect(refused.failure).toBeNull();
		expect(await storage.photos()).toEqual([]);
		expect(await storage.conflicts()).toMatchObject([
			{ key: 'photo-a', to: 'photo', code: 'too_large' }
		]);
	});

	it('takes one invalid action out as a conflict instead of blocking the outbox forever', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		await queue(storage, 7, 'en_route', 'key-a-0001');
		await queue(storage, 7, 'on_site', 'key-b-0002');
		let calls = 0;
		const picky: Transport = {
			sync: async (request) => {
				calls++;
				if (request.actions?.[0]?.idempotencyKey === 'key-a-0001') {
					return {
						ok: false,
						status: 422,
						code: 'invalid_request',
						message: 'actions.0.at: invalid datetime',
						field: 'actions.0.at'
					};
				}
				return server.sync(request);
			},
			upload: (p) => server.upload(p)
		};
		const result = await flush(storage, picky);
		expect(calls).toBe(2);
		expect(result.failure).toBeNull();
		expect(server.log).toEqual(['2:7:on_site']);
		expect(await storage.conflicts()).toMatchObject([
			{ key: 'key-a-0001', code: 'invalid_request' }
		]);
	});

	it('stops on a whole-batch refusal (signed out) and keeps everything', async () => {
		const storage = new MemoryStorage('device-1');
		await queue(storage, 7, 'en_route', 'key-a-0001');
		const signedOut: Transport = {
			sync: async () => ({ ok: false, status: 401, code: 'unauthorized', message: 'sign in' }),
			upload: async () => ({ ok: true, photo: null })
		};
		const result = await flush(storage, signedOut);
		expect(result.failure?.status).toBe(401);
		expect(await storage.actions()).toHaveLength(1);
		expect(await storage.conflicts()).toEqual([]);
	});
});

describe('flush after a forbidden batch', () => {
	it('finds the one action on a job never the crew’s, keeps it as a conflict, and sends the rest', async () => {
		const storage = new MemoryStorage('device-1');
		const server = new FakeServer();
		await queue(storage, 7, 'en_route', 'key-a-0001');
		await queue(storage, 99, 'en_route', 'key-b-0002');
		await queue(storage, 7, 'on_site', 'key-c-0003');
		await storage.appendFix({ lon: 120.3, lat: 22.6, at: AT });
		// As the server does: a batch naming a job never assigned to the crew is refused whole.
		const strict: Transport = {
			sync: async (request) =>
				request.actions?.some((a) => a.jobId === 99)
					? {
							ok: false,
							status: 403,
							code: 'forbidden',
							message: 'actions: job 99 was never assigned to your crew',
							field: 'actions'
						}
					: server.sync(request),
			upload: (p) => server.upload(p)
		};
		const result = await flush(storage, strict);
		expect(result.failure).toBeNull();
		expect(server.log).toEqual(['1:7:en_route', '3:7:on_site', 'fix:120.3,22.6']);
		expect(await storage.actions()).toEqual([]);
		expect(await storage.conflicts()).toMatchObject([
			{ key: 'key-b-0002', jobId: 99, code: 'not_assigned' }
		]);
	});
});
