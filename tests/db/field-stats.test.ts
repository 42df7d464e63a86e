import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import { rows, type Database, type Queryable, type Tx } from '../../src/lib/server/db/client.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { createIo, type CityDeskIo } from '../../src/lib/server/realtime/io.ts';
import { publish } from '../../src/lib/server/realtime/outbox.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { fieldStats, fieldStatsQuery } from '../../src/lib/server/field/stats.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contracts/events.ts';
import type { FieldStats } from '../../src/lib/contracts/field.ts';
import { createFieldStatsWorker } from '../../workers/field-stats.ts';
import { openTestDatabase, withRollback } from './harness.ts';

let database: Database;
let district: string;
/** A category the catalog flags emergency, and its agency; and an ordinary one. */
let emergency: { code: string; agency: string };
let ordinary: { code: string; agency: string };

const NOW = new Date('2026-12-01T02:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

beforeAll(async () => {
	database = await openTestDatabase();
	const [d] = await rows<{ code: string }>(database.db, sql`select code from districts limit 1`);
	district = d!.code;
	const pick = async (flag: boolean) => {
		const [c] = await rows<{ code: string; agency: string }>(
			database.db,
			sql`select c.code, q.agency_code as agency from categories c
			    join category_queues q on q.category_code = c.code
			    where c.emergency = ${flag} order by c.code limit 1`
		);
		return c!;
	};
	emergency = await pick(true);
	ordinary = await pick(false);
});
afterAll(() => database.close());

/** Inserts a job straight into the table: these tests count rows, not the filing rules. */
async function insertJob(
	q: Queryable,
	job: { category: { code: string; agency: string }; status?: string; deadlineMin: number }
): Promise<number> {
	const [r] = await rows<{ id: number | string }>(
		q,
		sql`insert into jobs (category_code, agency_code, status, priority, description, location,
		                      district_code, former_area, deadline_at, warn_at)
		    values (${job.category.code}, ${job.category.agency}, ${job.status ?? 'received'}, 2,
		            'test', ST_GeogFromText('SRID=4326;POINT(120.31 22.62)'), ${district}, 'city',
		            ${at(job.deadlineMin)}::timestamptz, ${at(job.deadlineMin - 30)}::timestamptz)
		    returning id`
	);
	return Number(r!.id);
}

describe('fieldStats', () => {
	it('counts open, overdue, due within the hour and emergencies per agency', async () => {
		await withRollback(database.db, async (tx) => {
			await tx.execute(sql`delete from jobs`);
			await insertJob(tx, { category: ordinary, deadlineMin: -5 }); // overdue
			await insertJob(tx, { category: ordinary, deadlineMin: 0 }); // overdue (inclusive)
			await insertJob(tx, { category: ordinary, deadlineMin: 60 }); // due within 1 h (inclusive)
			await insertJob(tx, { category: ordinary, deadlineMin: 61, status: 'on_site' }); // later
			await insertJob(tx, { category: ordinary, deadlineMin: -90, status: 'done' }); // closed
			await insertJob(tx, { category: ordinary, deadlineMin: -90, status: 'merged' }); // closed
			const e1 = await insertJob(tx, { category: emergency, deadlineMin: 30 });
			const e2 = await insertJob(tx, { category: emergency, deadlineMin: -1, status: 'en_route' });
			await insertJob(tx, { category: emergency, deadlineMin: 10, status: 'cancelled' });

			const s = await fieldStats(tx, NOW);
			expect(s.at).toBe(NOW.toISOString());
			expect(s).toMatchObject({ open: 6, overdue: 3, dueWithinHour: 2, emergencies: 2 });
			expect(s.newestEmergencyId).toBe(Math.max(e1, e2));
			// The latest deadline among overdue jobs is the one that passed exactly now.
			expect(s.latestOverdueAt).toBe(NOW.toISOString());
			const byCode = new Map(s.agencies.map((a) => [a.code, a]));
			if (ordinary.agency === emergency.agency) {
				expect(byCode.get(ordinary.agency)).toMatchObject({ open: 6, emergencies: 2 });
			} else {
				expect(byCode.get(ordinary.agency)).toMatchObject({
					open: 4,
					overdue: 2,
					dueWithinHour: 1,
					emergencies: 0
				});
				expect(byCode.get(emergency.agency)).toMatchObject({
					open: 2,
					overdue: 1,
					dueWithinHour: 1,
					emergencies: 2
				});
				// Most open first.
				expect(s.agencies[0]!.code).toBe(ordinary.agency);
			}
			expect(s.agencies.every((a) => a.nameZh.length > 0 && a.nameEn.length > 0)).toBe(true);
		});
	});

	it('answers zeros and nulls when nothing is open', async () => {
		await withRollback(database.db, async (tx) => {
			await tx.execute(sql`delete from jobs`);
			await insertJob(tx, { category: emergency, deadlineMin: -5, status: 'done' });
			expect(await fieldStats(tx, NOW)).toEqual({
				at: NOW.toISOString(),
				open: 0,
				overdue: 0,
				dueWithinHour: 0,
				emergencies: 0,
				agencies: [],
				latestOverdueAt: null,
				newestEmergencyId: null
			});
		});
	});

	it('reads the open jobs through the status index, not a scan of all jobs', async () => {
		await withRollback(database.db, async (tx) => {
			// Enough closed history for the planner to prefer the index, as in a busy year.
			await tx.execute(sql`
				insert into jobs (category_code, agency_code, status, priority, description, location,
				                  district_code, former_area, deadline_at, warn_at)
				select ${ordinary.code}, ${ordinary.agency}, 'done', 2, 'old',
				       ST_GeogFromText('SRID=4326;POINT(120.31 22.62)'), ${district}, 'city',
				       now() - interval '1 day', now() - interval '2 days'
				from generate_series(1, 20000)`);
			await insertJob(tx, { category: ordinary, deadlineMin: 5 });
			await tx.execute(sql`analyze jobs`);
			const plan = await rows<{ 'QUERY PLAN': string }>(
				tx,
				sql`explain ${fieldStatsQuery(NOW.toISOString())}`
			);
			const text = plan.map((p) => p['QUERY PLAN']).join('\n');
			expect(text).toMatch(/jobs_status_deadline_idx|jobs_agency_status_idx/);
			expect(text).not.toMatch(/Seq Scan on jobs/);
			expect((await fieldStats(tx, NOW)).open).toBeGreaterThanOrEqual(1);
		});
	});
});

describe('field:stats to the wallboard room', () => {
	type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
	let http: HttpServer;
	let io: CityDeskIo;
	let url: string;
	const tokens: Record<string, string> = {};

	beforeAll(async () => {
		http = createServer();
		io = createIo(http, database.db);
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
		for (const role of ['supervisor', 'dispatcher'] as const) {
			const u = await createUser(database.db, {
				username: `fs-${role}`,
				password: 'long enough 1',
				role
			});
			if (!u.ok) throw new Error('user');
			tokens[role] = (await createSession(database.db, u.user.id, 1)).token;
		}
	});
	afterAll(async () => {
		await new Promise<void>((resolve) => void io.close(() => resolve()));
	});

	const open = async (token: string): Promise<{ socket: Client; got: FieldStats[] }> => {
		const socket: Client = connect(url, {
			auth: { token },
			transports: ['websocket'],
			reconnection: false,
			forceNew: true
		});
		const got: FieldStats[] = [];
		socket.on('field:stats', (s) => got.push(s));
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		return { socket, got };
	};

	/**
	 * An acknowledged command after a tick: the worker emits synchronously inside the tick, and
	 * one socket delivers in order, so anything it sent has arrived when the answer does.
	 */
	const roundTrip = (socket: Client) =>
		new Promise<void>((resolve) => socket.emit('sync', { since: 0 }, () => resolve()));

	it('reaches a supervisor, not a dispatcher; again when jobs change, and not otherwise', async () => {
		const worker = createFieldStatsWorker(
			{ db: database.db, env: loadEnv({}), io, log: () => undefined },
			// A long refresh so only job changes make it send within the test.
			{ intervalMs: 60_000, refreshMs: 3_600_000 }
		);
		const sup = await open(tokens.supervisor!);
		const dis = await open(tokens.dispatcher!);
		// The socket joins its rooms right after the handshake; wait until the room has it.
		await expect.poll(() => io.sockets.adapter.rooms.get('wallboard')?.size ?? 0).toBe(1);
		try {
			await worker.tick();
			await expect.poll(() => sup.got.length).toBe(1);
			const before = sup.got[0]!.open;

			await worker.tick(); // nothing changed, refresh not due: nothing sent
			await roundTrip(sup.socket);
			expect(sup.got).toHaveLength(1);
			let id = 0;
			await database.db.transaction(async (tx) => {
				id = await insertJob(tx as Tx, { category: emergency, deadlineMin: 600 });
				await publish(tx as Tx, 'job:created', ['role:supervisor'], { id } as never);
			});
			await worker.tick();
			await expect.poll(() => sup.got.length).toBe(2);
			expect(sup.got[1]!.open).toBe(before + 1);
			expect(sup.got[1]!.newestEmergencyId).toBe(id);

			// Another fact (not about jobs) does not make it recompute.
			await database.db.transaction((tx) =>
				publish(tx as Tx, 'user:created', ['role:admin'], {
					id: 1,
					username: 'x',
					role: 'admin'
				}).then(() => undefined)
			);
			await worker.tick();
			await roundTrip(sup.socket);
			await roundTrip(dis.socket);
			expect(sup.got).toHaveLength(2);
			expect(dis.got).toHaveLength(0);
		} finally {
			sup.socket.close();
			dis.socket.close();
			await worker.stop();
		}
	});
});
