import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { io as connect, type Socket } from 'socket.io-client';
import { rows, type Database } from '../../src/lib/server/db/client.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import type { QueueStats } from '../../src/lib/contracts/queue.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contracts/events.ts';
import { seededRandom } from '../../src/lib/domain/random.ts';
import { QueueEngine } from '../../src/lib/server/queue/engine.ts';
import { appendTelephonyEvents, purgeInbox } from '../../src/lib/server/queue/inbox.ts';
import { createIo, type CityDeskIo } from '../../src/lib/server/realtime/io.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createQueueWorker, type QueueWorker } from '../../workers/queue.ts';
import { CallCentreModel } from '../../workers/telephony/call-model.ts';
import { openTestDatabase } from './harness.ts';

let database: Database;
const env = loadEnv({});
const quiet = () => undefined;
/** The workers' clock: real time, frozen while a test compares replicas. */
let clock = Date.now();
const workers: QueueWorker[] = [];
/** The inbox of the race test, which the restart test continues. */
let raceEvents: TelephonyEvent[] = [];

beforeAll(async () => {
	database = await openTestDatabase();
});

afterAll(async () => {
	for (const w of workers) await w.stop();
	await database?.close();
});

/** A queue worker on the test database; its loop polls slowly, tests drive it with catchUp(). */
async function worker(io?: CityDeskIo): Promise<QueueWorker> {
	const w = createQueueWorker(
		{ db: database.db, env, io, log: quiet },
		{ intervalMs: 60_000, now: () => clock }
	);
	await w.start();
	workers.push(w);
	return w;
}

async function stopWorker(w: QueueWorker): Promise<void> {
	await w.stop();
	workers.splice(workers.indexOf(w), 1);
}

/**
 * Two simulated hours of a busy call centre, ending now, with calls spread evenly over the day
 * (about 250 in two hours whatever the hour the test runs at).
 */
function busyHours(seed: number, runId: string): TelephonyEvent[] {
	const start = Date.now() - 2 * 3_600_000;
	const model = new CallCentreModel({
		start: new Date(start),
		random: seededRandom(seed),
		runId,
		config: {
			callsPerDay: 3000,
			hourSharePct: Array.from({ length: 24 }, () => 100 / 24),
			staffing: 2
		}
	});
	return [...model.start(), ...model.advance(new Date(start + 2 * 3_600_000))];
}

const count = async (table: 'call_records' | 'agent_state_changes' | 'telephony_events') => {
	const [r] = await rows<{ n: number }>(
		database.db,
		sql`select count(*)::int as n from ${sql.identifier(table)}`
	);
	return r!.n;
};

describe('telephony inbox', () => {
	it('stores a resent event once per source, and events without an id every time', async () => {
		const at = new Date().toISOString();
		const e = (eventId?: string): TelephonyEvent => ({
			type: 'call.joined',
			...(eventId ? { eventId } : {}),
			at,
			callId: `dedupe-${eventId ?? Math.random()}`,
			queue: '1999'
		});
		const before = await count('telephony_events');
		expect(await appendTelephonyEvents(database.db, 'webhook', [e('d1'), e('d2')])).toEqual({
			accepted: 2,
			duplicates: 0
		});
		expect(await appendTelephonyEvents(database.db, 'webhook', [e('d2'), e('d3')])).toEqual({
			accepted: 1,
			duplicates: 1
		});
		// The same id inside one batch, and the same id from another source.
		expect(await appendTelephonyEvents(database.db, 'webhook', [e('d4'), e('d4')])).toEqual({
			accepted: 1,
			duplicates: 1
		});
		expect(await appendTelephonyEvents(database.db, 'ami', [e('d1')])).toEqual({
			accepted: 1,
			duplicates: 0
		});
		expect(await appendTelephonyEvents(database.db, 'webhook', [e(), e()])).toEqual({
			accepted: 2,
			duplicates: 0
		});
		expect(await count('telephony_events')).toBe(before + 7);
	});

	it('stores nothing of a batch with a malformed event', async () => {
		const before = await count('telephony_events');
		const good: TelephonyEvent = {
			type: 'call.joined',
			eventId: 'm1',
			at: new Date().toISOString(),
			callId: 'm1',
			queue: '1999'
		};
		const bad = { ...good, eventId: 'm2', at: 'not a time' } as TelephonyEvent;
		await expect(appendTelephonyEvents(database.db, 'webhook', [good, bad])).rejects.toThrow(
			ZodError
		);
		expect(await count('telephony_events')).toBe(before);
	});

	it('purges rows older than the retention that the leader has persisted, and no others', async () => {
		const [{ seq } = { seq: 0 }] = await rows<{ seq: number }>(
			database.db,
			sql`select max(seq)::int as seq from telephony_events`
		);
		await database.db.execute(
			sql`insert into telephony_cursor (id, last_seq) values (1, 0) on conflict (id) do nothing`
		);
		const [cursor] = await rows<{ last_seq: number }>(
			database.db,
			sql`select last_seq::int from telephony_cursor where id = 1`
		);
		// Everything stored so far is three days old; the cursor sits at the newest row but one.
		await database.db.execute(
			sql`update telephony_events set received_at = now() - interval '3 days'`
		);
		await database.db.execute(sql`update telephony_cursor set last_seq = ${seq - 1} where id = 1`);
		const before = await count('telephony_events');
		expect(await purgeInbox(database.db, 48)).toBe(before - 1);
		expect(await count('telephony_events')).toBe(1);
		await database.db.execute(
			sql`update telephony_cursor set last_seq = ${cursor!.last_seq} where id = 1`
		);
		await database.db.execute(sql`delete from telephony_events`);
	});
});

describe('queue engine replicas', () => {
	it('persists every call record and agent change exactly once with two leaders racing', async () => {
		const a = await worker();
		const b = await worker();
		const events = (raceEvents = busyHours(11, 'race'));
		// Appended in chunks, both replicas catching up concurrently between chunks: on PostgreSQL
		// both try to claim the cursor at the same time and SKIP LOCKED lets one through.
		for (let i = 0; i < events.length; i += 150) {
			await appendTelephonyEvents(database.db, 'simulator', events.slice(i, i + 150));
			await Promise.all([a.catchUp(), b.catchUp(), a.catchUp(), b.catchUp()]);
		}
		await Promise.all([a.catchUp(), b.catchUp()]);

		// What exactly once means: the changes a single engine makes from the whole inbox.
		const reference = new QueueEngine();
		const changes = events.flatMap((e) => reference.apply(e, 'simulator'));
		const agentChanges = changes.filter((c) => c.kind === 'agent');
		const calls = new Set(events.flatMap((e) => (e.type === 'call.joined' ? [e.callId] : [])));
		expect(calls.size).toBeGreaterThan(100);
		expect(await count('call_records')).toBe(calls.size);
		expect(await count('agent_state_changes')).toBe(agentChanges.length);

		// The records hold the engine's figures.
		const [summary] = await rows<{ answered: number; abandoned: number; wait: number }>(
			database.db,
			sql`select count(*) filter (where answered_at is not null)::int as answered,
			           count(*) filter (where outcome = 'abandoned')::int as abandoned,
			           coalesce(sum(wait_sec), 0)::float as wait
			    from call_records`
		);
		const mine = [...reference.calls()];
		expect(summary).toEqual({
			answered: mine.filter((c) => c.answeredAt !== null).length,
			abandoned: mine.filter((c) => c.outcome === 'abandoned').length,
			wait: expect.closeTo(
				mine.reduce((s, c) => s + (c.waitSec ?? 0), 0),
				3
			)
		});
		// Both replicas see the same picture, and the cursor reached the end of the inbox.
		clock = Date.now();
		expect(b.stats()).toEqual(a.stats());
		expect(a.stats().offered).toBeGreaterThan(0);
		const [cursor] = await rows<{ last_seq: number }>(
			database.db,
			sql`select last_seq::int from telephony_cursor where id = 1`
		);
		expect(cursor!.last_seq).toBe(a.appliedSeq());
		expect(b.appliedSeq()).toBe(a.appliedSeq());
		await stopWorker(a);
		await stopWorker(b);
	});

	it('rebuilds the same figures after a restart, and persists what arrived while down', async () => {
		// A replica that has run all along, on another node.
		const longRunning = await worker();
		await longRunning.catchUp();
		clock = Date.now();
		const before = longRunning.stats();
		// Run just after midnight, part of the two hours was yesterday: some calls are today's anyway.
		expect(before.offered).toBeGreaterThan(0);

		// This node restarts: its new replica replays today's inbox and shows the same figures.
		const restarted = await worker();
		expect(restarted.stats()).toEqual(before);
		await stopWorker(restarted);

		// While this node is down, a source goes on appending and nobody persists.
		const later = busyHours(12, 'later');
		await appendTelephonyEvents(database.db, 'simulator', later);
		const recordsBefore = await count('call_records');
		const changesBefore = await count('agent_state_changes');

		// Back up: it replays, takes the lead and writes the new calls, once; nothing twice.
		const again = await worker();
		await longRunning.catchUp();
		clock = Date.now();
		expect(again.stats()).toEqual(longRunning.stats());
		const newCalls = new Set(later.flatMap((e) => (e.type === 'call.joined' ? [e.callId] : [])));
		expect(await count('call_records')).toBe(recordsBefore + newCalls.size);
		const reference = new QueueEngine();
		for (const e of raceEvents) reference.apply(e, 'simulator');
		const laterAgentChanges = later
			.flatMap((e) => reference.apply(e, 'simulator'))
			.filter((c) => c.kind === 'agent').length;
		expect(await count('agent_state_changes')).toBe(changesBefore + laterAgentChanges);
		await stopWorker(again);
		await stopWorker(longRunning);
	});
});

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

describe('wallboard sockets', () => {
	let http: HttpServer;
	let io: CityDeskIo;
	let url: string;
	const tokens: Record<'supervisor' | 'dispatcher', string> = { supervisor: '', dispatcher: '' };

	beforeAll(async () => {
		http = createServer();
		io = createIo(http, database.db);
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
		for (const role of ['supervisor', 'dispatcher'] as const) {
			const made = await createUser(database.db, {
				username: `q-${role}`,
				password: 'long enough 1',
				role
			});
			if (!made.ok) throw new Error('user not created');
			tokens[role] = (await createSession(database.db, made.user.id, 1)).token;
		}
	});

	afterAll(async () => {
		await new Promise<void>((resolve) => void io.close(() => resolve()));
	});

	const open = (token: string): Client =>
		connect(url, {
			auth: { token },
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});

	/** Resolves with the first `queue:stats` that satisfies `test`. */
	const next = (socket: Client, test: (s: QueueStats) => boolean) =>
		new Promise<QueueStats>((resolve, reject) => {
			const timeout = setTimeout(() => reject(new Error('no matching queue:stats')), 10_000);
			const listener = (s: QueueStats) => {
				if (!test(s)) return;
				clearTimeout(timeout);
				socket.off('queue:stats', listener);
				resolve(s);
			};
			socket.on('queue:stats', listener);
		});

	it('sends supervisors a snapshot on connect and the change soon after, dispatchers nothing', async () => {
		const w = createQueueWorker(
			{ db: database.db, env, io, log: quiet },
			{ intervalMs: 50, heartbeatMs: 1000, minGapMs: 50 }
		);
		await w.start();
		workers.push(w);
		const supervisor = open(tokens.supervisor);
		const dispatcher = open(tokens.dispatcher);
		const dispatcherSaw: QueueStats[] = [];
		dispatcher.on('queue:stats', (s) => dispatcherSaw.push(s));
		const snapshot = await next(supervisor, () => true);
		const waitingBefore = snapshot.waiting;

		await appendTelephonyEvents(database.db, 'webhook', [
			{
				type: 'call.joined',
				eventId: 'socket-1',
				at: new Date().toISOString(),
				callId: 'socket-1',
				queue: '1999'
			}
		]);
		w.nudge();
		const after = await next(supervisor, (s) => s.waiting === waitingBefore + 1);
		expect(after.offered).toBe(snapshot.offered + 1);
		// The heartbeat keeps coming without changes.
		const beat = await next(supervisor, (s) => s.at > after.at);
		expect(beat.waiting).toBe(after.waiting);
		expect(dispatcherSaw).toEqual([]);
		supervisor.close();
		dispatcher.close();
		await stopWorker(w);
	});
});
