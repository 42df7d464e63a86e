import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/contracts/auth.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { login } from '../../src/lib/server/auth/service.ts';
import { LoginThrottle } from '../../src/lib/server/auth/throttle.ts';
import { hashPassword } from '../../src/lib/server/auth/passwords.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { commit } from '../../src/lib/server/realtime/outbox.ts';
import { transitionJob } from '../../src/lib/server/jobs/service.ts';
import { createSimulator, type Simulator, type StepReport } from '../../workers/simulator.ts';
import { openTestDatabase } from './harness.ts';
import { seededRandom as seeded } from '../../src/lib/domain/random.ts';

let database: Database;
const logs: string[] = [];
let nudges = 0;
const totals: StepReport = { filed: 0, assigned: 0, moved: 0, advanced: 0 };
let clock = 0;
const maxOpenJobs = 25;

const simulator = (seed: number): Simulator =>
	createSimulator(
		{
			db: database.db,
			env: loadEnv({}),
			log: (line) => logs.push(line),
			relay: { nudge: () => void nudges++ }
		},
		// ×300: one step of a second is five simulated minutes, a whole job takes a dozen steps.
		{ speed: 300, maxOpenJobs, random: seeded(seed), resyncMs: 5_000 }
	);

/** Steps a simulator on a fake clock, one second a step, adding up what it did. */
async function run(sim: Simulator, steps: number): Promise<void> {
	for (let i = 0; i < steps; i++) {
		clock += 1000;
		add(await sim.step(new Date(clock)));
	}
}

function add(r: StepReport): void {
	totals.filed += r.filed;
	totals.assigned += r.assigned;
	totals.moved += r.moved;
	totals.advanced += r.advanced;
}

const count = async (query: ReturnType<typeof sql>) =>
	(await rows<{ n: number }>(database.db, query))[0]?.n ?? 0;

interface CrewAt {
	id: number;
	lon: number;
	lat: number;
}
const crewPositions = () =>
	rows<CrewAt>(
		database.db,
		sql`select id, ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat
		    from crews order by id`
	);

let before: CrewAt[];
let simulatorId: number;
let supervisor: SessionUser;

beforeAll(async () => {
	database = await openTestDatabase();
	const created = await createUser(database.db, {
		username: 'sim-watcher',
		password: 'long enough 1',
		role: 'supervisor'
	});
	if (!created.ok) throw new Error('could not create the supervisor');
	supervisor = created.user;
	const sim = simulator(1999);
	// The first step prepares: the simulator user and the demo crews. Position fixes are stamped
	// with the step's clock and may not be older than a crew's last fix, so the fake clock
	// starts once the crews exist, and stays within the few minutes of future a fix may claim.
	add(await sim.step(new Date()));
	clock = Date.now();
	before = await crewPositions();
	await run(sim, 120);
	const [user] = await rows<{ id: number }>(
		database.db,
		sql`select id from users where username = 'simulator'`
	);
	simulatorId = user!.id;
}, 120_000);
afterAll(() => database.close());

describe('the demo simulator on a database without accounts', () => {
	it('writes no user of its own, which would keep bootstrap from creating the first admin', async () => {
		const empty = await openTestDatabase();
		try {
			const sim = createSimulator(
				{ db: empty.db, env: loadEnv({}), log: () => undefined, relay: { nudge() {} } },
				{ random: seeded(1) }
			);
			await expect(sim.step(new Date())).rejects.toThrow(/no accounts yet/);
			const [users] = await rows<{ n: number }>(
				empty.db,
				sql`select count(*)::int as n from users`
			);
			expect(users!.n).toBe(0);
		} finally {
			await empty.close();
		}
	});
});

describe('the demo simulator', () => {
	it('creates demo crews for the busy agencies, with their skills, in both former areas', async () => {
		const crews = await rows<{ agency: string; n: number; county: number }>(
			database.db,
			sql`select c.agency_code as agency, count(*)::int as n,
			           count(*) filter (where d.former_area = 'county')::int as county
			    from crews c left join districts d on ST_Covers(d.geom, c.location::geometry)
			    group by c.agency_code`
		);
		const skills = await rows<{ skill: string }>(
			database.db,
			sql`select distinct unnest(skills) as skill from crews where agency_code = 'MOPW'`
		);
		expect(skills.map((s) => s.skill)).toEqual(
			expect.arrayContaining(['electrical', 'road', 'tree', 'cleaning'])
		);
		for (const agency of ['MOPW', 'EPB', 'TB', 'WRB', 'TPC', 'APO']) {
			expect(crews.find((c) => c.agency === agency)?.n ?? 0).toBeGreaterThanOrEqual(3);
		}
		expect(crews.reduce((sum, c) => sum + c.county, 0)).toBeGreaterThan(5);
		const [named] = await rows<{ name: string }>(
			database.db,
			sql`select name from crews where agency_code = 'MOPW' order by id limit 1`
		);
		expect(named!.name).toMatch(/^養工處 第1班 \(MOPW-1\)$/);
	});

	it('files jobs, and crews take some of them all the way to done', async () => {
		expect(totals.filed).toBeGreaterThan(5);
		const filed = await count(
			sql`select count(*)::int as n from job_events
			    where type = 'created' and actor_user_id = ${simulatorId}`
		);
		expect(filed).toBe(totals.filed);
		expect(totals.assigned).toBeGreaterThan(0);
		const [done] = await rows<{ id: number; crewId: number }>(
			database.db,
			sql`select id, crew_id as "crewId" from jobs
			    where status = 'done' and crew_id is not null order by id limit 1`
		);
		expect(done).toBeDefined();
		const history = await rows<{ type: string; to: string | null; actor: number }>(
			database.db,
			sql`select type, to_status as to, actor_user_id as actor from job_events
			    where job_id = ${done!.id} order by id`
		);
		expect(history.map((e) => e.to)).toEqual([
			'received',
			'awaiting_acceptance',
			'accepted',
			'dispatched',
			'en_route',
			'on_site',
			'done'
		]);
		expect(history.every((e) => e.actor === simulatorId)).toBe(true);
		// a crew that finished is free for the next job
		const [crew] = await rows<{ status: string }>(
			database.db,
			sql`select status from crews where id = ${done!.crewId}`
		);
		expect(['available', 'dispatched']).toContain(crew!.status);
	});

	it('moves crews in steps along their way, announcing every fix', async () => {
		expect(totals.moved).toBeGreaterThan(0);
		const after = await crewPositions();
		const moved = after.filter((c) => {
			const b = before.find((x) => x.id === c.id);
			return b && (b.lon !== c.lon || b.lat !== c.lat);
		});
		expect(moved.length).toBeGreaterThan(0);
		const fixes = await count(
			sql`select count(*)::int as n from outbox where event = 'crew:updated'`
		);
		expect(fixes).toBeGreaterThan(totals.moved);
		expect(nudges).toBeGreaterThan(0);
	});

	it('keeps every job inside Kaohsiung, and every crew in its bounds', async () => {
		const outside = await count(
			sql`select count(*)::int as n from jobs j
			    where not exists (select 1 from districts d
			                      where ST_Covers(d.geom, j.location::geometry))`
		);
		expect(outside).toBe(0);
		const [box] = await rows<{ x0: number; y0: number; x1: number; y1: number }>(
			database.db,
			sql`select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1
			    from (select ST_Extent(geom) as e from districts) s`
		);
		for (const c of await crewPositions()) {
			expect(c.lon).toBeGreaterThanOrEqual(box!.x0);
			expect(c.lon).toBeLessThanOrEqual(box!.x1);
			expect(c.lat).toBeGreaterThanOrEqual(box!.y0);
			expect(c.lat).toBeLessThanOrEqual(box!.y1);
		}
	});

	it(`stops filing at ${maxOpenJobs} open simulated jobs`, async () => {
		const open = await count(
			sql`select count(*)::int as n from jobs j
			    where j.status in ('received', 'awaiting_acceptance', 'accepted',
			                       'dispatched', 'en_route', 'on_site')
			      and exists (select 1 from job_events e where e.job_id = j.id
			                  and e.type = 'created' and e.actor_user_id = ${simulatorId})`
		);
		expect(open).toBeLessThanOrEqual(maxOpenJobs);
	});

	it('acts as a disabled supervisor nobody can sign in as', async () => {
		const [user] = await rows<{ role: string; disabled: boolean; crewId: number | null }>(
			database.db,
			sql`select role, disabled, crew_id as "crewId" from users where username = 'simulator'`
		);
		expect(user).toEqual({ role: 'supervisor', disabled: true, crewId: null });
		const throttle = new LoginThrottle({ maxFailures: 100, windowSec: 60 });
		const attempt = (password: string) =>
			login(database.db, throttle, {
				username: 'simulator',
				password,
				address: '10.9.9.9',
				ttlHours: 1
			});
		expect(await attempt('anything at all')).toEqual({ ok: false, reason: 'invalid_credentials' });
		// Even with a password someone knew, `disabled` keeps the door shut.
		await database.db.execute(
			sql`update users set password_hash = ${await hashPassword('known to someone')}
			    where username = 'simulator'`
		);
		expect(await attempt('known to someone')).toEqual({ ok: false, reason: 'invalid_credentials' });
	});

	it('carries on after a restart, and steps aside when a person takes a job over', async () => {
		const crewsBefore = await count(sql`select count(*)::int as n from crews`);
		const doneBefore = await count(sql`select count(*)::int as n from jobs where status = 'done'`);
		const restarted = simulator(7);
		const inField = () =>
			rows<{ id: number }>(
				database.db,
				sql`select id from jobs where status in ('en_route', 'on_site') order by id limit 1`
			);
		// Step (never sleep) until a crew is out on a job, then a supervisor cancels that job.
		let [job] = await inField();
		for (let i = 0; !job && i < 40; i++) {
			await run(restarted, 1);
			[job] = await inField();
		}
		expect(job).toBeDefined();
		await commit({ db: database.db, relay: { nudge() {} } }, (tx) =>
			transitionJob(tx, supervisor, job!.id, { to: 'cancelled', note: 'duplicate call' })
		);
		await run(restarted, 40);
		// No crews twice, the work in progress adopted and finished.
		expect(await count(sql`select count(*)::int as n from crews`)).toBe(crewsBefore);
		expect(
			await count(sql`select count(*)::int as n from jobs where status = 'done'`)
		).toBeGreaterThan(doneBefore);
		// Every crew's status matches its work: none left dispatched without a job, none lost.
		const mismatched = await count(
			sql`select count(*)::int as n from crews c
			    where (c.status = 'dispatched') <> exists (
			      select 1 from jobs j
			      where j.crew_id = c.id and j.status in ('dispatched', 'en_route', 'on_site'))`
		);
		expect(mismatched).toBe(0);
		// Being overtaken by a person is normal and quiet; nothing else went wrong.
		expect(logs).toEqual([]);
	});
});
