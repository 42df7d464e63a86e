import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `vite dev` gets the same app node as `npm start`: Socket.IO on Vite's HTTP server, the
 * database and the workers, started once per dev server and stopped with it.
 */
function citydeskDevServer(): Plugin {
	return {
		name: 'citydesk-dev-server',
		apply: 'serve',
		async configureServer(server) {
			const httpServer = server.httpServer;
			if (!httpServer || process.env.VITEST) return;
			const { startApp } = await import('./src/lib/server/app.ts');
			const app = await startApp({ httpServer: httpServer as import('node:http').Server });
			httpServer.once('close', () => void app.stop());
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), citydeskDevServer()],
	server: { port: 5173 },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'workers/**/*.spec.ts']
				}
			},
			{
				extends: true,
				test: {
					// Real PostGIS when TEST_DATABASE_URL is set (CI), embedded PGlite otherwise.
					name: 'db',
					environment: 'node',
					include: ['tests/db/**/*.test.ts'],
					globalSetup: ['tests/db/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			},
			{
				extends: true,
				test: {
					// Always embedded: proves the default backend even when CI points `db` at PostGIS.
					name: 'embedded',
					environment: 'node',
					include: ['tests/embedded/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			}
		]
	}
});
