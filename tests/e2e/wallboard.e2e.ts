import { createHmac } from 'node:crypto';
import type { APIRequestContext, ConsoleMessage, Page } from '@playwright/test';
import type { FieldStats } from '../../src/lib/contracts/field.ts';
import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { e2eWebhookSecret } from '../../playwright.config.ts';
import { test, expect, signIn, tokenFor } from './fixtures.ts';

/*
 * The wallboard against the production server. Telephony figures come from the real queue
 * engine, fed through the signed webhook as another phone system would; field figures from
 * real jobs. Where a test needs "no figures", it answers the HTTP request and drops the socket
 * frames itself.
 */

/** A prefix no other run shares, so call, agent and event ids never collide. */
const run = `wb${Date.now().toString(36)}`;

/** Posts events to the telephony webhook, signed with the e2e server's secret. */
async function telephony(request: APIRequestContext, events: TelephonyEvent[]): Promise<void> {
	const body = JSON.stringify({ events });
	const signature = createHmac('sha256', e2eWebhookSecret).update(body).digest('hex');
	const r = await request.post('/api/telephony/events', {
		headers: { 'content-type': 'application/json', 'x-citydesk-signature': `sha256=${signature}` },
		data: Buffer.from(body)
	});
	expect(r.status(), await r.text()).toBe(202);
}

/** How many agents `busyQueue` puts on the floor. */
const AGENTS = 26;

/**
 * A busy moment, as a phone system reports it: ten calls answered after 45 s of waiting and
 * two abandoned this half hour (service level far under its 80 % target), seven callers waiting
 * now (the longest for 95 s, over the 60 s alarm), and 26 agents in every state, with names
 * long and short and pause reasons, each in its state for a different time. The snapshot at the
 * end is the whole picture: agents of earlier tests are logged out by it.
 */
async function busyQueue(request: APIRequestContext, tag: string): Promise<void> {
	const id = `${run}-${tag}`;
	const now = Date.now();
	const at = (sec: number) => new Date(now + sec * 1000).toISOString();
	const states = ['available', 'on_call', 'wrap_up', 'not_ready', 'on_call', 'ringing'] as const;
	const names = ['王小明', '陳美玲', 'Christopher Montgomery-Smith', '林志豪', '張雅婷', '黃國華'];
	const agents = Array.from({ length: AGENTS }, (_, i) => {
		const state = states[i % states.length]!;
		return {
			agent: `${id}-a${i}`,
			name: `${names[i % names.length]} ${i}`,
			state,
			...(state === 'not_ready' ? { reason: i % 2 ? '午休' : 'Quality coaching session' } : {})
		};
	});
	const events: TelephonyEvent[] = [];
	const helper = `${id}-helper`;
	for (let i = 0; i < 10; i++) {
		const callId = `${id}-c${i}`;
		const joined = -900 + i * 30;
		events.push(
			{ type: 'call.joined', eventId: `${callId}-j`, at: at(joined), callId, queue: '1999' },
			{ type: 'call.answered', eventId: `${callId}-a`, at: at(joined + 45), callId, agent: helper },
			{
				type: 'call.completed',
				eventId: `${callId}-c`,
				at: at(joined + 200),
				callId,
				agent: helper
			}
		);
	}
	for (let i = 0; i < 2; i++) {
		const callId = `${id}-x${i}`;
		events.push(
			{ type: 'call.joined', eventId: `${callId}-j`, at: at(-300), callId, queue: '1999' },
			{ type: 'call.abandoned', eventId: `${callId}-x`, at: at(-270), callId }
		);
	}
	agents.forEach((a, i) =>
		events.push({ type: 'agent.state', eventId: `${a.agent}-s`, at: at(-(i * 37 + 5)), ...a })
	);
	events.push({
		type: 'snapshot',
		eventId: `${id}-snapshot`,
		at: at(0),
		waiting: [95, 80, 60, 45, 30, 20, 5].map((sec, i) => ({
			callId: `${id}-w${i}`,
			queue: '1999',
			waitingSinceSec: sec
		})),
		agents
	});
	await telephony(request, events);
}

/**
 * Drops the server's `queue:stats` frames on both Socket.IO transports (long-polling first,
 * WebSocket after the upgrade) while `silent` is set: the queue engine "goes quiet".
 */
async function queueFrames(page: Page, silent: boolean): Promise<{ silent: boolean }> {
	const control = { silent };
	const isQueue = (packet: string) => packet.startsWith('42["queue:stats"');
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		const server = ws.connectToServer();
		server.onMessage((m) => {
			if (control.silent && typeof m === 'string' && isQueue(m)) return;
			ws.send(m);
		});
	});
	await page.route(/\/socket\.io\/.*transport=polling/, async (route) => {
		const response = await route.fetch();
		if (route.request().method() !== 'GET' || !control.silent) return route.fulfill({ response });
		const kept = (await response.text()).split('\x1e').filter((p) => !isQueue(p));
		// An empty poll answer would break the client; "6" is engine.io's no-op packet.
		await route.fulfill({ response, body: kept.length ? kept.join('\x1e') : '6' });
	});
	return control;
}

/** No telephony at all: the node has no queue engine (503) and no frames come. */
async function noTelephony(page: Page): Promise<void> {
	await page.route('**/api/queue/stats', (route) =>
		route.fulfill({
			status: 503,
			json: { error: { code: 'unavailable', message: 'the queue engine is not running' } }
		})
	);
	await queueFrames(page, true);
}

/**
 * Console errors this test causes on purpose, taken back out of those the fixture fails on:
 * the browser logs every 4xx answer and every request made offline. `match` picks them by the
 * resource they are about, so any other error still fails the test.
 */
function expectConsoleErrors(
	page: Page,
	pageErrors: string[],
	match: (m: ConsoleMessage) => boolean
): () => void {
	const expected: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error' && match(m)) expected.push(`console: ${m.text()}`);
	});
	return () => {
		for (const text of expected.splice(0)) {
			const i = pageErrors.indexOf(text);
			if (i >= 0) pageErrors.splice(i, 1);
		}
	};
}
const resource = (m: ConsoleMessage) => new URL(m.location().url || 'about:blank').pathname;

/**
 * What does not fit, measured in the page: the document must not scroll; no tile may overflow;
 * no element may be wider than its box (text cut short or spilling); every piece of text must
 * lie inside its tile (or the board) and on screen.
 */
function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const d = document.documentElement;
		if (d.scrollWidth > innerWidth || d.scrollHeight > innerHeight) {
			problems.push(
				`document scrolls: ${d.scrollWidth}×${d.scrollHeight} in ${innerWidth}×${innerHeight}`
			);
		}
		const main = document.querySelector<HTMLElement>('main.wallboard');
		if (!main) return ['no wallboard'];
		const board = main.getBoundingClientRect();
		if (board.bottom > innerHeight + 0.5 || board.right > innerWidth + 0.5) {
			problems.push(`board beyond the window: ${board.right}×${board.bottom}`);
		}
		const skip = (el: Element) =>
			el.closest('.visually-hidden, [data-testid="wallboard-map"]') !== null;
		const label = (el: Element) =>
			`<${el.tagName.toLowerCase()} ${el.getAttribute('data-tile') ?? el.className}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const tiles = [...main.querySelectorAll<HTMLElement>('[data-tile]')];
		for (const tile of tiles) {
			if (tile.scrollWidth > tile.clientWidth + 1 || tile.scrollHeight > tile.clientHeight + 1) {
				problems.push(
					`tile overflows: ${label(tile)} ${tile.scrollWidth}×${tile.scrollHeight} in ${tile.clientWidth}×${tile.clientHeight}`
				);
			}
			const r = tile.getBoundingClientRect();
			if (r.bottom > board.bottom + 0.5 || r.right > board.right + 0.5) {
				problems.push(`tile beyond the board: ${label(tile)}`);
			}
		}
		for (const el of main.querySelectorAll<HTMLElement>('*')) {
			if (skip(el) || !(el instanceof HTMLElement)) continue;
			if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
				problems.push(`wider than its box: ${label(el)} ${el.scrollWidth} > ${el.clientWidth}`);
			}
		}
		const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			const text = n.textContent?.trim();
			const parent = n.parentElement;
			if (!text || !parent || skip(parent)) continue;
			const box = (parent.closest('[data-tile]') ?? main).getBoundingClientRect();
			const range = document.createRange();
			range.selectNodeContents(n);
			for (const r of range.getClientRects()) {
				if (r.width === 0) continue;
				const out =
					r.left < box.left - 1 ||
					r.right > box.right + 1 ||
					r.top < box.top - 1 ||
					r.bottom > box.bottom + 1 ||
					r.bottom > innerHeight ||
					r.right > innerWidth;
				if (out) problems.push(`text outside its tile: "${text.slice(0, 40)}"`);
			}
		}
		return problems;
	});
}

/**
 * Whether the widest figures a column can get fit it, measured in the column's own font: a
 * count of 9,999 and a compact 123,456 ("123K", "12.3萬") in the agency table, and ten hours
 * in a state in the agent list. The data on screen is smaller; the columns must not be.
 */
function worstCases(page: Page): Promise<Record<string, string>> {
	return page.evaluate(() => {
		const ctx = document.createElement('canvas').getContext('2d')!;
		const fits = (selector: string, text: string) => {
			const el = document.querySelector<HTMLElement>(selector);
			if (!el) return `${selector} missing`;
			const s = getComputedStyle(el);
			ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
			const need =
				ctx.measureText(text).width + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
			return need <= el.clientWidth + 0.5 ? 'fits' : `"${text}" needs ${need} in ${el.clientWidth}`;
		};
		const compact = new Intl.NumberFormat(document.documentElement.lang, {
			notation: 'compact',
			maximumSignificantDigits: 3
		}).format(123_456);
		return {
			count: fits('[data-testid="agency-table"] td', '9,999'),
			bigCount: fits('[data-testid="agency-table"] td', compact),
			time: fits('[data-testid="agent-list"] .time', '10:59:59')
		};
	});
}

/** Waits until the board has laid out at the current size (map placed, figures fitted). */
async function settled(page: Page): Promise<void> {
	await expect(page.getByTestId('wallboard-map')).toHaveAttribute('data-ready', 'true');
	await page.evaluate(async () => {
		await document.fonts.ready;
		// Two frames: resize observers have run and the layout they changed is done.
		await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
	});
}

/** The root font the board is sized by, in px. */
const rootFont = (page: Page) =>
	page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

test('a supervisor’s wallboard fits 1920×1080 and 3840×2160 in both languages, nothing clipped', async ({
	page,
	anon,
	request,
	account,
	axe
}, testInfo) => {
	test.setTimeout(120_000);
	const supervisor = await account('supervisor');
	await busyQueue(anon, 'layout');
	// At least one open job, so the agency table is there to measure.
	const token = await tokenFor(request, supervisor.username, supervisor.password);
	const filed = await request.post('/api/jobs', {
		headers: { authorization: `Bearer ${token}` },
		data: {
			categoryCode: 'STREETLIGHT_OUT',
			description: '路燈不亮 wallboard layout',
			location: { lon: 120.312, lat: 22.6204 }
		}
	});
	expect(filed.status()).toBe(201);
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, supervisor.username, supervisor.password);
	await page.getByRole('navigation').getByRole('link', { name: '看板', exact: true }).click();
	await expect(page).toHaveURL(/\/wallboard$/);
	await expect(page.getByRole('heading', { level: 1, name: '即時看板' })).toBeVisible();
	await expect(page.getByTestId('value-waiting')).toHaveText('7');
	await expect(page.getByTestId('agent-list')).toBeVisible();
	await settled(page);

	const check = async (name: string, size: { width: number; height: number }) => {
		await page.setViewportSize(size);
		await expect.poll(() => rootFont(page)).toBeCloseTo((16 * size.width) / 1920, 0);
		await settled(page);
		await page.screenshot({ path: testInfo.outputPath(`wallboard-${name}.png`) });
		expect(await layoutProblems(page), name).toEqual([]);
		expect(await worstCases(page), name).toEqual({ count: 'fits', bigCount: 'fits', time: 'fits' });
		await expect(page.getByTestId('agency-table')).toBeVisible();
		// Every agent row that is shown is whole; those that do not fit are counted, not cut.
		const rows = await page.getByTestId('agent-list').locator('li').count();
		expect(rows, name).toBeGreaterThanOrEqual(8);
		await expect(page.getByTestId('agent-list').locator('li.more')).toHaveText(
			new RegExp(`^(另有 |\\+)${AGENTS - rows + 1} `)
		);
	};
	await check('1920x1080-zh-TW', { width: 1920, height: 1080 });

	// Chinese renders with a CJK face: two different characters draw different ink (missing
	// glyphs would all draw the same box).
	const cjk = await page.evaluate(() => {
		const h1 = document.querySelector('main.wallboard h1')!;
		const canvas = document.createElement('canvas');
		canvas.width = canvas.height = 64;
		const ctx = canvas.getContext('2d')!;
		ctx.font = `48px ${getComputedStyle(h1).fontFamily}`;
		const draw = (ch: string) => {
			ctx.clearRect(0, 0, 64, 64);
			ctx.fillText(ch, 4, 52);
			const data = ctx.getImageData(0, 0, 64, 64).data;
			let ink = 0;
			for (let i = 3; i < data.length; i += 4) ink += data[i]! > 0 ? 1 : 0;
			return { ink, key: Array.from(data).join(',') };
		};
		const a = draw('看');
		const b = draw('板');
		const none = draw('\u{E000}');
		return {
			inked: a.ink > 50 && b.ink > 50,
			distinct: a.key !== b.key,
			notTofu: a.key !== none.key
		};
	});
	expect(cjk).toEqual({ inked: true, distinct: true, notTofu: true });
	await axe();

	// The same board, twice the pixels: resized live, then English on a fresh load.
	await check('3840x2160-zh-TW', { width: 3840, height: 2160 });
	await page
		.context()
		.addCookies([{ name: 'citydesk_locale', value: 'en', url: new URL(page.url()).origin }]);
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Wallboard' })).toBeVisible();
	await expect(page.getByTestId('agent-list')).toBeVisible();
	await check('3840x2160-en', { width: 3840, height: 2160 });
	await check('1920x1080-en', { width: 1920, height: 1080 });
	await axe();
});

test('field figures change when a job is filed; a new emergency and a new overdue job raise alarms', async ({
	page,
	request,
	account,
	pageErrors,
	axe
}) => {
	// No telephony: each ask for its figures is answered 503, which the browser logs.
	const done = expectConsoleErrors(
		page,
		pageErrors,
		(m) => resource(m) === '/api/queue/stats' && m.text().includes('503')
	);
	const supervisor = await account('supervisor');
	await noTelephony(page);
	try {
		await watchFieldFigures(page, request, supervisor, axe);
	} finally {
		done();
	}
});

/** The body of the test above: the placeholder, then field figures following a filed job. */
async function watchFieldFigures(
	page: Page,
	request: APIRequestContext,
	supervisor: { username: string; password: string },
	axe: () => Promise<void>
): Promise<void> {
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, supervisor.username, supervisor.password);
	await page.goto('/wallboard');
	await expect(page.getByTestId('phone-placeholder')).toContainText('尚無話務數據');
	await settled(page);
	expect(await layoutProblems(page)).toEqual([]);
	await axe();

	const token = await tokenFor(request, supervisor.username, supervisor.password);
	const before = (await (
		await request.get('/api/field/stats', { headers: { authorization: `Bearer ${token}` } })
	).json()) as FieldStats;
	await expect(page.getByTestId('value-open')).toHaveText(String(before.open));
	await expect(page.getByTestId('tile-emergencies')).toHaveAttribute('data-alarm', 'false');
	const mapJobs = Number(await page.getByTestId('wallboard-map').getAttribute('data-job-count'));

	// A gas leak: a category the catalog flags as an emergency.
	const filed = await request.post('/api/jobs', {
		headers: { authorization: `Bearer ${token}` },
		data: {
			categoryCode: 'GAS_LEAK',
			description: '瓦斯味很重 wallboard e2e',
			location: { lon: 120.3015, lat: 22.6273 }
		}
	});
	expect(filed.status()).toBe(201);

	// Pushed by the server (field:stats), no reload.
	await expect(page.getByTestId('value-open')).toHaveText(String(before.open + 1));
	await expect(page.getByTestId('value-emergencies')).toHaveText(String(before.emergencies + 1));
	await expect(page.getByTestId('tile-emergencies')).toHaveAttribute('data-alarm', 'true');
	await expect(page.getByTestId('wallboard-alarms')).toContainText('新的緊急案件');
	await expect(page.getByRole('alert')).toHaveText('新的緊急案件');
	await expect(page.getByTestId('agency-table')).toBeVisible();
	// The mini-map follows the job facts.
	await expect(page.getByTestId('wallboard-map')).toHaveAttribute(
		'data-job-count',
		String(mapJobs + 1)
	);
	expect(await layoutProblems(page)).toEqual([]);

	// The job's deadline is brought forward to a few seconds from now: when it passes, the
	// overdue count rises and the overdue tile raises its alarm, shown and spoken.
	const { id } = (await filed.json()) as { id: number };
	await expect(page.getByTestId('tile-overdue')).toHaveAttribute('data-alarm', 'false');
	const patched = await request.patch(`/api/jobs/${id}/deadline`, {
		headers: { authorization: `Bearer ${token}` },
		data: { deadlineAt: new Date(Date.now() + 3000).toISOString(), reason: 'e2e 看板逾期測試' }
	});
	expect(patched.status()).toBe(200);
	await expect(page.getByTestId('value-overdue')).toHaveText(String(before.overdue + 1));
	await expect(page.getByTestId('tile-overdue')).toHaveAttribute('data-alarm', 'true');
	await expect(page.getByRole('alert')).toHaveText('新增逾期案件 1 件');
	await expect(page.getByTestId('wallboard-alarms')).toContainText('新增逾期案件 1 件');
}

test('alarms flash, or hold steady with reduced motion; the sound switch works by keyboard', async ({
	page,
	anon,
	account
}) => {
	const supervisor = await account('supervisor');
	const frames = await queueFrames(page, false);
	await busyQueue(anon, 'alarms');
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, supervisor.username, supervisor.password);
	await page.goto('/wallboard');
	const sl = page.getByTestId('tile-sl-today');
	await expect(sl).toHaveAttribute('data-alarm', 'true');
	await expect(page.getByTestId('tile-sl-30m')).toHaveAttribute('data-alarm', 'true');
	await expect(page.getByTestId('tile-longest-wait')).toHaveAttribute('data-alarm', 'true');
	await expect(page.getByTestId('tile-asa')).toHaveAttribute('data-alarm', 'false');
	await expect(page.getByTestId('wallboard-alarms')).toContainText(
		/今日服務水準 \d+(\.\d)?%，低於目標 80%/
	);
	await expect(page.getByTestId('wallboard-alarms')).toContainText('最長等候超過 1:00');
	await expect(page.getByRole('alert')).toContainText(/今日服務水準 \d+(\.\d)?%/);
	// The longest wait ticks between updates, from the figures' time.
	const wait = page.getByTestId('value-longest-wait');
	const first = await wait.textContent();
	await expect(wait).not.toHaveText(first!);

	const animation = () => sl.evaluate((el) => getComputedStyle(el).animationName);
	expect(await animation()).toContain('wb-flash');
	await page.emulateMedia({ reducedMotion: 'reduce' });
	expect(await animation()).toBe('none');
	expect(await sl.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');
	await expect(sl).toContainText('警示');

	// Keyboard only: Tab reaches the sound switch; Space turns it on, Enter off again.
	const toggle = page.getByTestId('sound-toggle');
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
	let reached = false;
	for (let i = 0; i < 40 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await toggle.evaluate((el) => el === document.activeElement);
	}
	expect(reached).toBe(true);
	await page.keyboard.press('Space');
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');

	// The queue engine goes quiet: its figures are called stale, with their time; when they
	// come again, the banner goes by itself.
	const banner = page.getByTestId('wallboard-banner');
	await expect(banner).toHaveCount(0);
	frames.silent = true;
	await expect(banner).toHaveAttribute('data-kind', 'stale', { timeout: 20_000 });
	await expect(banner).toContainText(/數據未更新 — 資料時間 \d\d:\d\d:\d\d/);
	expect(await layoutProblems(page)).toEqual([]);
	frames.silent = false;
	await expect(banner).toHaveCount(0);
});

test('a lost connection shows its banner with the data time, and the page recovers by itself', async ({
	page,
	context,
	account
}) => {
	const supervisor = await account('supervisor');
	const queue = { calls: 0 };
	page.on('request', (r) => {
		if (new URL(r.url()).pathname === '/api/queue/stats') queue.calls++;
	});
	await page.setViewportSize({ width: 1920, height: 1080 });
	await signIn(page, supervisor.username, supervisor.password);
	await page.goto('/wallboard');
	await expect(page.getByTestId('connection-status')).toHaveText('即時連線中');
	const fetched = queue.calls;

	await context.setOffline(true);
	const bannerBox = page.getByTestId('wallboard-banner');
	await expect(bannerBox).toHaveAttribute('data-kind', 'offline');
	await expect(bannerBox).toContainText(/連線中斷 — 資料時間 \d\d:\d\d:\d\d/);
	expect(await layoutProblems(page)).toEqual([]);

	await context.setOffline(false);
	await expect(page.getByTestId('connection-status')).toHaveText('即時連線中', { timeout: 30_000 });
	// Back online it refetched the figures, which are fresh again: no banner.
	await expect.poll(() => queue.calls).toBeGreaterThan(fetched);
	await expect(bannerBox).toHaveCount(0);
});

test('others get a clear 403, no menu entry and no figures', async ({
	page,
	account,
	request,
	anon,
	pageErrors
}) => {
	// The 403 answer to the page itself is logged by the browser.
	const done = expectConsoleErrors(
		page,
		pageErrors,
		(m) => resource(m) === '/wallboard' && m.text().includes('403')
	);
	const dispatcher = await account('dispatcher');
	await signIn(page, dispatcher.username, dispatcher.password);
	await expect(page.getByRole('navigation').getByRole('link', { name: '看板' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: /即時看板/ })).toHaveCount(0);
	const response = await page.goto('/wallboard');
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { name: '沒有權限（403）' })).toBeVisible();
	await expect(page.getByText('即時看板僅供值班主管、應變協調員與系統管理員使用。')).toBeVisible();

	const token = await tokenFor(request, dispatcher.username, dispatcher.password);
	const api = await request.get('/api/field/stats', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(api.status()).toBe(403);
	expect((await api.json()).error.code).toBe('forbidden');
	expect((await anon.get('/api/field/stats')).status()).toBe(401);
	done();
});

test('the home page offers the wallboard to a coordinator', async ({ page, account }) => {
	const coordinator = await account('coordinator');
	await signIn(page, coordinator.username, coordinator.password);
	await page.getByRole('link', { name: /話務與外勤即時看板/ }).click();
	await expect(page).toHaveURL(/\/wallboard$/);
	await expect(page.getByRole('heading', { level: 1, name: '即時看板' })).toBeVisible();
});
