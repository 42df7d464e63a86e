// Crew tablet benchmark (issue 4, item 9): 1,000 simulated tablets, each syncing a position fix
// through POST /api/crew/sync every 15 s, against the production server on PostgreSQL. Prints the
// server's CPU, the sync latency percentiles and the database's writes per second.
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '../src/lib/server/db/client.ts';
import { prepareDatabase } from '../src/lib/server/setup.ts';
import { hashPassword } from '../src/lib/server/auth/passwords.ts';
import { createSession } from '../src/lib/server/auth/sessions.ts';
import {
	adminQuery,
	emit,
	emitPercentiles,
	note,
	round,
	seeded,
	serverUrl,
	sleep,
	withDatabase,
	DENSE_BOX
} from './dispatch/common.ts';
import { startServer } from './dispatch/server.ts';
import { cpuByRole } from './dispatch/procs.ts';

const TABLETS = Number(process.env.BENCH_CREW_TABLETS ?? 1000);
const INTERVAL_MS = Number(process.env.BENCH_CREW_INTERVAL_SEC ?? 15) * 1000;
/** Measured after one warm-up round; four rounds by default. */
const MEASURE_MS = Number(process.env.BENCH_CREW_SECONDS ?? 60) * 1000;

interface Tablet {
	token: string;
	deviceId: string;
	lon: number;
	lat: number;
}

export async function run(signal: AbortSignal): Promise<void> {
	// Every tablet waits on the signal between its syncs.
	setMaxListeners(TABLETS + 16, signal);
	const adminUrl = serverUrl();
	const name = `citydesk_bench_crew_${process.pid}`;
	emit({
		metric: 'crew.machine',
		value: os.availableParallelism(),
		unit: 'cores',
		node: process.version,
		backend: 'postgres',
		tablets: TABLETS,
		intervalSec: INTERVAL_MS / 1000
	});
	await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	try {
		const tablets = await seedTablets(withDatabase(adminUrl, name));
		note(`${TABLETS} crews, accounts and sessions seeded`);
		server = await startServer(
			{
				DATABASE_URL: withDatabase(adminUrl, name),
				SIMULATE: '0',
				SIMULATE_CALLS: '0',
				REDIS_URL: undefined,
				LOG_LEVEL: 'warn'
			},
			signal
		);
		const url = server.url;
		const latencies: number[] = [];
		let errors = 0;
		let measuring = false;
		const stopAt = performance.now() + INTERVAL_MS + MEASURE_MS;

		// Each tablet keeps its own 15 s rhythm, started at an even spread over one interval.
		const loops = tablets.map(async (tablet, i) => {
			const random = seeded(i + 1);
			await sleep((i * INTERVAL_MS) / tablets.length, signal);
			while (performance.now() < stopAt) {
				const next = performance.now() + INTERVAL_MS;
				tablet.lon += (random() - 0.5) * 0.001;
				tablet.lat += (random() - 0.5) * 0.001;
				const started = performance.now();
				const ok = await syncOnce(url, tablet);
				if (measuring) {
					if (ok) latencies.push(performance.now() - started);
					else errors++;
				}
				await sleep(Math.max(0, next - performance.now()), signal);
			}
		});

		await sleep(INTERVAL_MS, signal); // warm-up round: connections, plans, caches
		measuring = true;
		const before = {
			cpu: cpuByRole(),
			db: await dbCounters(adminUrl, name),
			at: performance.now()
		};
		await sleep(MEASURE_MS, signal);
		const after = { cpu: cpuByRole(), db: await dbCounters(adminUrl, name), at: performance.now() };
		measuring = false;
		await Promise.all(loops);

		const seconds = (after.at - before.at) / 1000;
		const cpu = (role: string) => ((after.cpu[role] ?? 0) - (before.cpu[role] ?? 0)) / 10 / seconds;
		emit({ metric: 'crew.sync.rate', value: round(latencies.length / seconds, 1), unit: 'req/s' });
		emitPercentiles('crew.sync', latencies, [50, 95, 99]);
		emit({ metric: 'crew.sync.errors', value: errors, unit: 'requests' });
		emit({ metric: 'crew.server.cpu', value: round(cpu('server'), 1), unit: '% of one core' });
		emit({
			metric: 'crew.server.rss',
			value: round(after.cpu.server_rss_mib ?? 0, 0),
			unit: 'MiB'
		});
		emit({ metric: 'crew.machine.cpu', value: round(cpu('machine'), 1), unit: '% of one core' });
		const d = (k: keyof DbCounters) => (after.db[k] - before.db[k]) / seconds;
		emit({
			metric: 'crew.db.writes',
			value: round(d('inserted') + d('updated') + d('deleted'), 1),
			unit: 'rows/s',
			inserted: round(d('inserted'), 1),
			updated: round(d('updated'), 1),
			deleted: round(d('deleted'), 1)
		});
		emit({ metric: 'crew.db.commits', value: round(d('commits'), 1), unit: 'tx/s' });
		emit({
			metric: 'crew.loadavg',
			value: round(os.loadavg()[0] ?? 0, 2),
			unit: 'runnable (1 min)'
		});
	} finally {
		await server?.stop();
		await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	}
}

/** Migrates the bench database and adds the crews, their accounts and a session each. */
async function seedTablets(url: string): Promise<Tablet[]> {
	const database = await openDatabase({ url, dataDir: '', poolSize: 4 });
	try {
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		// One hash for every account: argon2 a thousand times would only measure argon2.
		const hash = await hashPassword('bench-crew-password');
		const random = seeded(42);
		const tablets: Tablet[] = [];
		for (let i = 0; i < TABLETS; i++) {
			const lon = DENSE_BOX.minLon + random() * (DENSE_BOX.maxLon - DENSE_BOX.minLon);
			const lat = DENSE_BOX.minLat + random() * (DENSE_BOX.maxLat - DENSE_BOX.minLat);
			const [crew] = await rows<{ id: number }>(
				database.db,
				sql`
					insert into crews (name, agency_code, status, location, position_at)
					values (${`bench crew ${i}`}, 'MOPW', 'available',
					        ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography, now() - interval '1 hour')
					returning id`
			);
			const [user] = await rows<{ id: number }>(
				database.db,
				sql`
					insert into users (username, password_hash, role, crew_id)
					values (${`bench-crew-${i}`}, ${hash}, 'crew', ${crew!.id}) returning id`
			);
			const { token } = await createSession(database.db, user!.id, 12);
			tablets.push({ token, deviceId: `bench-tablet-${i}`, lon, lat });
		}
		return tablets;
	} finally {
		await database.close();
	}
}

async function syncOnce(url: string, tablet: Tablet): Promise<boolean> {
	try {
		const response = await fetch(`${url}/api/crew/sync`, {
			method: 'POST',
			headers: { authorization: `Bearer ${tablet.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				deviceId: tablet.deviceId,
				actions: [],
				positions: [
					{ lon: tablet.lon, lat: tablet.lat, at: new Date().toISOString(), accuracy: 10 }
				]
			})
		});
		await response.arrayBuffer();
		return response.status === 200;
	} catch {
		return false;
	}
}

interface DbCounters {
	commits: number;
	inserted: number;
	updated: number;
	deleted: number;
}

/** The database's own write counters (pg_stat_database), read on a separate connection. */
async function dbCounters(adminUrl: string, name: string): Promise<DbCounters> {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		// Statistics are flushed by backends at most once a second; wait so the window is whole.
		await client.query('select pg_stat_clear_snapshot()');
		const { rows } = await client.query<{ [k: string]: string }>(
			`select xact_commit, tup_inserted, tup_updated, tup_deleted
			 from pg_stat_database where datname = $1`,
			[name]
		);
		const r = rows[0]!;
		return {
			commits: Number(r.xact_commit),
			inserted: Number(r.tup_inserted),
			updated: Number(r.tup_updated),
			deleted: Number(r.tup_deleted)
		};
	} finally {
		await client.end();
	}
}
