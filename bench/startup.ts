// Startup benchmark: seconds from spawning the production server (`tsx src/server.ts`) until
// GET /api/health answers 200, cold (empty database) and warm (second start), on embedded PGlite
// and, when a server is given, on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { captureTail, freePort, healthStatus } from './dispatch/server.ts';
import { descendants } from './dispatch/procs.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const viteCli = path.join(root, 'node_modules/vite/bin/vite.js');

const POLL_MS = 100;
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL = 40;

interface Started {
	seconds: number;
	/** Peak RSS in MiB of the biggest process in the server's tree, when /proc can tell. */
	rssPeakMiB?: number;
}

/** Runs every startup case and prints one JSON line per figure. */
export async function run(signal: AbortSignal): Promise<void> {
	await ensureBuild(signal);

	const tmp = await mkdtemp(path.join(os.tmpdir(), 'citydesk-bench-'));
	try {
		// An inherited DATABASE_URL would silently turn the embedded case into a Postgres one.
		const embedded = { DATABASE_URL: undefined, DATA_DIR: path.join(tmp, 'data') };
		measure('startup.embedded', [
			await startServer(embedded, signal),
			await startServer(embedded, signal)
		]);
	} finally {
		await rm(tmp, { recursive: true, force: true });
	}

	const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
	if (!adminUrl) {
		emit({ metric: 'startup.postgres', skipped: 'set BENCH_DATABASE_URL or TEST_DATABASE_URL' });
		return;
	}
	const name = `citydesk_bench_${process.pid}`;
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	await admin(adminUrl, `CREATE DATABASE "${name}"`);
	try {
		const postgres = { DATABASE_URL: url.href, DATA_DIR: undefined };
		measure('startup.postgres', [
			await startServer(postgres, signal),
			await startServer(postgres, signal)
		]);
	} finally {
		// FORCE because a server killed with -9 may leave its connections behind.
		await admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	}
}

function measure(prefix: string, [cold, warm]: [Started, Started]): void {
	emit({ metric: `${prefix}.cold`, value: round(cold.seconds, 2), unit: 's' });
	emit({ metric: `${prefix}.warm`, value: round(warm.seconds, 2), unit: 's' });
	const peaks = [cold.rssPeakMiB, warm.rssPeakMiB].filter((v) => v !== undefined);
	if (peaks.length > 0) {
		emit({ metric: `${prefix}.rss_peak`, value: round(Math.max(...peaks), 1), unit: 'MiB' });
	} else {
		emit({ metric: `${prefix}.rss_peak`, skipped: 'no /proc/<pid>/status on this system' });
	}
}

function emit(line: Record<string, unknown>): void {
	process.stdout.write(`${JSON.stringify(line)}\n`);
}

function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

// src/server.ts builds on its own when there is no build, which would be counted as startup.
async function ensureBuild(signal: AbortSignal): Promise<void> {
	if (existsSync(path.join(root, 'build', 'handler.js'))) return;
	console.error('[bench] no build yet: running `vite build` once (not counted)');
	const child = spawn(process.execPath, [viteCli, 'build'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const log = captureTail(child);
	const code = await Promise.race([exited(child), aborted(signal)]).finally(() => {
		if (child.exitCode === null) child.kill('SIGTERM');
	});
	if (code !== 0) {
		process.stderr.write(log.join('\n') + '\n');
		throw new Error(`vite build exited with ${code}`);
	}
}

async function startServer(
	overrides: Record<string, string | undefined>,
	signal: AbortSignal
): Promise<Started> {
	signal.throwIfAborted();
	const port = await freePort();
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		// With an admin password the server creates `admin` and prints no demo accounts.
		ADMIN_PASSWORD: 'bench-password-1'
	};
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}

	const started = performance.now();
	const child = spawn(process.execPath, [tsxCli, 'src/server.ts'], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const log = captureTail(child);
	const exit = exited(child);
	try {
		const deadline = started + READY_TIMEOUT_MS;
		for (;;) {
			signal.throwIfAborted();
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before ready`);
			}
			if ((await healthStatus(port)) === 200) break;
			if (performance.now() > deadline) {
				throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s`);
			}
			await sleep(POLL_MS);
		}
	} catch (err) {
		await stop(child, exit);
		if (!signal.aborted) {
			process.stderr.write(`[bench] last ${LOG_TAIL} server log lines:\n${log.join('\n')}\n`);
		}
		throw err;
	}
	const seconds = (performance.now() - started) / 1000;
	const rssPeakMiB = peakRssMiB(child.pid);
	await stop(child, exit);
	return { seconds, rssPeakMiB };
}

/** SIGTERM, then SIGKILL for the whole tree if it has not exited within STOP_TIMEOUT_MS. */
async function stop(child: ChildProcess, exit: Promise<number | null>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const startedAt = performance.now();
	child.kill('SIGTERM');
	const timedOut = await Promise.race([exit.then(() => false), sleep(STOP_TIMEOUT_MS, true)]);
	if (timedOut) {
		// tsx runs the server in a child node process; killing only the tsx wrapper orphans it.
		for (const pid of [...descendants(child.pid), child.pid]) {
			if (pid === undefined) continue;
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}
		await exit;
		console.error(`[bench] server ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s: killed`);
	} else if (child.exitCode !== 0) {
		const took = ((performance.now() - startedAt) / 1000).toFixed(1);
		console.error(
			`[bench] server exited with ${child.exitCode ?? child.signalCode} after ${took} s`
		);
	}
}

function exited(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
		else child.once('exit', (code) => resolve(code));
	});
}

function aborted(signal: AbortSignal): Promise<never> {
	return new Promise((_, reject) => {
		if (signal.aborted) reject(signal.reason);
		else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
	});
}

async function admin(url: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

// tsx's CLI runs the server in a child node process, so the wrapper's own VmHWM says little:
// take the biggest high-water mark in the tree, which is the server.
function peakRssMiB(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	let peakKiB: number | undefined;
	for (const p of [pid, ...descendants(pid)]) {
		try {
			const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
			if (match?.[1]) peakKiB = Math.max(peakKiB ?? 0, Number(match[1]));
		} catch {
			// Exited meanwhile, or no /proc.
		}
	}
	return peakKiB === undefined ? undefined : peakKiB / 1024;
}
