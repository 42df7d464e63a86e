import { test, expect, signIn } from './fixtures.ts';

test('the login page is in Traditional Chinese by default and passes axe', async ({
	page,
	axe
}) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/login\?next=%2F$/);
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
	await expect(page.getByRole('heading', { level: 1, name: '登入' })).toBeVisible();
	await axe();
});

test('a wrong password shows a clear error and keeps the username', async ({ page, account }) => {
	const { username } = await account('dispatcher');
	await page.goto('/login');
	await page.getByLabel('帳號').fill(username);
	await page.getByLabel('密碼').fill('not the password');
	await page.getByRole('button', { name: '登入' }).click();
	await expect(page.getByRole('alert').filter({ hasText: '帳號或密碼錯誤' })).toBeVisible();
	await expect(page.getByLabel('帳號')).toHaveValue(username);
});

test('sign in by keyboard alone, switch to English, and the choice is remembered', async ({
	page,
	account,
	axe
}) => {
	const { username, password } = await account('supervisor');
	await page.goto('/login');
	// Tab order: skip link, brand, language switch, then the form.
	await page.getByLabel('帳號').focus();
	await page.keyboard.type(username);
	await page.keyboard.press('Tab');
	await page.keyboard.type(password);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: '總覽' })).toBeVisible();
	await expect(page.getByText(`已登入：${username}（值班主管）`)).toBeVisible();
	await axe();

	await page.getByRole('button', { name: /English/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
	await expect(page.getByText(`Signed in as ${username} (Supervisor)`)).toBeVisible();
	await axe();

	// The skip link is the first stop and moves focus past the header.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
});

test('sign out ends the session', async ({ page, account }) => {
	const { username, password } = await account('coordinator');
	await signIn(page, username, password);
	await page.getByRole('button', { name: '登出' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/map');
	await expect(page).toHaveURL(/\/login\?next=%2Fmap$/);
});

test('what was typed before the page finished loading is kept when it hydrates', async ({
	page,
	account
}) => {
	const { username, password } = await account('dispatcher');
	// Hold the page's scripts back, as a slow link does, so the user types first.
	let release = () => {};
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('帳號').fill(username);
	await page.getByLabel('密碼').fill(password);
	release();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('帳號')).toHaveValue(username);
	await page.getByRole('button', { name: '登入' }).click();
	await expect(page.getByRole('heading', { level: 1, name: '總覽' })).toBeVisible();
});
