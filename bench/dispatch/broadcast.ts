// Part 3: commit-to-client latency with many connected Socket.IO clients (the real handshake,
// rooms, outbox and relay), against a raw `ws` server broadcasting the same JSON with no
// database. Server and clients share this process and its clock.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance as perf } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import type { Db } from '../../src/lib/server/db/client.ts';
import { commit, publish } from '../../src/lib/server/realtime/outbox.ts';
import { room, type Envelope } from '../../src/lib/contracts/events.ts';
import { emit, emitPercentiles, note, openFileLimit, round, sleep, waitFor } from './common.ts';
import { openClient, signedIn, startBackbone, type Client } from './realtime.ts';

/**
 * 5 facts/s: with 1,000 clients in this one process a fact costs the event loop ~100 ms to fan
 * out and decode, so faster rates measure queueing, not delivery (20/s saturates it).
 */
export const BROADCAST_SIZES = { clients: 1_000, facts: 500, perSecond: 5, connectBatch: 50 };

/**
 * How many clients fit: each loopback connection costs this process two descriptors (client and
 * server end), and the pool, the servers and stdio want a few hundred more.
 */
function clientCount(wanted: number): number {
	const limit = openFileLimit();
	if (limit === null) return Math.min(wanted, 400);
	const fit = Math.floor((limit - 300) / 2);
	if (fit < wanted) note(`broadcast: ulimit -n is ${limit}: ${fit} clients instead of ${wanted}`);
	return Math.max(1, Math.min(wanted, fit));
}

/** Latency samples: one per fact per client, in ms, from just before the send to receipt. */
class Receipts {
	readonly samples: Float64Array;
	count = 0;
	readonly sentAt: Float64Array;

	constructor(facts: number, clients: number) {
		this.samples = new Float64Array(facts * clients);
		this.sentAt = new Float64Array(facts).fill(Number.NaN);
	}

	record(fact: number): void {
		const sent = this.sentAt[fact];
		if (sent === undefined || Number.isNaN(sent)) return;
		this.samples[this.count++] = performance.now() - sent;
	}

	get expected(): number {
		return this.samples.length;
	}
}

/** Sends `facts` messages at `perSecond`, on a fixed schedule that does not drift. */
async function steady(
	facts: number,
	perSecond: number,
	signal: AbortSignal,
	send: (i: number) => Promise<void> | void
): Promise<number> {
	const start = performance.now();
	let late = 0;
	for (let i = 0; i < facts; i++) {
		signal.throwIfAborted();
		const due = start + (i * 1000) / perSecond;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait, signal);
		else {
			if (wait < -1000 / perSecond) late++;
			// Behind schedule: still let pending I/O run, or a synchronous send would burst.
			await new Promise((resolve) => setImmediate(resolve));
		}
		await send(i);
	}
	return late;
}

const eventLoopUtilization = perf.eventLoopUtilization.bind(perf);
const code = (i: number) => `BENCH_${i}`;
const factIndex = (c: string) => Number(c.slice(6));

async function benchSocketIo(db: Db, clients: number, signal: AbortSignal): Promise<void> {
	const { facts, perSecond, connectBatch } = BROADCAST_SIZES;
	const { token } = await signedIn(db, 'bench-broadcast-admin', 'admin');
	const backbone = await startBackbone(db, 50);
	const sockets: Client[] = [];
	try {
		const receipts = new Receipts(facts, clients);
		const connectStarted = performance.now();
		for (let from = 0; from < clients; from += connectBatch) {
			signal.throwIfAborted();
			const batch = await Promise.all(
				Array.from({ length: Math.min(connectBatch, clients - from) }, () =>
					openClient(backbone.url, token)
				)
			);
			for (const socket of batch) {
				sockets.push(socket);
				socket.on('catalog:updated', (e) => receipts.record(factIndex(e.data.code)));
			}
		}
		const connectS = (performance.now() - connectStarted) / 1000;
		note(`broadcast: ${clients} Socket.IO clients connected in ${connectS.toFixed(1)} s`);
		emit({ metric: 'dispatch.broadcast.socketio.connect', value: round(connectS, 2), unit: 's' });

		const ctx = { db, relay: backbone.relay };
		const admins = [room.role('admin')];
		const busy = eventLoopUtilization();
		const late = await steady(facts, perSecond, signal, async (i) => {
			receipts.sentAt[i] = performance.now();
			await commit(ctx, (tx) =>
				publish(tx, 'catalog:updated', admins, {
					code: code(i),
					nameZh: `測試類別 ${i}`,
					nameEn: `Bench category ${i}`,
					active: true
				})
			);
		});
		const complete = await waitFor(() => receipts.count >= receipts.expected, 30_000, signal);
		report('socketio', receipts, late, complete, eventLoopUtilization(busy).utilization);
	} finally {
		for (const socket of sockets) socket.close();
		await backbone.close();
	}
}

async function benchWs(clients: number, signal: AbortSignal): Promise<void> {
	const { facts, perSecond, connectBatch } = BROADCAST_SIZES;
	const http = createServer();
	const wss = new WebSocketServer({ server: http });
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
	const sockets: WebSocket[] = [];
	try {
		const receipts = new Receipts(facts, clients);
		for (let from = 0; from < clients; from += connectBatch) {
			signal.throwIfAborted();
			const batch = await Promise.all(
				Array.from(
					{ length: Math.min(connectBatch, clients - from) },
					() =>
						new Promise<WebSocket>((resolve, reject) => {
							const ws = new WebSocket(url);
							ws.once('open', () => resolve(ws));
							ws.once('error', reject);
						})
				)
			);
			for (const ws of batch) {
				sockets.push(ws);
				ws.on('message', (raw: Buffer) => {
					const envelope = JSON.parse(raw.toString()) as Envelope<'catalog:updated'>;
					receipts.record(factIndex(envelope.data.code));
				});
			}
		}
		await waitFor(() => wss.clients.size >= clients, 10_000, signal);

		// The envelope the relay would send, serialised once per fact as Socket.IO does.
		const fanOut: number[] = [];
		const busy = eventLoopUtilization();
		const late = await steady(facts, perSecond, signal, (i) => {
			const envelope: Envelope<'catalog:updated'> = {
				seq: i + 1,
				event: 'catalog:updated',
				at: new Date().toISOString(),
				data: {
					code: code(i),
					nameZh: `測試類別 ${i}`,
					nameEn: `Bench category ${i}`,
					active: true
				}
			};
			const t0 = performance.now();
			receipts.sentAt[i] = t0;
			const json = JSON.stringify(envelope);
			for (const client of wss.clients) client.send(json);
			fanOut.push(performance.now() - t0);
		});
		const complete = await waitFor(() => receipts.count >= receipts.expected, 30_000, signal);
		report('ws', receipts, late, complete, eventLoopUtilization(busy).utilization);
		// The server's share: the synchronous loop writing one fact to every socket.
		emitPercentiles('dispatch.broadcast.ws.fanout', fanOut);
	} finally {
		for (const ws of sockets) ws.terminate();
		for (const client of wss.clients) client.terminate();
		await new Promise<void>((resolve) => wss.close(() => resolve()));
		await new Promise<void>((resolve) => http.close(() => resolve()));
	}
}

function report(
	kind: string,
	receipts: Receipts,
	late: number,
	complete: boolean,
	utilization: number
): void {
	emitPercentiles(`dispatch.broadcast.${kind}`, receipts.samples.subarray(0, receipts.count));
	// Above ~0.8 the one event loop is the bottleneck and latency is mostly queueing.
	emit({
		metric: `dispatch.broadcast.${kind}.event_loop_busy`,
		value: round(utilization, 2),
		unit: 'fraction'
	});
	emit({
		metric: `dispatch.broadcast.${kind}.delivered`,
		value: receipts.count,
		unit: 'messages',
		expected: receipts.expected
	});
	if (!complete) note(`broadcast ${kind}: ${receipts.count} of ${receipts.expected} delivered`);
	if (late > 0) note(`broadcast ${kind}: ${late} sends started more than one period late`);
}

/** Runs part 3 on a prepared database and prints its figures. */
export async function benchBroadcast(db: Db, signal: AbortSignal): Promise<void> {
	const { facts, perSecond } = BROADCAST_SIZES;
	const clients = clientCount(BROADCAST_SIZES.clients);
	note(
		`broadcast: ${clients} clients and their servers share this one Node process (one event ` +
			`loop) and the machine's cores with PostgreSQL; latencies include client-side decoding`
	);
	emit({ metric: 'dispatch.broadcast.clients', value: clients, unit: 'clients' });
	emit({ metric: 'dispatch.broadcast.facts', value: facts, unit: 'messages', rate: perSecond });
	await benchSocketIo(db, clients, signal);
	await benchWs(clients, signal);
}
