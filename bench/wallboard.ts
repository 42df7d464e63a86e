// Wallboard benchmark (issue 5, item 6): 500 wallboard sockets on the production server, on
// PostgreSQL, while a call centre taking 50 calls/s posts its events through the signed webhook.
// Prints the server's CPU, the `queue:stats` delivery latency, the time from a webhook POST to
// the figure on every screen, and the webhook's own latency. First, in this process, how long
// one `computeQueueStats` takes as today's calls add up, since every emission pays for it.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { QueueStats } from '../src/lib/contracts/queue.ts';
import { TELEPHONY_SIGNATURE_HEADER, type TelephonyEvent } from '../src/lib/contracts/telephony.ts';
import { taipeiWeekday, weekdaySharePct } from '../src/lib/domain/simulation.ts';
import { openDatabase, type Db } from '../src/lib/server/db/client.ts';
import { QueueEngine } from '../src/lib/server/queue/engine.ts';
import { appendTelephonyEvents } from '../src/lib/server/queue/inbox.ts';
import { computeQueueStats, queueSettings } from '../src/lib/server/queue/stats.ts';
import { startOfTaipeiDay } from '../src/lib/server/queue/time.ts';
import { signTelephonyBody } from '../src/lib/server/queue/webhook.ts';
import { loadEnv } from '../src/lib/server/env.ts';
import { prepareDatabase } from '../src/lib/server/setup.ts';
import { CallCentreModel, type CallCentreConfig } from '../workers/telephony/call-model.ts';
import {
	adminQuery,
	emit,
	emitPercentiles,
	note,
	openFileLimit,
	percentile,
	round,
	seeded,
	serverUrl,
	sleep,
	withDatabase
} from './dispatch/common.ts';
import { cpuByRole } from './dispatch/procs.ts';
import { signedIn } from './dispatch/realtime.ts';
import { startServer } from './dispatch/server.ts';
import {
	RECORD_FIELDS,
	type ClientKind,
	type ClientsCommand,
	type ClientsReport
} from './wallboard-clients.ts';

const numberFromEnv = (key: string, fallback: number) => {
	const value = Number(process.env[key] ?? fallback);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${key}: not a number ≥ 0`);
	return value;
};

const SOCKETS = numberFromEnv('BENCH_WALLBOARD_SOCKETS', 500);
const CALLS_PER_SEC = numberFromEnv('BENCH_WALLBOARD_CALLS_PER_SEC', 50);
/** Handle time is ~10 s (ring 2 + talk 6 + wrap 2): ~500 agents busy at 50 calls/s, a few spare. */
const AGENTS = numberFromEnv('BENCH_WALLBOARD_AGENTS', 520);
const WARMUP_MS = numberFromEnv('BENCH_WALLBOARD_WARMUP_SEC', 15) * 1000;
const MEASURE_MS = numberFromEnv('BENCH_WALLBOARD_SECONDS', 60) * 1000;
/** `raw` WebSocket clients reading two fields, or the real `socket.io` client (see the file). */
const CLIENT_KIND: ClientKind =
	process.env.BENCH_WALLBOARD_CLIENT === 'socket.io' ? 'socket.io' : 'raw';
/** Client processes the sockets are spread over. */
const CLIENT_PROCS = numberFromEnv('BENCH_WALLBOARD_CLIENT_PROCS', 4);
/** The webhook is posted what happened since the last post, this often. */
const BATCH_MS = numberFromEnv('BENCH_WALLBOARD_BATCH_MS', 100);
/** Calls already in today's inbox when the server starts (its replica replays them). */
const HISTORY_CALLS = numberFromEnv('BENCH_WALLBOARD_HISTORY_CALLS', 0);
/** Today's calls at which part 1 times computeQueueStats: 1 min, 10 min and 1 h at 50 calls/s. */
const STATS_CALLS = (process.env.BENCH_WALLBOARD_STATS_CALLS ?? '3000,30000,180000')
	.split(',')
	.filter((s) => s.trim() !== '')
	.map(Number);

const SECOND = 1000;
const HOUR = 3_600_000;
/** The webhook takes at most 1,000 events a request. */
const MAX_EVENTS_PER_POST = 1000;
const SECRET = randomBytes(24).toString('hex');

export async function run(signal: AbortSignal): Promise<void> {
	const sockets = socketCount(SOCKETS);
	emit({
		metric: 'wallboard.machine',
		value: os.availableParallelism(),
		unit: 'cores',
		node: process.version,
		backend: 'postgres',
		sockets,
		callsPerSec: CALLS_PER_SEC,
		agents: AGENTS,
		historyCalls: HISTORY_CALLS,
		client: CLIENT_KIND,
		seconds: MEASURE_MS / 1000
	});
	await benchStatsCost(signal);
	await benchServer(sockets, signal);
}

/**
 * The call-centre model of the demo simulator (workers/telephony/call-model.ts), tuned to a
 * steady `CALLS_PER_SEC` around the clock: a flat hourly profile, the weekday's share cancelled
 * out, one all-day shift of `AGENTS`, short rings, talks and wrap-ups so that ~500 agents are busy.
 */
function callCentre(start: Date, runId: string, seed: number): CallCentreModel {
	const weekday = ((weekdaySharePct[taipeiWeekday(start)] ?? 100 / 7) / 100) * 7;
	const callsPerDay = (CALLS_PER_SEC * 86_400) / weekday;
	const config: Partial<CallCentreConfig> = {
		callsPerDay,
		hourSharePct: Array.from({ length: 24 }, () => 100 / 24),
		// The model scales shifts by callsPerDay / 2,500; this undoes it so the floor has AGENTS.
		staffing: 2500 / callsPerDay,
		shifts: [{ name: 'bench', startHour: 0, endHour: 24, agents: AGENTS }],
		ringSec: [1, 3],
		talkMeanSec: 6,
		wrapMeanSec: 2,
		patienceMeanSec: 20
	};
	return new CallCentreModel({ start, random: seeded(seed), runId, config });
}

/** Runs `model` up to `to` in one-minute steps, handing each step's events to `take`. */
async function runModel(
	model: CallCentreModel,
	from: number,
	to: number,
	take: (events: TelephonyEvent[]) => Promise<void> | void,
	signal: AbortSignal
): Promise<void> {
	for (let t = from; t < to;) {
		signal.throwIfAborted();
		t = Math.min(to, t + 60 * SECOND);
		await take(model.advance(new Date(t)));
	}
}

/**
 * Part 1: the cost of one `computeQueueStats` (what the server pays per emission) with `calls`
 * calls today, on an engine fed by the model in this process. The stretch ends at 23:00 Taipei
 * so the calls fall on one day, and the 30-minute window holds what 50 calls/s puts there.
 */
async function benchStatsCost(signal: AbortSignal): Promise<void> {
	const settings = queueSettings(loadEnv({}));
	for (const calls of STATS_CALLS) {
		const end = startOfTaipeiDay(Date.now()) + 23 * HOUR;
		const start = end - (calls / CALLS_PER_SEC) * SECOND;
		const engine = new QueueEngine();
		const model = callCentre(new Date(start), `stats${calls}`, calls);
		const feed = (events: TelephonyEvent[]) => {
			for (const event of events) engine.apply(event, 'bench');
		};
		feed(model.start());
		await runModel(model, start, end, feed, signal);
		computeQueueStats(engine, end, settings); // warm the code up
		const times: number[] = [];
		const budget = performance.now() + 3_000;
		while (times.length < 5 || (times.length < 50 && performance.now() < budget)) {
			const t0 = performance.now();
			computeQueueStats(engine, end, settings);
			times.push(performance.now() - t0);
		}
		const sorted = Float64Array.from(times).sort();
		const today = computeQueueStats(engine, end, settings).offered;
		const p50 = percentile(sorted, 50);
		emit({
			metric: 'wallboard.stats.compute',
			value: round(p50, 2),
			unit: 'ms',
			callsToday: today,
			max: round(percentile(sorted, 100), 2),
			runs: times.length,
			// The worker emits every 200 ms while events keep coming: five computations a second.
			coreShareAt5HzPct: round(p50 / 2, 1)
		});
		note(`stats: ${today} calls today, computeQueueStats p50 ${p50.toFixed(2)} ms`);
	}
}

/** How many sockets fit under `ulimit -n`: one descriptor each here, a few hundred spare. */
function socketCount(wanted: number): number {
	const limit = openFileLimit();
	if (limit === null) return Math.min(wanted, 400);
	const fit = Math.floor(limit - 300);
	if (fit < wanted) note(`wallboard: ulimit -n is ${limit}: ${fit} sockets instead of ${wanted}`);
	return Math.max(1, Math.min(wanted, fit));
}

/** One webhook POST that raised `offered` to this count (it carried call.joined events). */
interface Marker {
	offered: number;
	/** When the POST started (epoch ms, sub-millisecond). */
	postedAt: number;
	measured: boolean;
}

const clientsScript = fileURLToPath(new URL('./wallboard-clients.ts', import.meta.url));
const now = () => performance.timeOrigin + performance.now();

/** Part 2: the production server, the sockets, the call stream. */
async function benchServer(socketTotal: number, signal: AbortSignal): Promise<void> {
	const adminUrl = serverUrl();
	const name = `citydesk_bench_wallboard_${process.pid}`;
	await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	const clients: ChildProcess[] = [];
	try {
		const seededAt = Date.now();
		const { token, model } = await seed(withDatabase(adminUrl, name), signal);
		if (HISTORY_CALLS > 0) {
			note(`${HISTORY_CALLS} calls of history in the inbox (${(Date.now() - seededAt) / 1000} s)`);
		}
		const startedAt = performance.now();
		server = await startServer(
			{
				DATABASE_URL: withDatabase(adminUrl, name),
				SIMULATE: '0',
				SIMULATE_CALLS: '0',
				AMI_URL: undefined,
				TELEPHONY_WEBHOOK_SECRET: SECRET,
				REDIS_URL: undefined,
				LOG_LEVEL: 'warn'
			},
			signal
		);
		emit({
			metric: 'wallboard.server.ready',
			value: round((performance.now() - startedAt) / 1000, 2),
			unit: 's'
		});
		const url = server.url;

		// The sockets, spread over client processes.
		const procs = Math.max(1, Math.min(CLIENT_PROCS, socketTotal));
		for (let i = 0; i < procs; i++) clients.push(forkClients());
		const connected = await Promise.all(
			clients.map((child, i) => {
				const count = Math.floor(socketTotal / procs) + (i < socketTotal % procs ? 1 : 0);
				return ask(
					child,
					{ cmd: 'connect', url, token, count, kind: CLIENT_KIND },
					'connected',
					signal
				);
			})
		);
		// Each process connects its share in batches of 50; the slowest one is the figure.
		const connectS = Math.max(...connected.map((c) => c.ms)) / 1000;
		note(
			`${socketTotal} wallboard sockets in ${procs} processes connected in ${connectS.toFixed(1)} s`
		);
		emit({ metric: 'wallboard.connect', value: round(connectS, 2), unit: 's', processes: procs });

		// Today's count before the stream: each marker is this plus the calls posted since.
		let offered = (await currentStats(url, token)).stats.offered;

		// The call stream: what the model did since the last post, every BATCH_MS, in order.
		const markers: Marker[] = [];
		const postMs: number[] = [];
		const posted: Record<string, number> = {};
		let late = 0;
		const post = async (events: TelephonyEvent[], measured: boolean) => {
			for (let i = 0; i < events.length; i += MAX_EVENTS_PER_POST) {
				const chunk = events.slice(i, i + MAX_EVENTS_PER_POST);
				const body = JSON.stringify({ events: chunk });
				const postedAt = now();
				const response = await fetch(`${url}/api/telephony/events`, {
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						[TELEPHONY_SIGNATURE_HEADER]: signTelephonyBody(SECRET, body)
					},
					body
				});
				const text = await response.text();
				if (response.status !== 202) {
					throw new Error(`webhook answered ${response.status}: ${text.slice(0, 200)}`);
				}
				if (measured) postMs.push(now() - postedAt);
				let joins = 0;
				for (const e of chunk) {
					if (measured) posted[e.type] = (posted[e.type] ?? 0) + 1;
					if (e.type === 'call.joined') joins++;
				}
				if (joins > 0) {
					offered += joins;
					markers.push({ offered, postedAt, measured });
				}
			}
		};
		// Without history the floor opens now. With it, the model runs on from where the seeding
		// stopped: post what happened while the server started, before the warm-up begins.
		if (HISTORY_CALLS === 0) await post(model.start(), false);
		else {
			let backlog: TelephonyEvent[];
			do {
				backlog = model.advance(new Date());
				await post(backlog, false);
			} while (backlog.length > MAX_EVENTS_PER_POST);
		}

		let begun: { cpu: Record<string, number>; at: number } | undefined;
		const measureFrom = performance.now() + WARMUP_MS;
		const stopAt = measureFrom + MEASURE_MS;
		let tick = performance.now();
		while (performance.now() < stopAt) {
			if (!begun && performance.now() >= measureFrom) begun = { cpu: cpuByRole(), at: now() };
			await post(model.advance(new Date()), begun !== undefined);
			tick += BATCH_MS;
			const wait = tick - performance.now();
			if (wait > 0) await sleep(wait, signal);
			else {
				late++;
				tick = performance.now();
			}
		}
		const ended = { cpu: cpuByRole(), at: now() };
		if (!begun) throw new Error('the measured window never started');
		// The last POSTs reach the screens within the worker's 200 ms gap; give them a second.
		await sleep(1_500, signal);
		const heard = await Promise.all(
			clients.map((child) => ask(child, { cmd: 'stop' }, 'records', signal))
		);

		const seconds = (ended.at - begun.at) / 1000;
		const from = begun.cpu;
		const cpu = (role: string) => ((ended.cpu[role] ?? 0) - (from[role] ?? 0)) / 10 / seconds;
		const calls = posted['call.joined'] ?? 0;
		emit({
			metric: 'wallboard.stream',
			value: round(calls / seconds, 1),
			unit: 'calls/s',
			eventsPerSec: round(Object.values(posted).reduce((a, b) => a + b, 0) / seconds, 1),
			events: posted,
			postsPerSec: round(postMs.length / seconds, 1),
			lateTicks: late
		});
		emitPercentiles('wallboard.webhook', postMs, [50, 99]);
		reportScreens(
			heard.map((h) => h.records),
			markers,
			begun.at,
			ended.at,
			socketTotal
		);
		// The same object every socket gets: its size, and whether the stream looks like a floor.
		const { text, stats } = await currentStats(url, token);
		emit({
			metric: 'wallboard.figures',
			value: stats.offered,
			unit: 'calls offered today',
			bytes: Buffer.byteLength(text),
			answered: stats.answered,
			abandoned: stats.abandoned,
			waiting: stats.waiting,
			serviceLevelPct: stats.serviceLevelPct,
			asaSec: stats.asaSec,
			agents: stats.agents
		});
		emit({ metric: 'wallboard.server.cpu', value: round(cpu('server'), 1), unit: '% of one core' });
		emit({
			metric: 'wallboard.server.rss',
			value: round(ended.cpu.server_rss_mib ?? 0, 0),
			unit: 'MiB'
		});
		emit({
			metric: 'wallboard.clients.cpu',
			value: round(cpu('bench_clients'), 1),
			unit: '% of one core',
			driver: round(cpu('bench'), 1)
		});
		emit({
			metric: 'wallboard.machine.cpu',
			value: round(cpu('machine'), 1),
			unit: '% of one core'
		});
		emit({
			metric: 'wallboard.loadavg',
			value: round(os.loadavg()[0] ?? 0, 2),
			unit: 'runnable (1 min)'
		});
	} finally {
		for (const child of clients) if (child.connected) child.kill();
		await server?.stop();
		await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
	}
}

/**
 * Delivery latency (receipt − the figures' `at`) of every message received in the window, the
 * message rate, and change-to-screen latency: for every POST that added calls, the time from its
 * start to each socket's first message whose `offered` includes them.
 */
function reportScreens(
	heard: Float64Array[],
	markers: Marker[],
	from: number,
	to: number,
	sockets: number
): void {
	const seconds = (to - from) / 1000;
	const delivery: number[] = [];
	const screen: number[] = [];
	const firstSeen = new Float64Array(markers.length).fill(Number.POSITIVE_INFINITY);
	const seenBy = new Uint32Array(markers.length);
	const perSocket: number[] = [];
	for (const records of heard) {
		// Each socket's messages in the order it got them, for a walk along the markers.
		const bySocket = new Map<number, number[]>();
		for (let i = 0; i < records.length; i += RECORD_FIELDS) {
			const socket = records[i]!;
			let list = bySocket.get(socket);
			if (!list) bySocket.set(socket, (list = []));
			list.push(i);
		}
		for (const list of bySocket.values()) {
			let next = 0;
			let inWindow = 0;
			for (const i of list) {
				const receivedAt = records[i + 1]!;
				const offered = records[i + 3]!;
				if (receivedAt >= from && receivedAt <= to) {
					delivery.push(receivedAt - records[i + 2]!);
					inWindow++;
				}
				while (next < markers.length && markers[next]!.offered <= offered) {
					const m = next++;
					seenBy[m]!++;
					if (!markers[m]!.measured) continue;
					const ms = receivedAt - markers[m]!.postedAt;
					screen.push(ms);
					firstSeen[m] = Math.min(firstSeen[m]!, ms);
				}
			}
			perSocket.push(inWindow);
		}
	}
	while (perSocket.length < sockets) perSocket.push(0);
	emit({
		metric: 'wallboard.messages',
		value: round(delivery.length / seconds, 1),
		unit: 'messages/s',
		perSocket: round(delivery.length / seconds / sockets, 2),
		minPerSocket: round(Math.min(...perSocket) / seconds, 2)
	});
	emitPercentiles('wallboard.delivery', delivery, [50, 95, 99]);
	emitPercentiles('wallboard.screen', screen, [50, 99]);
	const measured = markers.flatMap((m, i) => (m.measured ? [i] : []));
	emitPercentiles(
		'wallboard.screen.first',
		measured.map((i) => firstSeen[i]!).filter(Number.isFinite),
		[50, 99]
	);
	const missed = measured.filter((i) => seenBy[i]! < sockets).length;
	emit({ metric: 'wallboard.screen.posts', value: measured.length, unit: 'posts', missed });
	if (missed > 0) note(`${missed} posts never showed on some screen (a day rollover, or lost)`);
}

function forkClients(): ChildProcess {
	// The tsx loader this process runs under, so the child can load TypeScript too.
	return fork(clientsScript, [], {
		execArgv: process.execArgv,
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
}

/** Sends a command to a client process and waits for its report of `kind`. */
function ask<K extends ClientsReport['kind']>(
	child: ChildProcess,
	command: ClientsCommand,
	kind: K,
	signal: AbortSignal
): Promise<Extract<ClientsReport, { kind: K }>> {
	return new Promise((resolve, reject) => {
		const done = () => {
			child.off('message', onMessage);
			child.off('exit', onExit);
			signal.removeEventListener('abort', onAbort);
		};
		const onMessage = (report: ClientsReport) => {
			if (report.kind === 'failed') {
				done();
				reject(new Error(`client process: ${report.message}`));
			} else if (report.kind === kind) {
				done();
				resolve(report as Extract<ClientsReport, { kind: K }>);
			}
		};
		const onExit = (code: number | null) => {
			done();
			reject(new Error(`client process exited (${code}) before answering ${command.cmd}`));
		};
		const onAbort = () => {
			done();
			reject(signal.reason as Error);
		};
		child.on('message', onMessage);
		child.once('exit', onExit);
		signal.addEventListener('abort', onAbort, { once: true });
		child.send(command);
	});
}

/** GET /api/queue/stats as the supervisor: the figures, and their JSON as sent. */
async function currentStats(
	url: string,
	token: string
): Promise<{ text: string; stats: QueueStats }> {
	const response = await fetch(`${url}/api/queue/stats`, {
		headers: { authorization: `Bearer ${token}` }
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`GET /api/queue/stats: ${response.status}`);
	return { text, stats: JSON.parse(text) as QueueStats };
}

/**
 * Migrates the bench database, adds a supervisor with a session, and with HISTORY_CALLS puts
 * that many calls (ending now) in the inbox, marked persisted as a previous leader would have
 * left them. Returns the model to continue the stream with and the instant it has reached.
 */
async function seed(
	url: string,
	signal: AbortSignal
): Promise<{ token: string; model: CallCentreModel }> {
	const database = await openDatabase({ url, dataDir: '', poolSize: 4 });
	try {
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		const { token } = await signedIn(database.db, 'bench-wallboard', 'supervisor');
		if (HISTORY_CALLS === 0) {
			return { token, model: callCentre(new Date(), 'bench', 1) };
		}
		const to = Date.now();
		const from = to - (HISTORY_CALLS / CALLS_PER_SEC) * SECOND;
		if (from < startOfTaipeiDay(to)) note('history starts before Taipei midnight: fewer today');
		const model = callCentre(new Date(from), 'bench', 1);
		const append = (events: TelephonyEvent[]) => appendAll(database.db, events);
		await append(model.start());
		await runModel(model, from, to, append, signal);
		// Writing it took a while: catch up with the clock, so the stream starts where it stands.
		for (let reached = to; Date.now() - reached > SECOND;) {
			const t = Date.now();
			await runModel(model, reached, t, append, signal);
			reached = t;
		}
		await database.db.execute(
			sql`insert into telephony_cursor (id, last_seq)
			    select 1, coalesce(max(seq), 0) from telephony_events
			    on conflict (id) do update set last_seq = excluded.last_seq`
		);
		return { token, model };
	} finally {
		await database.close();
	}
}

async function appendAll(db: Db, events: TelephonyEvent[]): Promise<void> {
	for (let i = 0; i < events.length; i += 5_000) {
		await appendTelephonyEvents(db, 'webhook', events.slice(i, i + 5_000));
	}
}
