import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Database } from '../../src/lib/server/db/client.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import type { Socket as NetSocket } from 'node:net';
import { createIo, unsentBytes, type CityDeskIo } from '../../src/lib/server/realtime/io.ts';
import { publish } from '../../src/lib/server/realtime/outbox.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { insertCrew } from '../../src/lib/server/crews/repository.ts';
import {
	room,
	type ClientToServerEvents,
	type Envelope,
	type ServerToClientEvents
} from '../../src/lib/contracts/events.ts';
import { createRelay, type Relay } from '../../workers/relay.ts';
import { openTestDatabase } from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let database: Database;
let http: HttpServer;
let io: CityDeskIo;
let relay: Relay;
let url: string;
const tokens: Record<'admin' | 'crew', string> = { admin: '', crew: '' };
let crewId = 0;

beforeAll(async () => {
	database = await openTestDatabase();
	http = createServer();
	// Small bounds, so that one test can make a client lag without sending gigabytes.
	io = createIo(http, database.db, { highBytes: 512 * 1024, lowBytes: 64 * 1024, checkMs: 25 });
	relay = createRelay(
		{ db: database.db, env: loadEnv({}), io, log: () => undefined },
		{ intervalMs: 50 }
	);
	await relay.start();
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	const admin = await createUser(database.db, {
		username: 'rt-admin',
		password: 'long enough 1',
		role: 'admin'
	});
	crewId = await insertCrew(database.db, { name: 'rt crew', agencyCode: 'EPB' });
	const crew = await createUser(database.db, {
		username: 'rt-crew',
		password: 'long enough 1',
		role: 'crew',
		crewId
	});
	if (!admin.ok || !crew.ok) throw new Error('users not created');
	tokens.admin = (await createSession(database.db, admin.user.id, 1)).token;
	tokens.crew = (await createSession(database.db, crew.user.id, 1)).token;
});

afterAll(async () => {
	await relay.stop();
	await new Promise<void>((resolve) => void io.close(() => resolve()));
	await database.close();
});

const open = (token: string | undefined, target = url): Client =>
	connect(target, {
		auth: token ? { token } : {},
		transports: ['websocket'],
		reconnection: false,
		forceNew: true
	});

const connected = (socket: Client) =>
	new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});

/** Publishes one catalog fact to the rooms given, committed, and returns its sequence number. */
const announce = (code: string, rooms: string[]) =>
	database.db.transaction((tx) =>
		publish(tx, 'catalog:updated', rooms, { code, nameZh: code, nameEn: code, active: true })
	);

function collect(socket: Client): Envelope<'catalog:updated'>[] {
	const seen: Envelope<'catalog:updated'>[] = [];
	socket.on('catalog:updated', (e) => seen.push(e));
	return seen;
}

async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('Socket.IO backbone', () => {
	it('refuses anonymous sockets and unknown tokens at the handshake', async () => {
		await expect(connected(open(undefined))).rejects.toThrow(/unauthorized/);
		await expect(connected(open('not-a-token'))).rejects.toThrow(/unauthorized/);
	});

	it('broadcasts committed facts with increasing sequence numbers, only to their rooms', async () => {
		const admin = open(tokens.admin);
		const crew = open(tokens.crew);
		await Promise.all([connected(admin), connected(crew)]);
		const adminSeen = collect(admin);
		const crewSeen = collect(crew);
		const a = await announce('A', [room.role('admin')]);
		const b = await announce('B', [room.role('admin'), room.role('crew')]);
		// A crew account hears its own crew's room only, not its agency's (issue 4: crews see only
		// their own jobs); admins hear neither.
		await announce('C', [room.crew(crewId)]);
		await announce('D', [room.agency('EPB')]);
		relay.nudge();
		await until(() => adminSeen.length === 2 && crewSeen.length === 2, 'the facts');
		await relay.drained();
		expect(adminSeen.map((e) => [e.seq, e.data.code])).toEqual([
			[a, 'A'],
			[b, 'B']
		]);
		expect(b).toBeGreaterThan(a);
		expect(crewSeen.map((e) => e.data.code)).toEqual(['B', 'C']);
		expect(adminSeen).toHaveLength(2);
		admin.close();
		crew.close();
	});

	it('broadcasts nothing from a rolled-back transaction', async () => {
		const admin = open(tokens.admin);
		await connected(admin);
		const seen = collect(admin);
		await expect(
			database.db.transaction(async (tx) => {
				await publish(tx, 'catalog:updated', [room.role('admin')], {
					code: 'GHOST',
					nameZh: '',
					nameEn: '',
					active: true
				});
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		await announce('REAL', [room.role('admin')]);
		await until(() => seen.length === 1, 'the committed fact');
		await relay.drained();
		expect(seen.map((e) => e.data.code)).toEqual(['REAL']);
		admin.close();
	});

	it('gives a reconnecting client exactly what it missed, in order, for its rooms', async () => {
		const first = open(tokens.crew);
		await connected(first);
		const before = await announce('BEFORE', [room.role('crew')]);
		await relay.drained();
		first.close();

		const missed = [
			await announce('M1', [room.role('crew')]),
			await announce('ADMIN-ONLY', [room.role('admin')]),
			await announce('M2', [room.crew(1), room.role('crew')])
		];
		await relay.drained();

		const again = open(tokens.crew);
		await connected(again);
		const result = await again.emitWithAck('sync', { since: before });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.reset).toBe(false);
		expect(result.data.events.map((e) => [e.seq, (e.data as { code: string }).code])).toEqual([
			[missed[0], 'M1'],
			[missed[2], 'M2']
		]);
		expect(result.data.seq).toBeGreaterThanOrEqual(missed[2]!);
		again.close();
	});

	it('stops queueing live events for a client too slow to take them, then lets it catch up by sync', async () => {
		const slow = open(tokens.admin);
		await connected(slow);
		const live: number[] = [];
		slow.on('catalog:updated', (e) => live.push(e.seq));
		let skipped = 0;
		slow.on('events:skipped', () => skipped++);
		const first = await announce('FIRST', [room.role('admin')]);
		relay.nudge();
		await until(() => live.includes(first), 'the first fact');
		const onServer = io.of('/').sockets.get(slow.id!)!;

		// The client stops reading: the kernel's buffers fill first, then the server's own.
		const transport = slow.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
		transport.ws._socket.pause();
		const big = 'x'.repeat(64 * 1024);
		const published: number[] = [];
		const publishSome = async (n: number) => {
			await database.db.transaction(async (tx) => {
				for (let i = 0; i < n; i++) {
					const code = `BIG-${published.length + i}`;
					published.push(
						await publish(tx, 'catalog:updated', [room.role('admin')], {
							code,
							nameZh: big,
							nameEn: code,
							active: true
						})
					);
				}
			});
			await relay.drained();
		};
		while (!onServer.rooms.has(room.lagging)) {
			if (published.length >= 600) throw new Error('the client never counted as lagging');
			await publishSome(20);
			await new Promise((r) => setTimeout(r, 60));
		}
		// Lagging: however much more is committed, its backlog on the server does not grow.
		const backlog = unsentBytes(onServer);
		await publishSome(100);
		expect(unsentBytes(onServer)).toBeLessThanOrEqual(backlog);
		const last = await announce('LAST', [room.role('admin')]);
		await relay.drained();

		// Reading again: it drains what was queued, is told it missed events, and syncs.
		transport.ws._socket.resume();
		await until(() => skipped > 0, 'events:skipped');
		expect(onServer.rooms.has(room.lagging)).toBe(false);
		expect(live).not.toContain(last);
		const since = Math.max(...live);
		const result = await slow.emitWithAck('sync', { since });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.reset).toBe(false);
		const caughtUp = new Set([...live, ...result.data.events.map((e) => e.seq)]);
		// Nothing committed is lost: every fact arrived live or comes with the sync.
		expect([...published, last].filter((seq) => !caughtUp.has(seq))).toEqual([]);
		slow.close();
	});

	it('answers a malformed sync with an error naming the field', async () => {
		const admin = open(tokens.admin);
		await connected(admin);
		const result = await admin.emitWithAck('sync', { since: -5 });
		expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'since' } });
		admin.close();
	});

	it('refuses district subscriptions from a crew account', async () => {
		const crew = open(tokens.crew);
		await connected(crew);
		const result = await crew.emitWithAck('subscribe', { districts: ['64000080'] });
		expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		crew.close();
	});
});

const redisUrl = process.env.TEST_REDIS_URL;
describe.skipIf(!redisUrl)(
	'several app nodes through the Redis adapter (needs TEST_REDIS_URL)',
	() => {
		it('delivers a fact relayed on one node to a client of another node', async () => {
			const http2 = createServer();
			const io2 = createIo(http2, database.db);
			const pub = createClient({ url: redisUrl });
			const sub = pub.duplicate();
			const pub2 = pub.duplicate();
			const sub2 = pub.duplicate();
			await Promise.all([pub, sub, pub2, sub2].map((c) => c.connect()));
			io.adapter(createAdapter(pub, sub));
			io2.adapter(createAdapter(pub2, sub2));
			await new Promise<void>((resolve) => http2.listen(0, '127.0.0.1', resolve));
			try {
				const client = open(
					tokens.admin,
					`http://127.0.0.1:${(http2.address() as AddressInfo).port}`
				);
				await connected(client);
				const seen = collect(client);
				// The relay runs on node 1 only; node 2 has no relay at all.
				const seq = await announce('CROSS-NODE', [room.role('admin')]);
				relay.nudge();
				await until(() => seen.some((e) => e.seq === seq), 'the cross-node fact');
				expect(seen.find((e) => e.seq === seq)?.data.code).toBe('CROSS-NODE');
				client.close();
			} finally {
				await new Promise<void>((resolve) => void io2.close(() => resolve()));
				await Promise.all([pub, sub, pub2, sub2].map((c) => c.quit()));
			}
		});
	}
);
