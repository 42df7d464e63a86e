import { PNG } from 'pngjs';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, tokenFor } from './fixtures.ts';

/*
 * Issue 4, "done when": a dispatcher assigns a job; the crew's tablet (Chromium at 768×1024,
 * touch, emulated geolocation) shows it live, goes offline, works it to done with a note and a
 * photo, reloads offline (the shell from the service worker, the jobs and the outbox from
 * IndexedDB), comes back, and the server and a dispatcher's open console hold every step
 * exactly once, in order.
 */

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
/** 高雄市政府, where the job is; the tablet stands a few hundred metres away. */
const CITY_HALL = { lon: 120.312, lat: 22.6204 };
const TABLET_AT = { longitude: 120.3165, latitude: 22.6231, accuracy: 12 };
const AT_JOB = { longitude: 120.3122, latitude: 22.6206, accuracy: 8 };

interface JobEvent {
	type: string;
	toStatus: string | null;
	data: { note?: string; deviceSeq?: number };
}

function tag(): string {
	return `E2E-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

async function makeAccount(
	request: APIRequestContext,
	adminToken: string,
	data: { role: string; crewId?: number }
): Promise<{ username: string; password: string; token: string }> {
	const username = `${data.role}-${Math.random().toString(36).slice(2, 8)}`;
	const password = `pw-${username}-long`;
	const r = await request.post('/api/users', {
		headers: auth(adminToken),
		data: { username, password, ...data }
	});
	expect(r.status()).toBe(201);
	return { username, password, token: await tokenFor(request, username, password) };
}

/** A tablet: a browser context of its own, with its own error log (offline noise excepted). */
async function openTablet(browser: Browser): Promise<{
	context: BrowserContext;
	page: Page;
	errors: string[];
}> {
	const context = await browser.newContext({
		viewport: { width: 768, height: 1024 },
		hasTouch: true,
		isMobile: false,
		locale: 'zh-TW',
		geolocation: TABLET_AT,
		permissions: ['geolocation'],
		serviceWorkers: 'allow'
	});
	const page = await context.newPage();
	const errors: string[] = [];
	// Requests that fail because the test pulled the network are the browser's own reports,
	// not faults of the page: the socket retrying, a sync attempt racing the switch.
	const offlineNoise =
		/ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|WebSocket connection to .* failed/;
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !offlineNoise.test(m.text())) errors.push(`console: ${m.text()}`);
	});
	return { context, page, errors };
}

async function axeOn(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).analyze();
	expect(
		result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
	).toEqual([]);
}

/** Where the server has the crew now. */
async function crewLocation(request: APIRequestContext, token: string, crewId: number) {
	const r = await request.get('/api/crews?agency=MOPW', { headers: auth(token) });
	const { crews } = (await r.json()) as {
		crews: { id: number; location: { lon: number; lat: number } | null }[];
	};
	return crews.find((c) => c.id === crewId)?.location;
}

/** A small photo from the "camera". */
function photoPng(): Buffer {
	const image = new PNG({ width: 96, height: 64 });
	for (let i = 0; i < image.data.length; i += 4) {
		image.data[i] = 200;
		image.data[i + 1] = (i / 4) % 255;
		image.data[i + 2] = 40;
		image.data[i + 3] = 255;
	}
	return PNG.sync.write(image);
}

/** A crew of the agency that owns street lights, with a crew account and a dispatcher. */
async function crewAndDispatcher(request: APIRequestContext, adminToken: string, crewName: string) {
	const crew = await request.post('/api/crews', {
		headers: auth(adminToken),
		data: {
			name: crewName,
			agencyCode: 'MOPW',
			skills: ['electrical'],
			location: CITY_HALL,
			status: 'available'
		}
	});
	expect(crew.status()).toBe(201);
	const crewId = ((await crew.json()) as { id: number }).id;
	const crewAccount = await makeAccount(request, adminToken, { role: 'crew', crewId });
	const office = await makeAccount(request, adminToken, { role: 'dispatcher' });
	return { crewId, crewAccount, office };
}

/** A street-light job filed and assigned to the crew by a dispatcher, through the API. */
async function assignJob(
	request: APIRequestContext,
	officeToken: string,
	crewId: number,
	description: string
): Promise<number> {
	const filed = await request.post('/api/jobs', {
		headers: auth(officeToken),
		data: {
			categoryCode: 'STREETLIGHT_OUT',
			description,
			location: CITY_HALL,
			address: '高雄市苓雅區四維三路2號',
			reporter: { name: '林先生', phone: '0912-345-678' }
		}
	});
	expect(filed.status()).toBe(201);
	const job = (await filed.json()) as { id: number; version: number };
	const assigned = await request.post(`/api/jobs/${job.id}/assignment`, {
		headers: auth(officeToken),
		data: { crewId, expectedVersion: job.version, shareReporter: true }
	});
	expect(assigned.status()).toBe(200);
	return job.id;
}

/**
 * Signs the tablet in (the session cookie, through the API into the tablet's own cookie jar:
 * typing into the login form races its hydration on a busy machine), opens the home page as a
 * crew member does, lands on /crew, and waits until the page works offline.
 */
async function signInTablet(
	tablet: { context: BrowserContext; page: Page },
	account: { username: string; password: string }
) {
	const r = await tablet.context.request.post('/api/session', {
		data: { username: account.username, password: account.password }
	});
	expect(r.status()).toBe(200);
	const t = tablet.page;
	await t.goto('/');
	await expect(t).toHaveURL(/\/crew$/);
	await expect(t.getByTestId('crew-connection')).toHaveText('已連線');
	// The service worker is active and holds this page: only now may the network go.
	await expect(t.locator('[data-offline-ready="true"]')).toBeAttached();
}

test('a crew works a job offline on the tablet; back online, the server and the dispatcher see every step once, in order', async ({
	page: dispatcher,
	browser,
	request,
	adminToken,
	axe
}) => {
	// Two browsers, a service worker, a reload and a replay: more than the default minute.
	test.setTimeout(180_000);
	const marker = tag();
	const crewName = `平板班 ${marker}`;

	const { crewId, crewAccount, office } = await crewAndDispatcher(request, adminToken, crewName);

	const tablet = await openTablet(browser);
	const t = tablet.page;
	try {
		await test.step('the crew signs in and lands on its tablet app, ready offline', async () => {
			await signInTablet(tablet, crewAccount);
			await expect(t.getByRole('heading', { name: /我的案件/ })).toBeVisible();
			await expect(t.getByText(`班組：${crewName}`)).toBeVisible();
			await expect(t.getByText('目前沒有指派給本班組的案件。')).toBeVisible();
			const manifest = await request.get('/crew.webmanifest');
			expect(manifest.status()).toBe(200);
			expect(((await manifest.json()) as { start_url: string }).start_url).toBe('/crew');
		});

		await test.step('the tablet reports where it is (geolocation), throttled', async () => {
			await expect(t.getByTestId('crew-map')).toHaveAttribute('data-has-position', 'true');
			await expect
				.poll(() => crewLocation(request, office.token, crewId), { timeout: 20_000 })
				.toEqual({ lon: TABLET_AT.longitude, lat: TABLET_AT.latitude });
		});

		// A dispatcher's console is open before the assignment and is never reloaded.
		await dispatcher.setViewportSize({ width: 1366, height: 768 });
		const session = await dispatcher.context().request.post('/api/session', {
			data: { username: office.username, password: office.password }
		});
		expect(session.status()).toBe(200);
		await dispatcher.goto('/dispatch');
		await expect(dispatcher.getByTestId('connection-status')).toHaveText('即時連線中');

		const jobId =
			await test.step('a dispatcher files and assigns a job through the API', async () => {
				return assignJob(request, office.token, crewId, `府前路燈不亮 ${marker}`);
			});
		const card = t.locator(`button.job[data-job-id="${jobId}"]`);
		const row = dispatcher.locator(`button.row[data-job-id="${jobId}"]`);

		await test.step('the tablet shows it live, marked new, with a running countdown', async () => {
			await expect(card).toBeVisible();
			await expect(card).toContainText('路燈故障');
			await expect(card).toContainText('新派工');
			await expect(card.getByTestId('crew-row-status')).toHaveText('已派工');
			const countdown = card.getByTestId('countdown');
			const first = await countdown.textContent();
			expect(first).toMatch(/\d+:\d\d:\d\d/);
			await expect(countdown).not.toHaveText(first!);
			await expect(t.getByTestId('crew-map')).toHaveAttribute('data-job-count', '1');
			await axeOn(t);
		});

		await test.step('the dispatcher follows the job in the detail', async () => {
			await expect(row).toBeVisible();
			await row.click();
			await expect(dispatcher.getByTestId('detail-status')).toHaveText('已派工');
		});

		const panel = t.getByTestId('crew-job');
		await test.step('the job detail: category, description, address, district, shared callback, history', async () => {
			await card.tap();
			await expect(panel.getByRole('heading', { name: `#${jobId} 路燈故障` })).toBeFocused();
			await expect(panel).toContainText(`府前路燈不亮 ${marker}`);
			await expect(panel).toContainText('四維三路');
			await expect(panel).toContainText('苓雅區');
			await expect(panel.getByRole('link', { name: '撥打 0912-345-678' })).toHaveAttribute(
				'href',
				'tel:0912345678'
			);
			await expect(panel.getByTestId('crew-job-history')).toContainText('派工');
			await expect(panel.getByTestId('crew-job-status')).toHaveText('已派工');
			await axeOn(t);
		});

		await test.step('offline: accept and go, on site, done with a note and a photo', async () => {
			await tablet.context.setOffline(true);
			await expect(t.getByTestId('crew-connection')).toHaveText('離線作業中');
			// The crew drives to the job: a fix more than 50 m on is kept for later.
			await tablet.context.setGeolocation(AT_JOB);
			await expect(t.getByTestId('crew-pending')).toContainText('另有位置 1 筆待傳送');

			await panel.getByRole('button', { name: '接受並出發' }).tap();
			await expect(panel.getByTestId('crew-job-status')).toHaveText('前往中');
			await expect(t.getByTestId('crew-pending')).toHaveText(/1 筆待傳送/);

			await panel.getByRole('button', { name: '已到場' }).tap();
			await expect(panel.getByTestId('crew-job-status')).toHaveText('處理中');
			await expect(t.getByTestId('crew-pending')).toHaveText(/2 筆待傳送/);

			await panel.getByRole('button', { name: '處理完成' }).tap();
			const note = panel.getByLabel('處理說明（必填）');
			await expect(note).toBeFocused();
			// A note is required: sending without one is refused on the tablet, in words.
			await panel.getByRole('button', { name: '送出完成回報' }).tap();
			await expect(panel.getByText('請填寫這一欄。')).toBeVisible();
			await axeOn(t);
			await note.fill(`已更換燈泡 ${marker}`);
			await panel.getByLabel('現場照片（選填，可多張）').setInputFiles({
				name: 'lamp.png',
				mimeType: 'image/png',
				buffer: photoPng()
			});
			await panel.getByRole('button', { name: '送出完成回報' }).tap();
			await expect(panel.getByTestId('crew-job-status')).toHaveText('處理完成');
			await expect(panel.getByTestId('crew-photo-pending')).toHaveCount(1);
			// Three actions and one photo wait on the device.
			await expect(t.getByTestId('crew-pending')).toHaveAttribute('data-count', '4');
			await expect(t.getByTestId('crew-pending')).toHaveText(/4 筆待傳送/);
			await axeOn(t);
		});

		await test.step('nothing reached the server or the dispatcher while offline', async () => {
			const r = await request.get(`/api/jobs/${jobId}`, { headers: auth(office.token) });
			expect(((await r.json()) as { status: string }).status).toBe('dispatched');
			expect(await crewLocation(request, office.token, crewId)).toEqual({
				lon: TABLET_AT.longitude,
				lat: TABLET_AT.latitude
			});
			await expect(dispatcher.getByTestId('detail-status')).toHaveText('已派工');
		});

		await test.step('a reload while offline: the shell from the service worker, the work from the device', async () => {
			const response = await t.reload();
			expect(response?.fromServiceWorker()).toBe(true);
			expect(response?.headers()['x-citydesk-offline']).toBe('cached');
			await expect(t.getByTestId('crew-connection')).toHaveText('離線作業中');
			await expect(card.getByTestId('crew-row-status')).toHaveText('處理完成');
			await expect(t.getByTestId('crew-pending')).toHaveAttribute('data-count', '4');
			await expect(t.getByText(/離線顯示 .* 的資料/)).toBeVisible();
			await card.tap();
			await expect(panel.getByTestId('crew-job-pending')).toHaveText('有 3 筆動作等待傳送');
			await expect(panel.getByTestId('crew-photo-pending')).toHaveCount(1);
			await axeOn(t);
		});

		await test.step('back online: the outbox replays and empties', async () => {
			await tablet.context.setOffline(false);
			await expect(t.getByTestId('crew-pending')).toHaveAttribute('data-count', '0', {
				timeout: 30_000
			});
			await expect(t.getByTestId('crew-pending')).toHaveText('全部已傳送');
			await expect(t.getByTestId('crew-connection')).toHaveText('已連線');
		});

		await test.step('the position gathered offline reached the server', async () => {
			await expect
				.poll(() => crewLocation(request, office.token, crewId))
				.toEqual({
					lon: AT_JOB.longitude,
					lat: AT_JOB.latitude
				});
		});

		await test.step('the server holds each action exactly once, in order, and the photo', async () => {
			const r = await request.get(`/api/jobs/${jobId}`, { headers: auth(office.token) });
			const job = (await r.json()) as { status: string; events: JobEvent[] };
			expect(job.status).toBe('done');
			// The tablet's moves carry its sequence numbers; the office's own moves do not.
			const moves = job.events.filter((e) => e.type === 'transition' && e.data.deviceSeq);
			expect(job.events.filter((e) => e.type === 'transition').length).toBe(moves.length + 1);
			expect(moves.map((e) => e.toStatus)).toEqual(['en_route', 'on_site', 'done']);
			expect(moves.map((e) => e.data.deviceSeq)).toEqual([1, 2, 3]);
			expect(moves[2]?.data.note).toBe(`已更換燈泡 ${marker}`);
			const photos = await request.get(`/api/jobs/${jobId}/photos`, {
				headers: auth(office.token)
			});
			const list = (await photos.json()) as { contentType: string }[];
			expect(list).toHaveLength(1);
			expect(list[0]?.contentType).toBe('image/jpeg');
		});

		await test.step('the dispatcher saw it live, every step once', async () => {
			const detail = dispatcher.getByTestId('job-detail');
			await expect(detail.getByTestId('detail-status')).toHaveText('處理完成');
			const history = detail.locator('ol.history li');
			await expect(history.filter({ hasText: '→ 前往中' })).toHaveCount(1);
			await expect(history.filter({ hasText: '→ 處理中' })).toHaveCount(1);
			await expect(history.filter({ hasText: `→ 處理完成：已更換燈泡 ${marker}` })).toHaveCount(1);
			await axe();
		});

		await test.step('the tablet shows the job done, with the uploaded photo from the server', async () => {
			await expect(panel.getByTestId('crew-job-status')).toHaveText('處理完成');
			await expect(panel.getByTestId('crew-job-pending')).toHaveCount(0);
			await expect(panel.getByRole('img', { name: `案件 #${jobId} 的照片 1` })).toBeVisible();
			await expect(panel.getByText('此案件已處理完成，不需再操作。')).toBeVisible();
		});

		await test.step('English on the tablet, switched there (it works offline too)', async () => {
			await t.getByRole('button', { name: 'English' }).tap();
			await expect(panel.getByTestId('crew-job-status')).toHaveText('Done');
			await expect(t.getByTestId('crew-connection')).toHaveText('Online');
			await expect(t.locator('html')).toHaveAttribute('lang', 'en');
			await panel.getByRole('button', { name: 'Back to my jobs' }).tap();
			await expect(t.getByRole('heading', { name: /My jobs/ })).toBeVisible();
			await expect(card).toBeFocused();
			await axeOn(t);
			await t.getByRole('button', { name: '中文' }).tap();
			await expect(t.getByRole('heading', { name: /我的案件/ })).toBeVisible();
		});
	} finally {
		await tablet.context.close();
	}
	expect(tablet.errors, "the tablet's page and console errors").toEqual([]);
});

test('a job cancelled while the tablet was offline: the crew sees why, in plain words, until they acknowledge it', async ({
	browser,
	request,
	adminToken
}) => {
	test.setTimeout(120_000);
	const marker = tag();
	const { crewId, crewAccount, office } = await crewAndDispatcher(
		request,
		adminToken,
		`衝突班 ${marker}`
	);
	const jobId = await assignJob(request, office.token, crewId, `路燈閃爍 ${marker}`);
	const tablet = await openTablet(browser);
	const t = tablet.page;
	try {
		await signInTablet(tablet, crewAccount);
		const card = t.locator(`button.job[data-job-id="${jobId}"]`);
		await expect(card).toBeVisible();

		await tablet.context.setOffline(true);
		await expect(t.getByTestId('crew-connection')).toHaveText('離線作業中');
		await card.tap();
		await t.getByRole('button', { name: '接受並出發' }).tap();
		await expect(t.getByTestId('crew-job-status')).toHaveText('前往中');
		await expect(t.getByTestId('crew-pending')).toHaveAttribute('data-count', '1');

		// Meanwhile the dispatcher cancels the first job.
		const cancelled = await request.post(`/api/jobs/${jobId}/transitions`, {
			headers: auth(office.token),
			data: { to: 'cancelled', note: '民眾來電表示已恢復', idempotencyKey: `cancel-${marker}` }
		});
		expect(cancelled.status()).toBe(200);

		await tablet.context.setOffline(false);
		const conflicts = t.getByTestId('crew-conflicts');
		await expect(conflicts).toContainText(
			`案件 #${jobId} 目前是「已取消」，不能改為「出發前往」，這筆回報沒有生效。`
		);
		await expect(t.getByTestId('crew-pending')).toHaveAttribute('data-count', '0');
		// The cancelled job left the list (and its open detail); the server never moved it.
		await expect(card).toHaveCount(0);
		await expect(t.getByTestId('crew-job')).toHaveCount(0);
		await expect(t.getByText('目前沒有指派給本班組的案件。')).toBeVisible();
		const r = await request.get(`/api/jobs/${jobId}`, { headers: auth(office.token) });
		const job = (await r.json()) as { status: string; events: JobEvent[] };
		expect(job.status).toBe('cancelled');
		expect(job.events.filter((e) => e.data.deviceSeq)).toEqual([]);
		await axeOn(t);

		// It stays, across a reload, until the crew says they have read it.
		await t.reload();
		await expect(conflicts).toContainText(`案件 #${jobId} 目前是「已取消」`);
		await conflicts.getByRole('button', { name: `知道了：案件 #${jobId}` }).tap();
		await expect(conflicts).toHaveCount(0);
		await t.reload();
		await expect(t.getByTestId('crew-connection')).toHaveText('已連線');
		await expect(t.getByTestId('crew-conflicts')).toHaveCount(0);

		// Signing out forgets the page kept for offline use: the next person gets none.
		await t.getByRole('button', { name: '登出' }).tap();
		await expect(t).toHaveURL(/\/login$/);
		const kept = await t.evaluate(async () => {
			const found: string[] = [];
			for (const key of await caches.keys()) {
				if (await (await caches.open(key)).match('/crew')) found.push(key);
			}
			return found;
		});
		expect(kept).toEqual([]);
	} finally {
		await tablet.context.close();
	}
	expect(tablet.errors, "the tablet's page and console errors").toEqual([]);
});
