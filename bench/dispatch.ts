// Dispatch benchmark (issue 3, item 11): nearest crew (PostGIS KNN vs a JavaScript scan), intake
// throughput (geocode + file + outbox + relay), commit-to-client latency with many Socket.IO
// clients (vs raw `ws`), and the dispatch map's frame time in headless Chromium under a stream
// of job updates. Figures go to stdout as JSON lines; notes for people go to stderr.
import os from 'node:os';
import { openDatabase, type Database } from '../src/lib/server/db/client.ts';
import { prepareDatabase } from '../src/lib/server/setup.ts';
import { adminQuery, emit, note, round, serverUrl, withDatabase } from './dispatch/common.ts';
import { benchNearest } from './dispatch/nearest.ts';
import { benchIntake } from './dispatch/intake.ts';
import { benchBroadcast } from './dispatch/broadcast.ts';
import { benchMap } from './dispatch/map.ts';

/** Runs every part in order; each creates what it needs and removes it, even when aborted. */
export async function run(signal: AbortSignal): Promise<void> {
	emit({
		metric: 'dispatch.machine',
		value: os.availableParallelism(),
		unit: 'cores',
		node: process.version,
		backend: 'postgres'
	});
	const adminUrl = serverUrl();
	const shown = new URL(adminUrl);
	shown.password = shown.password ? '***' : '';
	note(`PostgreSQL at ${shown.href}; bench databases are dropped at the end`);

	// One migrated and seeded database for parts 1–3, and a pristine copy of it for the server of
	// part 4 (copied before anything is added, so it has no crews, jobs or users).
	const name = `citydesk_bench_${process.pid}`;
	const serverName = `${name}_map`;
	const created: string[] = [];
	let database: Database | undefined;
	try {
		await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
		created.push(name);
		const prepared = performance.now();
		database = await openDatabase({ url: withDatabase(adminUrl, name), dataDir: '', poolSize: 10 });
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		await database.close();
		database = undefined;
		await adminQuery(adminUrl, `CREATE DATABASE "${serverName}" TEMPLATE "${name}"`);
		created.push(serverName);
		note(
			`databases migrated and seeded in ${((performance.now() - prepared) / 1000).toFixed(1)} s`
		);

		database = await openDatabase({ url: withDatabase(adminUrl, name), dataDir: '', poolSize: 10 });
		const parts: [string, () => Promise<void>][] = [
			['nearest', () => benchNearest(database!.db, signal)],
			['intake', () => benchIntake(database!.db, signal)],
			['broadcast', () => benchBroadcast(database!.db, signal)],
			['map', () => benchMap(withDatabase(adminUrl, serverName), signal)]
		];
		// DISPATCH_PARTS=map (comma-separated) runs only the parts named; all of them by default.
		const only = process.env.DISPATCH_PARTS?.split(',').map((p) => p.trim());
		for (const [part, body] of parts) {
			if (only && !only.includes(part)) continue;
			signal.throwIfAborted();
			// Anything else running on the machine shows here; every figure below shares its cores.
			emit({
				metric: 'dispatch.loadavg',
				value: round(os.loadavg()[0] ?? 0, 2),
				unit: 'runnable (1 min)',
				before: part
			});
			const started = performance.now();
			await body();
			note(`${part} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		}
	} finally {
		await database?.close().catch(() => undefined);
		for (const db of created.reverse()) {
			// FORCE: a server killed mid-run may leave its connections behind.
			await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(
				(err: unknown) => note(`could not drop ${db}: ${String(err)}`)
			);
		}
	}
}
