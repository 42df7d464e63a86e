import { PNG } from 'pngjs';
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, signIn, tokenFor } from './fixtures.ts';

// The dispatch console against the real server: filing by address, the live list and map,
// one-action assignment, a second dispatcher following live, keyboard-only filing, and axe.

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** 高雄市政府, as the gazetteer places it. */
const CITY_HALL = { lon: 120.312, lat: 22.6204 };

interface Job {
	id: number;
	status: string;
	agencyCode: string;
	location: { lon: number; lat: number };
}

/** A unique marker for this test's data, so other tests and the demo simulator never collide. */
function tag(): string {
	return `E2E-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * An available crew of the agency that owns street lights in the former city (MOPW), with the
 * skill the category needs, at city hall. It gets a crew account so that the demo simulator,
 * which drives only crews nobody signs in for, leaves it to the test.
 */
async function createCrew(
	request: APIRequestContext,
	adminToken: string,
	name: string,
	at = CITY_HALL
): Promise<number> {
	const r = await request.post('/api/crews', {
		headers: auth(adminToken),
		data: {
			name,
			agencyCode: 'MOPW',
			skills: ['electrical'],
			location: at,
			status: 'available'
		}
	});
	expect(r.status()).toBe(201);
	const { id } = (await r.json()) as { id: number };
	const account = await request.post('/api/users', {
		headers: auth(adminToken),
		data: {
			username: `crew-${id}-${Math.random().toString(36).slice(2, 6)}`,
			password: `pw-crew-${id}-long-enough`,
			role: 'crew',
			crewId: id
		}
	});
	expect(account.status()).toBe(201);
	return id;
}

async function openConsole(page: Page, username: string, password: string): Promise<void> {
	await signIn(page, username, password);
	await page.getByRole('navigation').getByRole('link', { name: '派工台', exact: true }).click();
	await expect(page.getByRole('heading', { name: '受理新案件' })).toBeVisible();
	await expect(page.getByTestId('dispatch-map')).toHaveAttribute('data-ready', 'true');
	await expect(page.getByTestId('connection-status')).toHaveText('即時連線中');
}

/** The list row of a job: a button whose name starts with its number. */
const row = (page: Page, id: number) => page.locator(`button.row[data-job-id="${id}"]`);

test.use({ viewport: { width: 1366, height: 768 } });

test('a dispatcher files a case by address, finds it on the map and assigns the nearest crew in one action; another console follows live', async ({
	page,
	browser,
	request,
	adminToken,
	account,
	axe
}) => {
	// Two browsers, two consoles, a real map: more than the default minute on two cores.
	test.setTimeout(120_000);
	const marker = tag();
	const crewName = `城府班 ${marker}`;
	const crewId = await createCrew(request, adminToken, crewName);
	const me = await account('dispatcher');
	const other = await account('dispatcher');

	// A second dispatcher watches in another browser context; it never reloads.
	const watcherContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	const watcherErrors: string[] = [];
	try {
		const watcher = await watcherContext.newPage();
		watcher.on('pageerror', (e) => watcherErrors.push(`pageerror: ${e.message}`));
		watcher.on('console', (m) => {
			if (m.type() === 'error') watcherErrors.push(`console: ${m.text()}`);
		});

		await test.step('open both consoles', async () => {
			await Promise.all([
				openConsole(page, me.username, me.password),
				openConsole(watcher, other.username, other.password)
			]);
			await axe();
		});

		const id = await test.step('file a case by address (the gazetteer places it)', async () => {
			const category = page.getByRole('combobox', { name: /案件類別/ });
			await category.fill('路燈不亮');
			await expect(page.getByRole('option', { name: /路燈故障/ }).first()).toBeVisible();
			await category.press('Enter');
			await expect(category).toHaveValue('路燈故障');
			await page.getByLabel(/案情描述/).fill(`市府前路燈整排不亮 ${marker}`);
			await page.getByLabel('地址或地標').fill('高雄市政府');
			// Before filing, the form places the address: district, queue, and how it was placed.
			const preview = page.getByTestId('intake-address-preview');
			await expect(preview).toContainText('苓雅區');
			await expect(preview).toContainText('路燈故障(一)');
			await expect(preview.getByTestId('intake-address-geocode')).toContainText('地名資料');
			await page.getByLabel('回電號碼').fill('0912-345-678');
			await page.getByRole('button', { name: '建立案件' }).click();

			// The server's answer: district, queue, deadline and how the address was placed.
			const result = page.getByTestId('filed-result');
			await expect(result).toBeVisible();
			const heading = await result.getByRole('heading').textContent();
			const filed = Number(/#(\d+)/.exec(heading ?? '')?.[1]);
			expect(filed).toBeGreaterThan(0);
			await expect(result.getByTestId('filed-district')).toContainText('苓雅區');
			await expect(result).toContainText('路燈故障(一)');
			await expect(result.getByTestId('filed-geocode')).toContainText('地名資料');
			await expect(page.getByTestId('announcer')).toContainText(`已建立案件 #${filed}`);
			return filed;
		});

		await test.step('the list, the map and the other console show it', async () => {
			await expect(row(watcher, id)).toBeVisible();
			await expect(row(watcher, id).getByTestId('row-status')).toHaveText('待確認');
			await expect(row(page, id)).toHaveAttribute('aria-current', 'true');
			const map = page.getByTestId('dispatch-map');
			await expect(map).toHaveAttribute('data-selected-job', String(id));
			// Close the detail, then pick the job on the map itself, where the map has centred:
			// the point is really drawn there.
			await page.getByRole('button', { name: '關閉詳情' }).click();
			await expect(map).toHaveAttribute('data-selected-job', '');
			await expect(row(page, id)).toBeFocused();
			const box = (await map.boundingBox())!;
			await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
			await expect(map).toHaveAttribute('data-selected-job', String(id));
		});

		const detail = page.getByTestId('job-detail');
		const candidate = detail.getByTestId('candidates').locator(`tr[data-crew-id="${crewId}"]`);
		await test.step('the detail: callback number, history, nearest crew with distance and ETA', async () => {
			await expect(detail.getByRole('heading', { name: `#${id} 路燈故障` })).toBeVisible();
			await expect(detail.getByTestId('detail-reporter')).toContainText('0912-345-678');
			await expect(detail).toContainText('建立案件');
			await expect(candidate).toContainText(crewName);
			await expect(candidate).toContainText(/\d+ 公尺|\d+\.\d 公里/);
			await expect(candidate).toContainText(/\d+ 分鐘/);
			await axe();
		});

		await test.step('one action assigns: dispatched, and the countdown runs', async () => {
			// The dispatcher lets the crew see who called and the callback number.
			await detail.getByRole('checkbox', { name: /報案人姓名與回電號碼/ }).check();
			await candidate.getByRole('button', { name: `派工給 ${crewName}` }).click();
			await expect(detail.getByTestId('detail-status')).toHaveText('已派工');
			await expect(page.getByTestId('announcer')).toHaveText(`已將案件 #${id} 派工給 ${crewName}`);
			await expect(row(page, id).getByTestId('row-status')).toHaveText('已派工');
			await expect(detail).toContainText(crewName);
			const countdown = detail.getByTestId('detail-deadline').getByTestId('countdown');
			const first = await countdown.textContent();
			expect(first).toMatch(/\d+天 \d+:\d\d:\d\d|\d+:\d\d:\d\d/);
			await expect(countdown).not.toHaveText(first!); // it ticks
			const job = (await (
				await request.get(`/api/jobs/${id}`, { headers: auth(adminToken) })
			).json()) as Job;
			expect(job).toMatchObject({ status: 'dispatched', agencyCode: 'MOPW', reporterShared: true });
		});

		await test.step('a photo from the field appears in the detail as a thumbnail, live', async () => {
			const image = new PNG({ width: 64, height: 48 });
			image.data.fill(90);
			const uploaded = await request.post(`/api/jobs/${id}/photos`, {
				headers: auth(adminToken),
				multipart: {
					photo: { name: 'site.png', mimeType: 'image/png', buffer: PNG.sync.write(image) }
				}
			});
			expect(uploaded.status()).toBe(201);
			const thumb = detail.getByTestId('job-photos').getByRole('img', { name: /現場照片 1/ });
			await expect(thumb).toBeVisible();
			await thumb.scrollIntoViewIfNeeded();
			// The thumbnail really loads (the server made a JPEG of it), not just its alt text.
			await expect
				.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
				.toBeGreaterThan(0);
		});

		await test.step('the other console saw it turn dispatched without a reload', async () => {
			await expect(row(watcher, id).getByTestId('row-status')).toHaveText('已派工');
		});
	} finally {
		await watcherContext.close();
	}
	expect(watcherErrors, "the second console's page and console errors").toEqual([]);
});

test('a call taker files a case with the keyboard alone, Ctrl+Enter to submit', async ({
	page,
	account
}) => {
	const { username, password } = await account('dispatcher');
	const marker = tag();
	await openConsole(page, username, password);
	// A fresh load, so that focus starts at the top of the page.
	await page.goto('/dispatch');
	await expect(page.getByTestId('dispatch-map')).toHaveAttribute('data-ready', 'true');

	// From the top of the page: the skip link, then the first field of the console.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: '跳到主要內容' })).toBeFocused();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	const category = page.getByRole('combobox', { name: /案件類別/ });
	await expect(category).toBeFocused();

	// Type-ahead, arrows and Enter in the combobox.
	await page.keyboard.type('路面坑');
	await expect(category).toHaveAttribute('aria-expanded', 'true');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowUp');
	const active = await category.getAttribute('aria-activedescendant');
	await expect(page.locator(`#${active}`)).toContainText('路面坑洞');
	await page.keyboard.press('Enter');
	await expect(category).toHaveValue('路面坑洞');
	await expect(category).toHaveAttribute('aria-expanded', 'false');

	// Tab past the priority to the description, then to the address.
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('優先等級')).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.type(`路面有大洞 ${marker}`);
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('地址或地標')).toBeFocused();
	await page.keyboard.type('高雄市苓雅區');
	// Plain Enter in a field never files; Ctrl+Enter does, from anywhere in the form.
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('filed-result')).toHaveCount(0);
	await page.keyboard.press('Control+Enter');

	const result = page.getByTestId('filed-result');
	await expect(result).toBeVisible();
	await expect(result.getByTestId('filed-district')).toContainText('苓雅區');
	await expect(result.getByTestId('filed-geocode')).toContainText('行政區中心點');
	await expect(page.getByTestId('announcer')).toContainText('已建立案件 #');
	// Ready for the next call: the form is empty and focus is back on the category.
	await expect(category).toBeFocused();
	await expect(category).toHaveValue('');

	// A missing field is named next to it and focused.
	await page.keyboard.press('Control+Enter');
	await expect(category).toBeFocused();
	await expect(category).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('請選擇案件類別。')).toBeVisible();
});

test('a job passing its deadline turns overdue in the list, in words and not colour alone, and is announced at once', async ({
	page,
	request,
	account
}) => {
	const marker = tag();
	const { username, password } = await account('dispatcher');
	const supervisor = await account('supervisor');
	await openConsole(page, username, password);

	// A supervisor files a job and sets its deadline a few seconds ahead (an audited change).
	const token = await tokenFor(request, supervisor.username, supervisor.password);
	const filed = await request.post('/api/jobs', {
		headers: auth(token),
		data: {
			categoryCode: 'STREETLIGHT_OUT',
			description: `快逾期 ${marker}`,
			location: { lon: 120.3015, lat: 22.6273 }
		}
	});
	expect(filed.status()).toBe(201);
	const { id } = (await filed.json()) as Job;
	await expect(row(page, id)).toBeVisible();
	const deadlineAt = new Date(Date.now() + 4000).toISOString();
	const patched = await request.patch(`/api/jobs/${id}/deadline`, {
		headers: auth(token),
		data: { deadlineAt, reason: `e2e 期限測試 ${marker}` }
	});
	expect(patched.status()).toBe(200);

	const timer = row(page, id).locator('[data-state]');
	await expect(timer).toHaveAttribute('data-state', 'overdue');
	await expect(timer).toContainText('已逾期');
	await expect(timer.getByTestId('countdown')).toContainText('-0:00:');
	// Spoken at once (the assertive region), and shown for those who do not hear it.
	await expect(page.locator('[role="alert"][aria-live="assertive"]')).toContainText(`#${id}`);
	await expect(page.getByTestId('alarm')).toContainText(`#${id}`);
});
