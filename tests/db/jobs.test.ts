import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { distance } from '@turf/distance';
import { openDatabase, rows, type Database, type Tx } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/contracts/auth.ts';
import type { CreateJob } from '../../src/lib/contracts/jobs.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { insertCrew } from '../../src/lib/server/crews/repository.ts';
import {
	assignCrew,
	fileJob,
	mergeJob,
	resolvePlace,
	setDeadline,
	transitionJob
} from '../../src/lib/server/jobs/service.ts';
import { loadJob, loadJobEvents } from '../../src/lib/server/jobs/repository.ts';
import { candidatesFor } from '../../src/lib/server/dispatch/candidates.ts';
import { once } from '../../src/lib/server/http/idempotency.ts';
import { ApiError } from '../../src/lib/server/http/api.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { createDeadlineWorker } from '../../workers/deadlines.ts';
import { openTestDatabase } from './harness.ts';

let database: Database & { url?: string };
let dispatcher: SessionUser;
let supervisor: SessionUser;
const settings = { geocoderTimeoutMs: 1000, priorityStepsAt: [3, 10] };
const cityHall = { lon: 120.312, lat: 22.6204 }; // 苓雅區, former city
const fengshan = { lon: 120.3575, lat: 22.6263 }; // 鳳山區, former county

beforeAll(async () => {
	database = await openTestDatabase();
	const d = await createUser(database.db, {
		username: 'jobs-d',
		password: 'long enough 1',
		role: 'dispatcher'
	});
	const s = await createUser(database.db, {
		username: 'jobs-s',
		password: 'long enough 1',
		role: 'supervisor'
	});
	if (!d.ok || !s.ok) throw new Error('users');
	dispatcher = d.user;
	supervisor = s.user;
});
afterAll(() => database.close());

const tx = <T>(fn: (tx: Tx) => Promise<T>) => database.db.transaction((t) => fn(t as Tx));
const fileAs = async (input: CreateJob) => {
	const place = await resolvePlace(database.db, input, settings);
	return tx((t) => fileJob(t, dispatcher, input, place));
};
const file = (input: Partial<CreateJob>) =>
	fileAs({
		categoryCode: 'STREETLIGHT_OUT',
		description: 'lamp dark',
		location: cityHall,
		...input
	});
const refusal = async (p: Promise<unknown>) => {
	try {
		await p;
	} catch (err) {
		if (err instanceof ApiError) return err;
		throw err;
	}
	throw new Error('expected a refusal');
};

describe('filing a case', () => {
	it('routes a street light to the former-city (一) or former-county (二) sub-queue by place', async () => {
		const city = await file({ location: cityHall });
		expect(city).toMatchObject({
			status: 'awaiting_acceptance',
			version: 1,
			district: { nameZh: '苓雅區' },
			formerArea: 'city',
			queueName: '路燈故障(一)',
			geocode: { source: 'pin', confidence: 'exact' }
		});
		const county = await file({ location: fengshan });
		expect(county).toMatchObject({
			formerArea: 'county',
			queueName: '養工-路燈故障(二)',
			district: { nameZh: '鳳山區' }
		});
		expect((await loadJobEvents(database.db, city.id)).map((e) => [e.type, e.toStatus])).toEqual([
			['created', 'received'],
			['routed', 'awaiting_acceptance']
		]);
	});

	it('sets the deadline from the category and forces emergencies to urgent', async () => {
		const before = Date.now();
		const outage = await fileAs({
			categoryCode: 'POWER_OUTAGE',
			description: 'no power',
			location: cityHall,
			priority: 1
		});
		const [cat] = await rows<{ h: number }>(
			database.db,
			sql`select deadline_hours as h from categories where code = 'POWER_OUTAGE'`
		);
		const hours = (new Date(outage.deadlineAt).getTime() - before) / 3_600_000;
		expect(hours).toBeGreaterThan(cat!.h - 0.01);
		expect(hours).toBeLessThan(cat!.h + 0.01);
		expect(outage.priority).toBe(4);
	});

	it('refuses a point outside Kaohsiung and an unknown category, writing nothing', async () => {
		const count = async () =>
			(await rows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs`))[0]!.n;
		const before = await count();
		expect((await refusal(file({ location: { lon: 121.5654, lat: 25.033 } }))).status).toBe(422);
		const unknown = await refusal(file({ categoryCode: 'NOPE' }));
		expect([unknown.status, unknown.field]).toEqual([422, 'categoryCode']);
		expect(await count()).toBe(before);
	});
});

describe('filing by address', () => {
	it('geocodes a landmark, and learns a confirmed pin for the next call about the same place', async () => {
		const byName = await fileAs({
			categoryCode: 'LITTER_CLEANUP',
			description: 'trash',
			address: '高雄市政府'
		});
		expect(byName.geocode).toEqual({ source: 'gazetteer', confidence: 'landmark' });
		expect(byName.district.nameZh).toBe('苓雅區');
		const pin = { lon: 120.3051, lat: 22.6268 };
		await fileAs({
			categoryCode: 'LITTER_CLEANUP',
			description: 'trash',
			address: '苓雅區四維三路2號',
			location: pin,
			confirmPin: true
		});
		const again = await fileAs({
			categoryCode: 'LITTER_CLEANUP',
			description: 'again',
			address: '高雄市苓雅區四維三路２號５樓'
		});
		expect(again.geocode).toEqual({ source: 'cache', confidence: 'exact' });
		expect(again.location.lon).toBeCloseTo(pin.lon, 5);
	});

	it('refuses an address that cannot be placed, naming the field', async () => {
		const err = await refusal(
			fileAs({ categoryCode: 'LITTER_CLEANUP', description: 'x', address: 'zzqx nowhere' })
		);
		expect([err.status, err.field]).toEqual([422, 'address']);
	});
});

describe('nearest crews', () => {
	it('equals a brute-force great-circle ranking over random crews', async () => {
		const job = await file({ location: cityHall });
		let seed = 42;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const crews: { id: number; lon: number; lat: number; status: string; skills: string[] }[] = [];
		for (let i = 0; i < 200; i++) {
			const c = {
				lon: 120.2 + random() * 0.4,
				lat: 22.5 + random() * 0.4,
				status: random() < 0.7 ? 'available' : 'busy',
				skills: random() < 0.8 ? ['electrical'] : ['road']
			};
			const id = await insertCrew(database.db, {
				name: `knn ${i}`,
				agencyCode: job.agencyCode,
				skills: c.skills,
				status: c.status as 'available',
				location: c
			});
			crews.push({ id, ...c });
		}
		const got = await candidatesFor(database.db, job);
		const [cat] = await rows<{ skill: string | null }>(
			database.db,
			sql`select required_skill as skill from categories where code = 'STREETLIGHT_OUT'`
		);
		const [{ ids: existing } = { ids: [] as number[] }] = await rows<{ ids: number[] }>(
			database.db,
			sql`select coalesce(array_agg(id), '{}') as ids from crews where status = 'available' and location is not null and agency_code = ${job.agencyCode}`
		);
		const brute = crews
			.filter(
				(c) =>
					c.status === 'available' &&
					(!cat!.skill || c.skills.includes(cat!.skill)) &&
					existing.includes(c.id)
			)
			.map((c) => ({
				id: c.id,
				m: distance([cityHall.lon, cityHall.lat], [c.lon, c.lat], { units: 'meters' })
			}))
			.sort((a, b) => a.m - b.m)
			.slice(0, 5);
		expect(got.map((c) => c.crewId)).toEqual(brute.map((b) => b.id));
		// geodesic (PostGIS) vs spherical (turf): within 0.5 %
		got.forEach((c, i) =>
			expect(Math.abs(c.distanceM - brute[i]!.m) / brute[i]!.m).toBeLessThan(0.005)
		);
		expect(got[0]!.etaMinutes).toBeGreaterThanOrEqual(1);
		await database.db.execute(sql`update crews set status = 'off_duty' where name like 'knn %'`);
	});
});

describe('assignment', () => {
	it('lets exactly one of 20 concurrent assignments of one crew win', async () => {
		const crewId = await insertCrew(database.db, {
			name: 'contested',
			agencyCode: 'MOPW',
			skills: ['electrical'],
			status: 'available',
			location: cityHall
		});
		const jobs = await Promise.all(Array.from({ length: 20 }, () => file({ location: cityHall })));
		const results = await Promise.allSettled(
			jobs.map((j) =>
				tx((t) => assignCrew(t, dispatcher, j.id, { crewId, expectedVersion: j.version }))
			)
		);
		const won = results.filter((r) => r.status === 'fulfilled');
		expect(won).toHaveLength(1);
		for (const r of results) {
			if (r.status === 'rejected') expect((r.reason as ApiError).status).toBe(409);
		}
		const winner = (
			won[0] as PromiseFulfilledResult<{ id: number; status: string; crewId: number }>
		).value;
		expect(winner).toMatchObject({ status: 'dispatched', crewId });
		const [crew] = await rows<{ status: string }>(
			database.db,
			sql`select status from crews where id = ${crewId}`
		);
		expect(crew!.status).toBe('dispatched');
	});

	it('answers 409 to a stale version', async () => {
		const job = await file({});
		const crewId = await insertCrew(database.db, {
			name: 'v',
			agencyCode: job.agencyCode,
			status: 'available',
			location: cityHall
		});
		const err = await refusal(
			tx((t) => assignCrew(t, dispatcher, job.id, { crewId, expectedVersion: job.version + 1 }))
		);
		expect([err.status, err.code]).toEqual([409, 'version_conflict']);
	});
});

describe('transitions', () => {
	it('applies an idempotency key once and answers the same result again', async () => {
		const job = await file({});
		const run = () =>
			tx((t) =>
				once(t, supervisor.id, `t:${job.id}:abc`, (sp) =>
					transitionJob(sp, supervisor, job.id, { to: 'accepted' })
				)
			);
		const first = await run();
		const second = await run();
		expect(first.status).toBe(200);
		expect(second).toEqual({ ...first, replayed: true });
		expect(first.replayed).toBe(false);
		const accepted = (await loadJobEvents(database.db, job.id)).filter(
			(e) => e.toStatus === 'accepted'
		);
		expect(accepted).toHaveLength(1);
	});

	it('refuses an illegal move with 409 naming both states, and stores the refusal', async () => {
		const job = await file({});
		const r = await tx((t) =>
			once(t, supervisor.id, `t:${job.id}:bad`, (sp) =>
				transitionJob(sp, supervisor, job.id, { to: 'released' })
			)
		);
		expect(r.status).toBe(409);
		expect(JSON.stringify(r.body)).toMatch(/awaiting_acceptance.*released/);
		expect((await loadJob(database.db, job.id))!.status).toBe('awaiting_acceptance');
	});

	it('keeps a crew account to its own jobs', async () => {
		const job = await file({});
		const crewId = await insertCrew(database.db, { name: 'other', agencyCode: job.agencyCode });
		const made = await createUser(database.db, {
			username: 'jobs-crew',
			password: 'long enough 1',
			role: 'crew',
			crewId
		});
		if (!made.ok) throw new Error('user');
		const err = await refusal(tx((t) => transitionJob(t, made.user, job.id, { to: 'en_route' })));
		expect(err.status).toBe(403);
	});
});

describe('deadline control', () => {
	const env = loadEnv({});
	const worker = (db: Database['db']) =>
		createDeadlineWorker({ db, env, log: () => undefined, relay: { nudge: () => undefined } });

	it('fires a breach once: escalation, a persisted notification, and nothing the second time', async () => {
		const job = await file({});
		await tx((t) =>
			setDeadline(t, supervisor, job.id, {
				deadlineAt: new Date(Date.now() - 1000),
				reason: 'test breach'
			})
		);
		const w = worker(database.db);
		expect(await w.fireDue()).toBeGreaterThanOrEqual(1);
		expect(await w.fireDue()).toBe(0);
		const after = (await loadJob(database.db, job.id))!;
		expect(after.escalationLevel).toBe(1);
		const types = (await loadJobEvents(database.db, job.id)).map((e) => e.type);
		expect(types.filter((t) => t === 'deadline_breached')).toHaveLength(1);
		expect(types).toContain('deadline_changed');
		const [n] = await rows<{ n: number }>(
			database.db,
			sql`select count(*)::int as n from notifications where job_id = ${job.id}`
		);
		expect(n!.n).toBe(1);
	});

	it('fires what came due while no worker ran (a restart)', async () => {
		const job = await file({});
		const stopped = worker(database.db);
		await stopped.start();
		await stopped.stop();
		await tx((t) =>
			setDeadline(t, supervisor, job.id, {
				deadlineAt: new Date(Date.now() - 60_000),
				reason: 'came due while down'
			})
		);
		await worker(database.db).fireDue();
		expect((await loadJob(database.db, job.id))!.escalationLevel).toBe(1);
	});

	it('fires each timer exactly once with two app processes', async (ctx) => {
		if (!database.url) ctx.skip(); // PGlite allows one process; this needs PostgreSQL (CI sets TEST_DATABASE_URL)
		const second = await openDatabase({ url: database.url, dataDir: '' });
		try {
			const jobs = await Promise.all(Array.from({ length: 30 }, () => file({})));
			for (const j of jobs) {
				await tx((t) =>
					setDeadline(t, supervisor, j.id, {
						deadlineAt: new Date(Date.now() - 1000),
						reason: 'race'
					})
				);
			}
			const a = worker(database.db);
			const b = worker(second.db);
			await Promise.all([a.fireDue(), b.fireDue(), a.fireDue(), b.fireDue()]);
			const [r] = await rows<{ n: number; max: number }>(
				database.db,
				sql`select count(*)::int as n, max(escalation_level)::int as max from jobs where id = any(${sql.param(jobs.map((j) => j.id))}::bigint[])`
			);
			expect(r).toEqual({ n: 30, max: 1 });
			const [e] = await rows<{ n: number }>(
				database.db,
				sql`select count(*)::int as n from job_events where type = 'deadline_breached' and job_id = any(${sql.param(jobs.map((j) => j.id))}::bigint[])`
			);
			expect(e!.n).toBe(30);
		} finally {
			await second.close();
		}
	});
});

describe('duplicates', () => {
	it('merges a report into the open job: one more reporter, priority up at the threshold', async () => {
		const parent = await file({});
		const second = await file({});
		const third = await file({});
		await tx((t) => mergeJob(t, dispatcher, second.id, parent.id, settings));
		const { parent: after } = await tx((t) =>
			mergeJob(t, dispatcher, third.id, parent.id, settings)
		);
		expect(after.reporterCount).toBe(3);
		expect(after.priority).toBe(Math.min(4, parent.priority + 1));
		expect(await loadJob(database.db, third.id)).toMatchObject({
			status: 'merged',
			parentJobId: parent.id
		});
		expect(
			(await loadJobEvents(database.db, parent.id)).filter((e) => e.type === 'duplicate_merged')
		).toHaveLength(2);
	});
});
