// Part 4: the dispatch map's frame time in headless Chromium with many open jobs loaded while a
// steady stream of job updates arrives through the real server's outbox relay.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { chromium, type Browser, type WebSocket as PageSocket } from '@playwright/test';
import { openDatabase, rows, type Database, type Db } from '../../src/lib/server/db/client.ts';
import {
	listJobs,
	listJobSummaries,
	loadJob,
	openStatuses
} from '../../src/lib/server/jobs/repository.ts';
import { jobSummaryFields } from '../../src/lib/contracts/jobs.ts';
import { JobSymbols } from '../../src/lib/dispatch/job-symbols.ts';
import { DeadlineList } from '../../src/lib/dispatch/deadline-list.ts';
import { KAOHSIUNG_BOUNDS } from '../../src/lib/components/map/basemap.ts';
import { jobMatcher, noFilters } from '../../src/lib/dispatch/select.ts';
import {
	liveJob,
	openStatuses as openInBrowser,
	recordFromDto,
	type JobChange,
	type LiveJob
} from '../../src/lib/dispatch/jobs.svelte.ts';
import { withoutReporter } from '../../src/lib/server/jobs/service.ts';
import { room } from '../../src/lib/contracts/events.ts';
import { emit, emitPercentiles, note, round, seeded, sleep } from './common.ts';
import { cpuByRole } from './procs.ts';
import { root, startServer, type RunningServer } from './server.ts';

export const MAP_SIZES = {
	jobs: 100_000,
	updatesPerSecond: 1_000,
	batch: 100,
	idleSeconds: 3,
	warmupSeconds: 3,
	seconds: 10,
	viewport: { width: 1440, height: 900 }
};
const PAGE_PATH = '/dispatch';
const ADMIN_PASSWORD = 'bench-admin-password-1';
/** The statuses the console keeps; an update moves a job among them, so none leaves the map. */
const OPEN: string[] = [...openStatuses];

/** Why the built app cannot serve the page, or null when it can (or the build cannot tell). */
function buildProblem(): string | null {
	const build = path.join(root, 'build');
	if (!existsSync(path.join(build, 'handler.js'))) return 'no build/: run `npm run build` first';
	const manifests: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/^manifest.*\.js$/.test(entry.name)) manifests.push(full);
		}
	};
	walk(path.join(build, 'server'));
	if (manifests.length === 0) return null; // another layout: the HTTP status will tell
	const routeId = `"/(app)${PAGE_PATH}"`;
	if (manifests.some((m) => readFileSync(m, 'utf8').includes(routeId))) return null;
	const built = statSync(path.join(build, 'handler.js')).mtime.toISOString();
	return `build/ (built ${built}) has no ${PAGE_PATH} page yet: rebuild once it is in`;
}

/**
 * The outbox's advisory lock key, read from its source so the two never drift apart: inserting
 * outbox rows under it keeps sequence order equal to commit order, as `publish` does.
 */
function outboxLockKey(): bigint {
	const source = readFileSync(path.join(root, 'src/lib/server/realtime/outbox.ts'), 'utf8');
	const match = /const OUTBOX_LOCK = ([\d_]+);/.exec(source);
	if (!match?.[1]) throw new Error('OUTBOX_LOCK not found in src/lib/server/realtime/outbox.ts');
	return BigInt(match[1].replaceAll('_', ''));
}

/**
 * Inserts `count` open jobs in one statement: points generated inside the districts (weighted to
 * the dense former city), a category queue that really serves the point's former area, deadlines
 * from twelve hours overdue to three days ahead.
 */
async function insertJobs(db: Db, count: number): Promise<void> {
	await db.execute(sql`
		insert into jobs (category_code, agency_code, queue_name, status, priority, description,
		                  location, district_code, former_area, geocode_source, geocode_confidence,
		                  created_at, updated_at, deadline_at, warn_at)
		with shares as (
		  select code, former_area, geom,
		         ceil(${count} * w / sum(w) over ())::int as n
		  from (select code, former_area, geom,
		               case when former_area = 'city' then 6.0 else 1.0 end as w
		        from districts) d
		), points as (
		  select s.code, s.former_area, p.geom, row_number() over () as i
		  from shares s cross join lateral ST_Dump(ST_GeneratePoints(s.geom, s.n, 42)) p
		), routes as (
		  select a.area, c.code, c.default_priority,
		         coalesce(qa.agency_code, qall.agency_code) as agency_code,
		         coalesce(qa.name_zh, qall.name_zh) as queue_name
		  from (values ('city'), ('county')) a(area)
		  cross join categories c
		  left join category_queues qa on qa.category_code = c.code and qa.former_area = a.area
		  left join category_queues qall on qall.category_code = c.code and qall.former_area = 'all'
		  where c.active and c.routing = 'former_area'
		    and coalesce(qa.agency_code, qall.agency_code) is not null
		), numbered as (
		  select *, row_number() over (partition by area order by code) - 1 as k,
		         count(*) over (partition by area) as n
		  from routes
		), timed as (
		  select p.*, r.code as category_code, r.agency_code, r.queue_name, r.default_priority,
		         now() - random() * interval '48 hours' as created_at,
		         now() + (random() * 84 - 12) * interval '1 hour' as deadline_at
		  from points p
		  join numbered r on r.area = p.former_area and r.k = (p.i * 7919) % r.n
		  where p.i <= ${count}
		)
		select category_code, agency_code, queue_name,
		       (${sql.param(OPEN)}::text[])[1 + floor(random() * ${OPEN.length})::int],
		       least(4, default_priority + (random() < 0.1)::int),
		       'bench job ' || i, geom::geography, code, former_area, 'pin', 'exact',
		       created_at, created_at, deadline_at,
		       created_at + 0.75 * (deadline_at - created_at)
		from timed
		order by i`);
	await db.execute(sql`analyze jobs`);
}

/**
 * Moves `ids` to another open status (version + 1) and announces each as `job:updated` to the
 * admins in the same transaction, the payload a JobDto built from `template` and the row.
 */
async function updateBatch(db: Db, lock: bigint, ids: number[], template: object): Promise<void> {
	await db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${lock})`);
		await tx.execute(sql`
			with upd as (
			  update jobs j
			  set status = (${sql.param(OPEN)}::text[])[1 + floor(random() * ${OPEN.length})::int],
			      version = j.version + 1, updated_at = now()
			  where j.id = any(${sql.param(ids)}::bigint[])
			  returning j.*
			)
			insert into outbox (event, rooms, payload)
			select 'job:updated', ${sql.param([room.role('admin')])}::text[],
			       ${JSON.stringify(template)}::jsonb || jsonb_build_object(
			         'id', u.id, 'status', u.status, 'version', u.version, 'priority', u.priority,
			         'categoryCode', u.category_code, 'agencyCode', u.agency_code,
			         'queueName', u.queue_name, 'description', u.description,
			         'location', jsonb_build_object('lon', ST_X(u.location::geometry),
			                                        'lat', ST_Y(u.location::geometry)),
			         'district', jsonb_build_object('code', d.code, 'nameZh', d.name_zh,
			                                        'nameEn', d.name_en),
			         'village', null, 'formerArea', u.former_area,
			         'createdAt', to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			         'updatedAt', to_char(u.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			         'deadlineAt', to_char(u.deadline_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
			         'warnAt', to_char(u.warn_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
			from upd u join districts d on d.code = u.district_code
			order by u.id`);
	});
}

/** What the page recorded in one window: rAF intervals, and long tasks / long animation frames. */
interface PageTrace {
	frames: number[];
	/** Time inside long tasks (> 50 ms) within the window, clipped to it. */
	longtaskMs: number;
	/** Time inside long animation frames within the window, or null where unsupported. */
	loafMs: number | null;
	elapsed: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Runs in the page: records frames and long tasks until the page goes away. */
function installTrace(): void {
	const state = {
		from: performance.now(),
		frames: [] as number[],
		longtasks: [] as { start: number; end: number }[],
		loafs: [] as { start: number; end: number }[],
		loafSupported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
	};
	let last = 0;
	const frame = (t: number) => {
		if (last) state.frames.push(t - last);
		last = t;
		requestAnimationFrame(frame);
	};
	requestAnimationFrame(frame);
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) {
			state.longtasks.push({ start: e.startTime, end: e.startTime + e.duration });
		}
	}).observe({ type: 'longtask' });
	if (state.loafSupported) {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				state.loafs.push({ start: e.startTime, end: e.startTime + e.duration });
			}
		}).observe({ type: 'long-animation-frame' });
	}
	(window as unknown as { __benchTrace: typeof state }).__benchTrace = state;
}

/**
 * Runs in the page: what was recorded since the last call, and starts a new window. Entries
 * arrive after their task ends, so each counts only for the part inside this window.
 */
function takeTrace(): PageTrace {
	type Span = { start: number; end: number };
	const s = (
		window as unknown as {
			__benchTrace: {
				from: number;
				frames: number[];
				longtasks: Span[];
				loafs: Span[];
				loafSupported: boolean;
			};
		}
	).__benchTrace;
	const now = performance.now();
	const inside = (spans: Span[]) =>
		spans
			.splice(0)
			.reduce((ms, x) => ms + Math.max(0, Math.min(x.end, now) - Math.max(x.start, s.from)), 0);
	const taken = {
		frames: s.frames.splice(0),
		longtaskMs: inside(s.longtasks),
		loafMs: s.loafSupported ? inside(s.loafs) : null,
		elapsed: now - s.from
	};
	s.from = now;
	return taken;
}

/** Runs in the page: the document's size and when its first byte came, after navigation. */
function navigationTiming(): { bytes: number; firstByteS: number } {
	const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
	return { bytes: nav?.decodedBodySize ?? 0, firstByteS: (nav?.responseStart ?? 0) / 1000 };
}

/** Main-thread counters from the DevTools protocol, and CPU ms of the processes by role. */
interface Sample {
	metrics: Record<string, number>;
	processes: Record<string, number>;
	/** performance.now() here when taken. */
	at: number;
}

/**
 * Prints one window's figures: rAF frame intervals, long tasks and long animation frames per
 * second, and from the DevTools protocol how much of the main thread's time went to tasks, to
 * script, and to the CPU at all (a busy thread off the CPU is waiting, e.g. on the GPU process).
 */
function report(prefix: string, trace: PageTrace, before: Sample, after: Sample): void {
	const windowS = trace.elapsed / 1000;
	const perS = (ms: number) => round(ms / windowS, 1);
	emitPercentiles(`${prefix}.frame_ms`, trace.frames, [50, 95]);
	emit({
		metric: `${prefix}.frames`,
		value: trace.frames.length,
		unit: 'frames',
		window_s: round(windowS, 1)
	});
	emit({ metric: `${prefix}.longtask_ms_per_s`, value: perS(trace.longtaskMs), unit: 'ms/s' });
	if (trace.loafMs !== null) {
		emit({ metric: `${prefix}.loaf_ms_per_s`, value: perS(trace.loafMs), unit: 'ms/s' });
	}
	const cdpS = (after.metrics.Timestamp ?? 0) - (before.metrics.Timestamp ?? 0);
	if (cdpS > 0) {
		for (const [name, key] of [
			['task', 'TaskDuration'],
			['script', 'ScriptDuration'],
			['cpu', 'ThreadTime']
		] as const) {
			const ms = ((after.metrics[key] ?? 0) - (before.metrics[key] ?? 0)) * 1000;
			emit({ metric: `${prefix}.main_${name}_ms_per_s`, value: round(ms / cdpS, 1), unit: 'ms/s' });
		}
	}
	// Whole processes: where the machine's two cores went during the window.
	const cores: Record<string, number> = {};
	const wallMs = after.at - before.at;
	for (const [name, ms] of Object.entries(after.processes)) {
		if (name.endsWith('_rss_mib')) continue;
		cores[name] = round((ms - (before.processes[name] ?? 0)) / wallMs, 2);
	}
	emit({
		metric: `${prefix}.cpu_cores`,
		value: cores.machine ?? round(sum(Object.values(cores)), 2),
		unit: 'cores',
		...cores
	});
}

/** The WebGL renderer the page gets (in headless Chromium usually SwiftShader, on the CPU). */
function webglRenderer(): string {
	const gl = document.createElement('canvas').getContext('webgl2');
	if (!gl) return 'no WebGL2';
	const info = gl.getExtension('WEBGL_debug_renderer_info');
	return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

/** Drives `perSecond` job updates in batches on a fixed schedule until stopped. */
function driveUpdates(
	db: Db,
	lock: bigint,
	template: object,
	range: { min: number; max: number },
	signal: AbortSignal
): { stop(): Promise<{ rows: number; seconds: number; late: number }> } {
	const { updatesPerSecond, batch } = MAP_SIZES;
	const periodMs = (batch * 1000) / updatesPerSecond;
	const random = seeded(1999_1);
	let running = true;
	let sent = 0;
	let late = 0;
	let failure: unknown;
	const started = performance.now();
	// Errors are kept for stop(): a rejection nobody awaits yet would end the process.
	const loop = (async () => {
		for (let k = 0; running && !signal.aborted; k++) {
			const wait = started + k * periodMs - performance.now();
			if (wait > 0) await sleep(wait, signal).catch(() => undefined);
			else if (wait < -periodMs) late++;
			if (!running || signal.aborted) break;
			const ids = new Set<number>();
			while (ids.size < batch)
				ids.add(range.min + Math.floor(random() * (range.max - range.min + 1)));
			await updateBatch(db, lock, [...ids], template);
			sent += ids.size;
		}
	})().catch((err: unknown) => {
		failure = err;
	});
	return {
		async stop() {
			running = false;
			await loop;
			if (failure) throw failure;
			return { rows: sent, seconds: (performance.now() - started) / 1000, late };
		}
	};
}

/**
 * The page's own JavaScript, timed here in Node (the same V8) so that it is not hidden behind
 * software WebGL: a full repack of the job symbols (a new view or new filters), and the work of
 * one animation frame's batch of updates at the benchmark's rate (the symbols and the deadline
 * list updated change by change), each over every open job.
 */
async function rebuildCost(db: Db): Promise<void> {
	const jobs = await listJobs(db, { status: [...openStatuses], limit: MAP_SIZES.jobs });
	// What the page fetches: every open job, as full DTOs or as the compact rows it asks for.
	const mib = (value: unknown) => round(Buffer.byteLength(JSON.stringify(value)) / 2 ** 20, 1);
	emit({ metric: 'dispatch.map.api_full_mib', value: mib({ jobs }), unit: 'MiB' });
	let summaryBytes = 0;
	for (let after: number | null = 0; after !== null;) {
		const page = await listJobSummaries(db, {
			status: [...openStatuses],
			limit: 25_000,
			after
		});
		summaryBytes += Buffer.byteLength(JSON.stringify({ fields: jobSummaryFields, ...page }));
		after = page.next;
	}
	emit({
		metric: 'dispatch.map.api_summary_mib',
		value: round(summaryBytes / 2 ** 20, 1),
		unit: 'MiB',
		pages_of: 25_000
	});
	const now = Date.now();
	const byId = new Map<number, LiveJob>();
	for (const job of jobs) byId.set(job.id, liveJob(recordFromDto(job), now));
	const ids = [...byId.keys()];
	const all = jobMatcher(noFilters);
	const time = (fn: () => unknown) => {
		for (let i = 0; i < 5; i++) fn();
		const ms: number[] = [];
		for (let i = 0; i < 30; i++) {
			const t0 = performance.now();
			fn();
			ms.push(performance.now() - t0);
		}
		return ms;
	};
	// The whole city in view, at about the zoom the page opens with (its bounds at 1440×900).
	const [west, south, east, north] = KAOHSIUNG_BOUNDS;
	const city = { west, south, east, north, zoom: 9.5 };
	const symbols = new JobSymbols((id) => byId.get(id));
	emitPercentiles(
		'dispatch.map.js_repack_ms',
		time(() => {
			symbols.rebuild(byId.values(), all, city);
			symbols.frame();
		}),
		[50, 95]
	);
	const list = new DeadlineList(200, () => byId.values());
	list.reset();
	// One frame's share of the update stream: each job moves to another open status.
	const perFrame = Math.ceil(MAP_SIZES.updatesPerSecond / 60);
	const random = seeded(60);
	const batch = (): JobChange[] =>
		Array.from({ length: perFrame }, () => {
			const id = ids[Math.floor(random() * ids.length)]!;
			const before = byId.get(id)!;
			const status = openInBrowser[Math.floor(random() * openInBrowser.length)]!;
			const after: LiveJob = {
				...before,
				job: { ...before.job, status, version: before.job.version + 1 }
			};
			byId.set(id, after);
			return { id, before, after };
		});
	const frameMs: number[] = [];
	const listMs: number[] = [];
	for (let i = 0; i < 330; i++) {
		const changes = batch();
		const t0 = performance.now();
		symbols.apply(changes);
		symbols.frame();
		const t1 = performance.now();
		list.apply(changes);
		const t2 = performance.now();
		if (i < 30) continue; // warm-up
		frameMs.push(t2 - t0);
		listMs.push(t2 - t1);
	}
	emitPercentiles('dispatch.map.js_frame_ms', frameMs, [50, 95]);
	emitPercentiles('dispatch.map.js_list_ms', listMs, [50, 95]);
}

/** `promise`, or a rejection as soon as the signal aborts (Playwright's waits take no signal). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_, reject) => {
			if (signal.aborted) reject(signal.reason as Error);
			signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
		})
	]);
}

/** Runs part 4 against a fresh migrated database; prints its figures or why it was skipped. */
export async function benchMap(databaseUrl: string, signal: AbortSignal): Promise<void> {
	const problem = buildProblem();
	if (problem) {
		emit({ metric: 'dispatch.map.frame_ms', skipped: problem });
		return;
	}
	// The page is whatever build/ holds: say which, as it may be older than the source.
	const built = statSync(path.join(root, 'build', 'handler.js')).mtime.toISOString();
	note(`map: build/ from ${built}`);
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!existsSync(executablePath)) {
		emit({ metric: 'dispatch.map.frame_ms', skipped: `no Chromium at ${executablePath}` });
		return;
	}
	const {
		jobs: jobCount,
		seconds,
		warmupSeconds,
		idleSeconds,
		updatesPerSecond,
		viewport
	} = MAP_SIZES;
	let database: Database | undefined;
	let server: RunningServer | undefined;
	let browser: Browser | undefined;
	let driver: ReturnType<typeof driveUpdates> | undefined;
	try {
		database = await openDatabase({ url: databaseUrl, dataDir: '', poolSize: 3 });
		const { db } = database;
		const inserting = performance.now();
		await insertJobs(db, jobCount);
		const [range] = await rows<{ min: number; max: number; n: number }>(
			db,
			sql`select min(id)::int as min, max(id)::int as max, count(*)::int as n from jobs`
		);
		if (!range || range.n === 0) throw new Error('no jobs were inserted');
		note(
			`map: ${range.n} jobs inserted in ${((performance.now() - inserting) / 1000).toFixed(1)} s`
		);
		emit({ metric: 'dispatch.map.jobs', value: range.n, unit: 'jobs' });
		await rebuildCost(db);
		const sample = await loadJob(db, range.min);
		if (!sample) throw new Error(`job ${range.min} vanished`);
		const template = withoutReporter(sample);
		const lock = outboxLockKey();

		server = await startServer(
			{
				DATABASE_URL: databaseUrl,
				DATA_DIR: undefined,
				ADMIN_PASSWORD,
				SIMULATE: '0',
				REDIS_URL: undefined
			},
			signal
		);
		browser = await chromium.launch({
			executablePath,
			args: ['--disable-background-networking', '--disable-component-update', '--disable-sync']
		});
		const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'zh-TW' });
		const login = await context.request.post('/api/session', {
			data: { username: 'admin', password: ADMIN_PASSWORD }
		});
		if (!login.ok()) throw new Error(`sign-in answered ${login.status()}`);
		const page = await context.newPage();
		const pageErrors: string[] = [];
		page.on('pageerror', (e) => pageErrors.push(e.message));
		page.on('console', (m) => {
			if (m.type() === 'error') pageErrors.push(m.text());
		});
		// Count the job updates that reach the page's socket, to know the stream really arrives.
		let framesIn = 0;
		page.on('websocket', (ws: PageSocket) => {
			ws.on('framereceived', (f) => {
				if (typeof f.payload === 'string' && f.payload.includes('"job:updated"')) framesIn++;
			});
		});

		const loading = performance.now();
		const response = await abortable(
			page.goto(PAGE_PATH, { timeout: 180_000, waitUntil: 'load' }),
			signal
		);
		if (response?.status() === 404) {
			emit({ metric: 'dispatch.map.frame_ms', skipped: `the server answers 404 on ${PAGE_PATH}` });
			return;
		}
		if (!response?.ok()) {
			note(`map: server log:\n${server.log.join('\n')}`);
			throw new Error(`${PAGE_PATH} answered ${response?.status()}`);
		}
		const map = page.getByTestId('dispatch-map');
		await abortable(
			map.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 180_000 }),
			signal
		);
		await abortable(
			page.locator('[data-testid="connection-status"].status-online').waitFor({ timeout: 180_000 }),
			signal
		);
		// tsx compiles this file with esbuild's keepNames, which wraps inner functions in a
		// `__name(fn, "name")` helper that exists only here: give the page a stand-in.
		await page.evaluate('globalThis.__name ??= (fn) => fn');
		// The page may carry only the first jobs and fetch the rest after it starts.
		await abortable(
			page.waitForFunction(
				(n) =>
					Number(
						document.querySelector('[data-testid="dispatch-map"]')?.getAttribute('data-job-count')
					) >= n,
				range.n,
				{ timeout: 180_000, polling: 500 }
			),
			signal
		).catch((err: unknown) => {
			if (signal.aborted) throw err;
			note(`map: fewer than ${range.n} jobs drawn after waiting 180 s`);
		});
		const loadS = (performance.now() - loading) / 1000;
		const nav = await page.evaluate(navigationTiming);
		const drawn = Number(await map.getAttribute('data-job-count'));
		emit({ metric: 'dispatch.map.html_size', value: round(nav.bytes / 2 ** 20, 1), unit: 'MiB' });
		emit({ metric: 'dispatch.map.first_byte_s', value: round(nav.firstByteS, 2), unit: 's' });
		emit({ metric: 'dispatch.map.load_s', value: round(loadS, 2), unit: 's' });
		emit({ metric: 'dispatch.map.jobs_drawn', value: drawn, unit: 'jobs' });
		note(`map: ${PAGE_PATH} drawn (${drawn} jobs) and online after ${loadS.toFixed(1)} s`);
		const renderer = await page.evaluate(webglRenderer);
		note(`map: WebGL renderer ${renderer}`);
		if (/swiftshader|llvmpipe|software/i.test(renderer)) {
			note(
				'map: WebGL runs in software here, on the same cores as everything else: frame times ' +
					'measure CPU rasterising, not a GPU; dispatch.map.js_* is the page JavaScript alone'
			);
		}

		await page.evaluate(installTrace);
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');
		const cpu = async (): Promise<Sample> => ({
			metrics: Object.fromEntries(
				(await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])
			),
			processes: cpuByRole(),
			at: performance.now()
		});

		// Let the first renders finish: the window starts once frames come at a normal pace.
		const settleUntil = performance.now() + 30_000;
		for (;;) {
			await sleep(1_000, signal);
			const t = await page.evaluate(takeTrace);
			if (t.frames.length >= 20) break;
			if (performance.now() > settleUntil) {
				note('map: frames never reached 20/s with no updates arriving; measuring anyway');
				break;
			}
		}

		// Idle: the same page with no updates arriving, as a baseline.
		let before = await cpu();
		await page.evaluate(takeTrace);
		await sleep(idleSeconds * 1000, signal);
		const idle = await page.evaluate(takeTrace);
		report('dispatch.map.idle', idle, before, await cpu());

		driver = driveUpdates(db, lock, template, range, signal);
		await sleep(warmupSeconds * 1000, signal);
		await page.evaluate(takeTrace);
		const framesBefore = framesIn;
		before = await cpu();
		// DISPATCH_MAP_PROFILE=file.cpuprofile: the page's CPU profile of the busy window, for
		// Chromium DevTools (Performance → load profile), to see where its main thread goes.
		const profilePath = process.env.DISPATCH_MAP_PROFILE;
		if (profilePath) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.start');
		}
		await sleep(seconds * 1000, signal);
		const busy = await page.evaluate(takeTrace);
		const after = await cpu();
		if (profilePath) {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(profilePath, JSON.stringify(profile));
			note(`map: CPU profile of the busy window written to ${profilePath}`);
		}
		const received = framesIn - framesBefore;
		const drove = await driver.stop();
		driver = undefined;
		// Committed but not yet broadcast: whether the server's relay kept up with the writes.
		const [lag] = await rows<{ behind: number }>(
			db,
			sql`select (select coalesce(max(seq), 0) from outbox)
			         - (select last_seq from relay_cursor where id = 1) as behind`
		);

		emit({
			metric: 'dispatch.map.updates_per_s',
			value: round(drove.rows / drove.seconds, 1),
			unit: 'updates/s',
			target: updatesPerSecond
		});
		emit({
			metric: 'dispatch.map.events_received_per_s',
			value: round(received / (busy.elapsed / 1000), 1),
			unit: 'events/s'
		});
		report('dispatch.map', busy, before, after);
		emit({ metric: 'dispatch.map.relay_behind', value: Number(lag?.behind ?? 0), unit: 'events' });
		const rss = (x: Sample) => x.processes.server_rss_mib ?? 0;
		emit({
			metric: 'dispatch.map.server_rss_growth',
			value: round(rss(after) - rss(before), 1),
			unit: 'MiB',
			window_s: round((after.at - before.at) / 1000, 1)
		});
		if (drove.late > 0) note(`map: ${drove.late} update batches started more than a period late`);
		if (pageErrors.length > 0) note(`map: page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
	} finally {
		await driver?.stop().catch(() => undefined);
		await browser?.close().catch(() => undefined);
		await server?.stop();
		await database?.close();
	}
}
