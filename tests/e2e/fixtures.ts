import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { e2eAdminPassword } from '../../playwright.config.ts';

type Role = 'admin' | 'supervisor' | 'dispatcher' | 'coordinator';

/**
 * Every page test collects page errors and console errors and fails on any; `axe` checks the
 * page as it is now; `account(role)` makes a user of that role through the API.
 */
export const test = base.extend<{
	pageErrors: string[];
	axe: () => Promise<void>;
	adminToken: string;
	/** A request context that has never signed in. */
	anon: APIRequestContext;
	account: (role: Role) => Promise<{ username: string; password: string }>;
}>({
	pageErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
			page.on('console', (m) => {
				if (m.type() === 'error') errors.push(`console: ${m.text()}`);
			});
			await use(errors);
			expect(errors, 'page and console errors').toEqual([]);
		},
		{ auto: true }
	],
	axe: async ({ page }, use) => {
		await use(async () => {
			const result = await new AxeBuilder({ page }).analyze();
			expect(
				result.violations.map(
					(v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
				)
			).toEqual([]);
		});
	},
	anon: async ({ playwright, baseURL }, use) => {
		const context = await playwright.request.newContext({ baseURL });
		await use(context);
		await context.dispose();
	},
	adminToken: async ({ request }, use) => {
		await use(await tokenFor(request, 'admin', e2eAdminPassword));
	},
	account: async ({ request, adminToken }, use) => {
		await use(async (role) => {
			const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
			const password = `pw-${username}-long`;
			const r = await request.post('/api/users', {
				headers: { authorization: `Bearer ${adminToken}` },
				data: { username, password, role }
			});
			expect(r.status()).toBe(201);
			return { username, password };
		});
	}
});

/** Signs in through the API and returns the bearer token. */
export async function tokenFor(
	request: APIRequestContext,
	username: string,
	password: string
): Promise<string> {
	const r = await request.post('/api/session', { data: { username, password } });
	expect(r.status()).toBe(200);
	return ((await r.json()) as { token: string }).token;
}

/** Signs in through the login page, as a person does. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel(/帳號|Username/).fill(username);
	await page.getByLabel(/密碼|Password/).fill(password);
	await page.getByRole('button', { name: /^(登入|Sign in)$/ }).click();
	await expect(page.getByRole('navigation', { name: /主選單|Main menu/ })).toBeVisible();
}

export { expect };
