// A share of the wallboard benchmark's sockets, in a process of its own (forked by
// bench/wallboard.ts with an IPC channel), so that the sockets' work does not queue on the
// driver's event loop. It records every `queue:stats` it hears and hands the records back when
// told to stop.
//
// Two kinds of client. `socket.io` is the real socket.io-client, which decodes every 50 KB
// message in full; 500 of them in a few processes on the server's own two cores cost more CPU
// than the server does and fall behind, so their backlog, not the server, sets the latency.
// `raw` (the default) speaks the same protocol over a plain WebSocket (Engine.IO 4 frames,
// Socket.IO 5 packets: https://socket.io/docs/v4/socket-io-protocol/), answers pings, and reads
// only `at` and `offered` out of each message: the server does exactly the same work for it,
// and each real wallboard decodes its own message on its own machine anyway.
import WebSocket from 'ws';
import type { QueueStats } from '../src/lib/contracts/queue.ts';
import { openClient } from './dispatch/realtime.ts';

export type ClientKind = 'raw' | 'socket.io';

/** Messages from the parent. */
export type ClientsCommand =
	{ cmd: 'connect'; url: string; token: string; count: number; kind: ClientKind } | { cmd: 'stop' };

/** Messages to the parent. Instants are epoch ms with sub-millisecond precision. */
export type ClientsReport =
	| { kind: 'connected'; count: number; /** from the command to the last socket in */ ms: number }
	| {
			kind: 'records';
			/** Per message: socket index, receipt instant, the figures' `at`, `offered`. */
			records: Float64Array;
	  }
	| { kind: 'failed'; message: string };

/** Fields per record in `records`. */
export const RECORD_FIELDS = 4;

type OnStats = (atMs: number, offered: number) => void;

interface Connection {
	close(): void;
}

const now = () => performance.timeOrigin + performance.now();

/** The real client: socket.io-client through bench/dispatch/realtime.ts. */
async function connectSocketIo(url: string, token: string, onStats: OnStats): Promise<Connection> {
	const socket = await openClient(url, token, 60_000);
	socket.on('queue:stats', (s: QueueStats) => onStats(Date.parse(s.at), s.offered));
	return socket;
}

const EVENT_PREFIX = '42["queue:stats",';

/** `at` and `offered` from a `queue:stats` packet without decoding the rest of it. */
function peek(packet: string): { atMs: number; offered: number } {
	const at = packet.indexOf('"at":"', EVENT_PREFIX.length);
	const offered = packet.indexOf('"offered":');
	const atMs = at < 0 ? Number.NaN : Date.parse(packet.slice(at + 6, packet.indexOf('"', at + 6)));
	const count = offered < 0 ? Number.NaN : Number.parseInt(packet.slice(offered + 10), 10);
	if (Number.isNaN(atMs) || Number.isNaN(count)) {
		// The layout changed: decode it properly.
		const [, stats] = JSON.parse(packet.slice(2)) as [string, QueueStats];
		return { atMs: Date.parse(stats.at), offered: stats.offered };
	}
	return { atMs, offered: count };
}

/** The same socket at the protocol level: a WebSocket carrying Engine.IO/Socket.IO text frames. */
function connectRaw(url: string, token: string, onStats: OnStats): Promise<Connection> {
	const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
	return new Promise((resolve, reject) => {
		const fail = (err: Error) => {
			ws.terminate();
			reject(err);
		};
		ws.once('error', fail);
		ws.on('message', (data: Buffer, isBinary: boolean) => {
			if (isBinary) return;
			const packet = data.toString();
			if (packet.startsWith(EVENT_PREFIX)) {
				const { atMs, offered } = peek(packet);
				onStats(atMs, offered);
			} else if (packet === '2')
				ws.send('3'); // Engine.IO ping → pong
			else if (packet.startsWith('0'))
				ws.send(`40${JSON.stringify({ token })}`); // open → CONNECT
			else if (packet.startsWith('40')) {
				ws.off('error', fail);
				resolve({ close: () => ws.close() });
			} else if (packet.startsWith('44')) fail(new Error(`connect_error ${packet.slice(2)}`));
		});
	});
}

if (process.send) {
	const send = (report: ClientsReport) => process.send!(report);
	const connections: Connection[] = [];
	let records = new Float64Array(RECORD_FIELDS * 65_536);
	let used = 0;
	const recorder =
		(socket: number): OnStats =>
		(atMs, offered) => {
			const receivedAt = now();
			if (used + RECORD_FIELDS > records.length) {
				const bigger = new Float64Array(records.length * 2);
				bigger.set(records);
				records = bigger;
			}
			records[used++] = socket;
			records[used++] = receivedAt;
			records[used++] = atMs;
			records[used++] = offered;
		};

	const connect = async (command: Extract<ClientsCommand, { cmd: 'connect' }>) => {
		const open = command.kind === 'raw' ? connectRaw : connectSocketIo;
		for (let from = 0; from < command.count; from += 50) {
			const batch = await Promise.all(
				Array.from({ length: Math.min(50, command.count - from) }, (_, i) =>
					open(command.url, command.token, recorder(from + i))
				)
			);
			connections.push(...batch);
		}
	};

	process.on('message', (command: ClientsCommand) => {
		if (command.cmd === 'connect') {
			const started = performance.now();
			connect(command).then(
				() =>
					send({ kind: 'connected', count: connections.length, ms: performance.now() - started }),
				(err: unknown) =>
					send({ kind: 'failed', message: err instanceof Error ? err.message : String(err) })
			);
		} else {
			for (const connection of connections) connection.close();
			process.send!({ kind: 'records', records: records.slice(0, used) }, () =>
				process.disconnect()
			);
		}
	});
}
