// Production entry (`npm start`): one HTTP server carrying the SvelteKit handler and Socket.IO.
// Builds the app first when no build exists, so a fresh clone needs only `npm ci && npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadEnv } from './lib/server/env.ts';
import { startApp } from './lib/server/app.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const handlerFile = path.join(root, 'build', 'handler.js');

const env = loadEnv();
if (!existsSync(handlerFile)) {
	console.log('[start] no build yet: running `vite build` once');
	const built = spawnSync(
		process.execPath,
		[path.join(root, 'node_modules/vite/bin/vite.js'), 'build'],
		{
			cwd: root,
			stdio: 'inherit'
		}
	);
	if (built.status !== 0) process.exit(built.status ?? 1);
}

// adapter-node assumes https unless told otherwise, which breaks form posts and cookies on the
// plain-http default. Unless the operator set ORIGIN or PROTOCOL_HEADER (behind a TLS proxy),
// tell it the protocol of the connection itself, in a header no client can supply.
const PROTOCOL_HEADER = 'x-citydesk-connection-protocol';
const ownProtocol = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (ownProtocol) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

// adapter-node refuses bodies over 512 KB by default; photo uploads need the configured limit
// plus room for the multipart envelope. An operator's own BODY_SIZE_LIMIT wins.
process.env.BODY_SIZE_LIMIT ??= String(env.PHOTO_MAX_BYTES + 256 * 1024);

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: Handler };

// The SvelteKit handler is attached before Socket.IO, which then routes /socket.io/ to itself
// and everything else to the handler.
const server = http.createServer((req, res) => {
	if (ownProtocol) req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res);
});
const app = await startApp({ httpServer: server, env });

server.listen(env.PORT, env.HOST, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : env.PORT;
	console.log(
		`[start] CityDesk listening on http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`
	);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`[start] ${signal}: stopping`);
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	server.closeIdleConnections();
	await app.stop();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
