// The realtime backbone as an app node runs it — an HTTP server with `createIo` and the outbox
// relay — plus signed-in Socket.IO clients, all in this process (as tests/db/realtime.test.ts).
import { randomBytes } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Db } from '../../src/lib/server/db/client.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { createIo, type CityDeskIo } from '../../src/lib/server/realtime/io.ts';
import { createSession } from '../../src/lib/server/auth/sessions.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import type { Role, SessionUser } from '../../src/lib/contracts/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contracts/events.ts';
import { createRelay, type Relay } from '../../workers/relay.ts';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Backbone {
	url: string;
	io: CityDeskIo;
	relay: Relay;
	http: HttpServer;
	close(): Promise<void>;
}

/** Starts Socket.IO on a fresh HTTP server on a free loopback port, with a running relay. */
export async function startBackbone(db: Db, relayIntervalMs: number): Promise<Backbone> {
	const http = createServer();
	const io = createIo(http, db);
	const relay = createRelay(
		{ db, env: loadEnv({}), io, log: (l) => console.error(l) },
		{
			intervalMs: relayIntervalMs
		}
	);
	await relay.start();
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	return {
		url,
		io,
		relay,
		http,
		async close() {
			await relay.stop();
			// io.close() disconnects every socket and closes the HTTP server.
			await new Promise<void>((resolve) => void io.close(() => resolve()));
		}
	};
}

/** A user of `role` (created once per name) and a bearer token for one session of it. */
export async function signedIn(
	db: Db,
	username: string,
	role: Exclude<Role, 'crew'>
): Promise<{ user: SessionUser; token: string }> {
	// A suffix keeps a part re-runnable on the same database.
	const unique = `${username}-${randomBytes(3).toString('hex')}`;
	const created = await createUser(db, { username: unique, password: 'bench password 1', role });
	if (!created.ok) throw new Error(`could not create ${username}: ${created.reason}`);
	const { token } = await createSession(db, created.user.id, 1);
	return { user: created.user, token };
}

/** Opens a Socket.IO client over websocket only, authenticated by `token`; resolves connected. */
export function openClient(url: string, token: string, timeoutMs = 15_000): Promise<Client> {
	const socket: Client = connect(url, {
		auth: { token },
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		timeout: timeoutMs
	});
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (err) => {
			socket.close();
			reject(err);
		});
	});
}
