// The production server (`tsx src/server.ts`) as a child process, for part 4: started on a free
// loopback port, ready when GET /api/health answers 200, stopped with its whole process tree.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './common.ts';
import { descendants } from './procs.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_TAIL = 40;

export interface RunningServer {
	url: string;
	/** The last lines the server printed, for a failure report. */
	log: string[];
	stop(): Promise<void>;
}

/** Starts the server with `env` on top of this process's environment (undefined removes a key). */
export async function startServer(
	overrides: Record<string, string | undefined>,
	signal: AbortSignal
): Promise<RunningServer> {
	const port = await freePort();
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1' };
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	const child = spawn(process.execPath, [tsxCli, 'src/server.ts'], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const log = captureTail(child);
	const exit = new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve();
		else child.once('exit', () => resolve());
	});
	const server: RunningServer = {
		url: `http://127.0.0.1:${port}`,
		log,
		stop: () => stop(child, exit)
	};
	try {
		const deadline = performance.now() + READY_TIMEOUT_MS;
		for (;;) {
			signal.throwIfAborted();
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before ready`);
			}
			if ((await healthStatus(port)) === 200) return server;
			if (performance.now() > deadline) {
				throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s`);
			}
			await sleep(200, signal);
		}
	} catch (err) {
		await server.stop();
		if (!signal.aborted) process.stderr.write(`[bench] server log:\n${log.join('\n')}\n`);
		throw err;
	}
}

/** SIGTERM, then SIGKILL for the whole tree (tsx runs the server in a child node process). */
async function stop(child: ChildProcess, exit: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timedOut = await Promise.race([
		exit.then(() => false),
		new Promise<boolean>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, true).unref())
	]);
	if (!timedOut) return;
	for (const pid of [...descendants(child.pid), child.pid]) {
		if (pid === undefined) continue;
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
	await exit;
	process.stderr.write(`[bench] server ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s: killed\n`);
}

export function captureTail(child: ChildProcess): string[] {
	const lines: string[] = [];
	for (const stream of [child.stdout, child.stderr]) {
		let partial = '';
		stream?.setEncoding('utf8');
		stream?.on('data', (chunk: string) => {
			const parts = (partial + chunk).split('\n');
			partial = parts.pop() ?? '';
			lines.push(...parts);
			if (lines.length > LOG_TAIL) lines.splice(0, lines.length - LOG_TAIL);
		});
	}
	return lines;
}

export function healthStatus(port: number): Promise<number | undefined> {
	return new Promise((resolve) => {
		const req = http.get(
			{ host: '127.0.0.1', port, path: '/api/health', agent: false, timeout: 5_000 },
			(res) => {
				res.resume();
				resolve(res.statusCode);
			}
		);
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(undefined));
	});
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
