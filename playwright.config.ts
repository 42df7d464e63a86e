import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium unless CHROMIUM_PATH says otherwise; Playwright's own only as a fallback. */
export function chromiumPath(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

const port = Number(process.env.E2E_PORT ?? 4173);
const postgresPort = port + 1;
export const e2eAdminPassword = 'e2e-admin-password';
export const e2eWebhookSecret = 'e2e-telephony-webhook-secret';
const serverEnv = {
	HOST: '127.0.0.1',
	ADMIN_PASSWORD: e2eAdminPassword,
	LOGIN_MAX_FAILURES: '50',
	// Tests make their own data; demo traffic would take their crews.
	SIMULATE: '0',
	// Calls come only from the tests, through the signed webhook.
	SIMULATE_CALLS: '0',
	TELEPHONY_WEBHOOK_SECRET: e2eWebhookSecret
};
// With a test database (CI), the API and map checks also run against the PostgreSQL backend.
const postgres = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'on-first-retry',
		locale: 'zh-TW',
		launchOptions: {
			executablePath: chromiumPath(),
			// This machine has no route outside; keep Chromium from calling home.
			args: ['--disable-background-networking', '--disable-component-update', '--disable-sync']
		}
	},
	projects: [
		{ name: 'embedded', use: { ...devices['Desktop Chrome'] } },
		...(postgres
			? [
					{
						name: 'postgres',
						testMatch: [
							'api.e2e.ts',
							'map.e2e.ts',
							'dispatch.e2e.ts',
							'crew-api.e2e.ts',
							'telephony.e2e.ts'
						],
						use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${postgresPort}` }
					}
				]
			: [])
	],
	webServer: [
		{
			// The production entry on a fresh embedded database, as a new user runs it.
			command: 'rm -rf .tmp/e2e-data && node node_modules/tsx/dist/cli.mjs src/server.ts',
			url: `http://127.0.0.1:${port}/api/health`,
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: { ...serverEnv, PORT: String(port), DATA_DIR: '.tmp/e2e-data' }
		},
		...(postgres
			? [
					{
						command: 'node node_modules/tsx/dist/cli.mjs tests/e2e/serve-postgres.ts',
						url: `http://127.0.0.1:${postgresPort}/api/health`,
						timeout: 120_000,
						reuseExistingServer: false,
						stdout: 'pipe' as const,
						env: { ...serverEnv, PORT: String(postgresPort) }
					}
				]
			: [])
	]
});
