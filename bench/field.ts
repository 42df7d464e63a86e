// Field figures benchmark (the wallboard's `GET /api/field/stats` and `field:stats`): the one
// grouped query over the open jobs at 100,000 jobs, on embedded PGlite and on PostgreSQL, for a
// busy year (100,000 jobs, 2,000 of them open) and a backlog (100,000 open). JSON lines on
// stdout; notes on stderr.
import os from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../src/lib/server/db/client.ts';
import { prepareDatabase } from '../src/lib/server/setup.ts';
import { fieldStats, fieldStatsQuery } from '../src/lib/server/field/stats.ts';
import { adminQuery, emit, emitPercentiles, round, withDatabase } from './dispatch/common.ts';

const JOBS = 100_000;
const RUNS = 30;

function note(text: string): void {
	process.stderr.write(`[bench:field] ${text}\n`);
}

/**
 * Replaces the jobs with `JOBS` rows, `open` of them in an open status, with valid categories,
 * agencies and districts and deadlines spread over two days either side of now.
 */
async function seedJobs(database: Database, open: number): Promise<void> {
	const db = database.db;
	await db.execute(sql`delete from job_timers`);
	await db.execute(sql`delete from job_events`);
	await db.execute(sql`delete from jobs`);
	await db.execute(sql`
		with queues as (
		  select row_number() over (order by category_code, former_area) as n, category_code, agency_code
		  from category_queues
		), q as (select count(*) as total from queues),
		d as (select array_agg(code order by code) as codes from districts)
		insert into jobs (category_code, agency_code, status, priority, description, location,
		                  district_code, former_area, deadline_at, warn_at)
		select queues.category_code, queues.agency_code,
		       case when g <= ${open}
		            then (array['received','awaiting_acceptance','accepted','dispatched','en_route','on_site'])[1 + g % 6]
		            else 'done' end,
		       2, 'bench', ST_SetSRID(ST_MakePoint(120.26 + (g % 997) / 6230.0, 22.55 + (g % 991) / 4955.0), 4326)::geography,
		       d.codes[1 + g % 38], 'city',
		       now() + make_interval(mins => (g * 7919 % 5760) - 2880),
		       now() + make_interval(mins => (g * 7919 % 5760) - 2940)
		from generate_series(1, ${JOBS}) g
		cross join q cross join d
		join queues on queues.n = 1 + g % q.total`);
	await db.execute(sql`analyze jobs`);
}

async function measure(database: Database, backend: string): Promise<void> {
	for (const [scenario, open] of [
		['year', 2_000],
		['backlog', JOBS]
	] as const) {
		const seeded = performance.now();
		await seedJobs(database, open);
		note(
			`${backend}/${scenario}: ${JOBS} jobs (${open} open) in ${((performance.now() - seeded) / 1000).toFixed(1)} s`
		);
		const plan = await rows<{ 'QUERY PLAN': string }>(
			database.db,
			sql`explain ${fieldStatsQuery(new Date().toISOString())}`
		);
		const text = plan.map((p) => p['QUERY PLAN']).join(' | ');
		note(`${backend}/${scenario} plan: ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
		// Warm the caches, and check the figures add up.
		const first = await fieldStats(database.db);
		if (first.open !== open)
			throw new Error(`${backend}/${scenario}: ${first.open} open, not ${open}`);
		const samples: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			const t = performance.now();
			await fieldStats(database.db);
			samples.push(performance.now() - t);
		}
		emitPercentiles(`field.stats.${backend}.${scenario}`, samples);
		emit({
			metric: `field.stats.${backend}.${scenario}.usesIndex`,
			value: /jobs_status_deadline_idx|jobs_agency_status_idx/.test(text) ? 1 : 0,
			unit: 'bool',
			agencies: first.agencies.length
		});
	}
}

/** Runs on PGlite always, and on PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. */
export async function run(signal: AbortSignal): Promise<void> {
	emit({
		metric: 'field.machine',
		value: os.availableParallelism(),
		unit: 'cores',
		node: process.version
	});
	emit({
		metric: 'field.loadavg',
		value: round(os.loadavg()[0] ?? 0, 2),
		unit: 'runnable (1 min)'
	});

	const dir = await mkdtemp(path.join(tmpdir(), 'citydesk-bench-field-'));
	let database: Database | undefined;
	try {
		database = await openDatabase({ dataDir: dir });
		note('PGlite: migrating and seeding (about half a minute)');
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		signal.throwIfAborted();
		await measure(database, 'pglite');
	} finally {
		await database?.close();
		database = undefined;
		await rm(dir, { recursive: true, force: true });
	}

	const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
	if (!adminUrl) {
		emit({
			metric: 'field.stats.postgres',
			skipped: 'set BENCH_DATABASE_URL or TEST_DATABASE_URL'
		});
		return;
	}
	signal.throwIfAborted();
	const name = `citydesk_bench_field_${process.pid}`;
	await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
	try {
		database = await openDatabase({ url: withDatabase(adminUrl, name), dataDir: '', poolSize: 2 });
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		await measure(database, 'postgres');
	} finally {
		await database?.close();
		await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	}
}
