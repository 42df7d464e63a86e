import type { Server as HttpServer } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import type {
	Ack,
	ClientToServerEvents,
	InterServerEvents,
	ServerToClientEvents,
	SocketData,
	SyncResult
} from '../../contracts/events.ts';
import { room, subscribeRequestSchema, syncRequestSchema } from '../../contracts/events.ts';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { crews } from '../db/schema.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { outboxBounds, readOutbox } from './outbox.ts';
import { queueStatsRoles } from '../queue/stats.ts';

export type CityDeskIo = Server<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;
export type CityDeskSocket = Socket<
	ClientToServerEvents,
	ServerToClientEvents,
	InterServerEvents,
	SocketData
>;

/** The most events one `sync` returns; beyond it the client refetches a snapshot. */
export const SYNC_LIMIT = 1000;

/** Room of one session, so that logout can disconnect exactly its sockets on every node. */
export const sessionRoom = (tokenHash: string) => `session:${tokenHash.slice(0, 24)}`;

/** When a socket counts as lagging, and when it has caught up again. */
export interface BackpressureOptions {
	/** Unsent bytes above which live broadcasts skip the socket. */
	highBytes: number;
	/** Unsent bytes below which it gets live events again (and is told to `sync`). */
	lowBytes: number;
	/** How often each node looks at its sockets' backlogs. */
	checkMs: number;
}

export const defaultBackpressure: BackpressureOptions = {
	highBytes: 2 * 2 ** 20,
	lowBytes: 256 * 2 ** 10,
	checkMs: 250
};

/**
 * Bytes queued for a socket and not yet taken by the kernel: engine.io's write buffer (packets
 * waiting while the transport is busy) plus the WebSocket's own buffer.
 */
export function unsentBytes(socket: CityDeskSocket): number {
	const conn = socket.conn as unknown as {
		writeBuffer?: { data?: unknown }[];
		transport?: { socket?: { bufferedAmount?: unknown } };
	};
	let bytes = 0;
	for (const packet of conn.writeBuffer ?? []) {
		const data = packet.data;
		if (typeof data === 'string') bytes += data.length;
		else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
	}
	const buffered = conn.transport?.socket?.bufferedAmount;
	if (typeof buffered === 'number') bytes += buffered;
	return bytes;
}

/**
 * Bounds what a node buffers for slow clients. Each `checkMs` it looks at its own sockets: one
 * whose unsent backlog passed `highBytes` joins the node-local `lagging` room, which the relay's
 * broadcasts exclude, so its backlog stops growing however fast events come. Once it drained
 * below `lowBytes` it leaves the room and gets `events:skipped`, after everything already
 * queued: it then asks `sync` for what it missed, from the outbox. So a slow client costs the
 * server at most about `highBytes`, and still misses nothing that was committed.
 */
export function guardBackpressure(
	io: CityDeskIo,
	options: BackpressureOptions = defaultBackpressure
): () => void {
	const timer = setInterval(() => {
		for (const socket of io.of('/').sockets.values()) {
			const lagging = socket.rooms.has(room.lagging);
			const bytes = unsentBytes(socket);
			if (!lagging && bytes > options.highBytes) {
				void socket.join(room.lagging);
			} else if (lagging && bytes < options.lowBytes) {
				void socket.leave(room.lagging);
				socket.emit('events:skipped');
			}
		}
	}, options.checkMs);
	timer.unref();
	return () => clearInterval(timer);
}

/**
 * Attaches Socket.IO to the HTTP server: authenticates at the handshake (bearer token in
 * `auth.token`, or the session cookie), joins role/user/crew rooms, and answers `sync` and
 * `subscribe`. Slow clients are bounded by `guardBackpressure`, stopped with the server.
 */
export function createIo(
	httpServer: HttpServer,
	db: Queryable,
	backpressure: BackpressureOptions = defaultBackpressure
): CityDeskIo {
	const io: CityDeskIo = new Server(httpServer, {
		serveClient: false,
		// Same-origin pages send the session cookie; other clients send the bearer token.
		cors: { origin: false }
	});
	const stopGuard = guardBackpressure(io, backpressure);
	httpServer.once('close', stopGuard);

	io.use((socket, next) => {
		const token = handshakeToken(socket);
		if (!token) return next(new Error('unauthorized: sign in first'));
		authenticate(db, token).then(
			(data) => {
				if (!data) return next(new Error('unauthorized: session expired or unknown'));
				socket.data = data;
				next();
			},
			(err: unknown) => {
				console.error('[realtime] handshake failed:', err);
				next(new Error('unavailable: try again'));
			}
		);
	});

	io.on('connection', (socket) => {
		const { user, tokenHash, agencyCode } = socket.data;
		const rooms = [room.role(user.role), room.user(user.id), sessionRoom(tokenHash)];
		// A crew account hears only about its own crew and the jobs assigned to it.
		if (user.crewId !== null) rooms.push(room.crew(user.crewId));
		if (agencyCode && user.role !== 'crew') rooms.push(room.agency(agencyCode));
		// Live call-queue figures (workers/queue.ts sends a snapshot on connect, then 1 Hz).
		if (queueStatsRoles.includes(user.role)) rooms.push(room.wallboard);
		void socket.join(rooms);

		socket.on('sync', (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = syncRequestSchema.safeParse(request);
			if (!parsed.success) return ack(invalid(parsed.error));
			const visible = [...socket.rooms].filter((r) => r !== socket.id && r !== room.lagging);
			sync(db, parsed.data.since, visible).then(
				(data) => ack({ ok: true, data }),
				(err: unknown) => {
					console.error('[realtime] sync failed:', err);
					ack({ ok: false, error: { code: 'unavailable', message: 'sync failed, retry' } });
				}
			);
		});

		socket.on('subscribe', (request, ack) => {
			if (typeof ack !== 'function') return;
			const parsed = subscribeRequestSchema.safeParse(request);
			if (!parsed.success) return ack(invalid(parsed.error));
			if (user.role === 'crew') {
				return ack({
					ok: false,
					error: { code: 'forbidden', message: 'crews receive only their own jobs' }
				});
			}
			for (const r of socket.rooms) if (r.startsWith('district:')) void socket.leave(r);
			void socket.join(parsed.data.districts.map(room.district));
			ack({ ok: true, data: { districts: parsed.data.districts } });
		});
	});
	return io;
}

/** What a client missed since `since`, limited to rooms it is in. */
export async function sync(db: Queryable, since: number, rooms: string[]): Promise<SyncResult> {
	const { newest, oldest } = await outboxBounds(db);
	// Rows before `oldest` were trimmed; a client behind them must refetch.
	if (since < newest && since < oldest - 1) return { seq: newest, reset: true, events: [] };
	const found = await readOutbox(db, since, { limit: SYNC_LIMIT + 1, rooms });
	if (found.length > SYNC_LIMIT) return { seq: newest, reset: true, events: [] };
	return { seq: newest, reset: false, events: found.map(({ rooms: _rooms, ...e }) => e) };
}

/** The socket's identity: the session's user, and a crew account's agency. */
async function authenticate(db: Queryable, token: string): Promise<SocketData | null> {
	const session = await resolveSession(db, token);
	if (!session) return null;
	let agencyCode: string | null = null;
	if (session.user.crewId !== null) {
		const [crew] = await db
			.select({ agencyCode: crews.agencyCode })
			.from(crews)
			.where(eq(crews.id, session.user.crewId));
		agencyCode = crew?.agencyCode ?? null;
	}
	return { ...session, agencyCode };
}

function handshakeToken(socket: CityDeskSocket): string | null {
	const auth = socket.handshake.auth as { token?: unknown };
	if (typeof auth.token === 'string' && auth.token.length > 0) return auth.token;
	const header = socket.handshake.headers.authorization;
	if (header?.startsWith('Bearer ')) return header.slice(7);
	const cookies = socket.handshake.headers.cookie;
	return cookies ? (parseCookie(cookies)[SESSION_COOKIE] ?? null) : null;
}

function invalid(error: z.ZodError): Ack<never> {
	const issue = error.issues[0];
	const field = issue?.path.join('.') || undefined;
	return {
		ok: false,
		error: {
			code: 'invalid_request',
			message: field ? `${field}: ${issue?.message}` : (issue?.message ?? 'invalid request'),
			...(field ? { field } : {})
		}
	};
}
