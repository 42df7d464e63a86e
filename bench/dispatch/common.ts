// Shared by the dispatch benchmark's parts: output, statistics, random places, the database.
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import os from 'node:os';
import pg from 'pg';
import { rows, type Queryable } from '../../src/lib/server/db/client.ts';

/** One JSON line on stdout: a figure, or a part that was skipped and why. */
export function emit(line: Record<string, unknown>): void {
	process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** For people, on stderr. */
export function note(text: string): void {
	process.stderr.write(`[bench:${process.env.BENCH_NAME ?? 'dispatch'}] ${text}\n`);
}

export function round(value: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** Nearest-rank percentile of samples (sorted ascending in place on the first call). */
export function percentile(sorted: Float64Array | number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Emits `<prefix>.p50` and `<prefix>.p99` (or the percentiles asked for) of samples in ms. */
export function emitPercentiles(
	prefix: string,
	samples: number[] | Float64Array,
	ps: number[] = [50, 99],
	unit = 'ms'
): void {
	const sorted = Float64Array.from(samples).sort();
	for (const p of ps) {
		emit({ metric: `${prefix}.p${p}`, value: round(percentile(sorted, p), 3), unit });
	}
}

/** The seeded generator (mulberry32) shared with the simulations. */
export { seededRandom as seeded } from '../../src/lib/domain/random.ts';

export function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)]!;
}

/** Kaohsiung's bounding box (the brief's: mountains in the east, the strait in the west). */
export const CITY_BOX = { minLon: 120.17, maxLon: 120.75, minLat: 22.47, maxLat: 23.2 };
/** The dense west: the former city plus Fengshan, Niaosong, Renwu and Daliao. */
export const DENSE_BOX = { minLon: 120.26, maxLon: 120.42, minLat: 22.55, maxLat: 22.75 };

/** A point in the city box, most of them (`denseShare`) in the dense west. */
export function cityPoint(random: () => number, denseShare = 0.8): { lon: number; lat: number } {
	const box = random() < denseShare ? DENSE_BOX : CITY_BOX;
	return {
		lon: box.minLon + random() * (box.maxLon - box.minLon),
		lat: box.minLat + random() * (box.maxLat - box.minLat)
	};
}

/**
 * Points inside the city's districts (so that filing a job by pin never answers
 * outside_service_area), weighted toward the former city like real calls are.
 */
export async function pointsInDistricts(
	q: Queryable,
	count: number,
	seed: number
): Promise<{ lon: number; lat: number; districtCode: string }[]> {
	// Former-city districts are a ninth of the area and take about two thirds of the calls.
	return rows<{ lon: number; lat: number; districtCode: string }>(
		q,
		sql`with weights as (
		      select code, geom, case when former_area = 'city' then 6.0 else 1.0 end as w
		      from districts
		    ), shares as (
		      select code, geom, greatest(1, round(${count} * w / sum(w) over ()))::int as n from weights
		    )
		    select ST_X(p.geom) as lon, ST_Y(p.geom) as lat, s.code as "districtCode"
		    from shares s
		    cross join lateral ST_Dump(ST_GeneratePoints(s.geom, s.n, ${seed})) p
		    order by md5(ST_AsText(p.geom))
		    limit ${count}`
	);
}

/** Runs one statement on a short-lived connection (CREATE/DROP DATABASE cannot share a pool). */
export async function adminQuery(url: string, statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/** The same server URL with another database name. */
export function withDatabase(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.href;
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason as Error);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason as Error);
		};
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** Polls `condition` every 20 ms until it holds; false when `timeoutMs` passed first. */
export async function waitFor(
	condition: () => boolean,
	timeoutMs: number,
	signal?: AbortSignal
): Promise<boolean> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) return false;
		await sleep(20, signal);
	}
	return true;
}

/**
 * The PostgreSQL server to create the bench databases on: BENCH_DATABASE_URL, TEST_DATABASE_URL,
 * or libpq's defaults (PGHOST, PGPORT, PGUSER, PGDATABASE) on 127.0.0.1.
 */
export function serverUrl(): string {
	const given = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
	if (given) return given;
	const user = encodeURIComponent(process.env.PGUSER ?? os.userInfo().username);
	const host = process.env.PGHOST ?? '127.0.0.1';
	const port = process.env.PGPORT ?? '5432';
	const database = process.env.PGDATABASE ?? 'postgres';
	return `postgres://${user}@${host}:${port}/${database}`;
}

/** File descriptors this process may open, from the shell's `ulimit -n`; null when unknown. */
export function openFileLimit(): number | null {
	const out = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
	const text = out.stdout?.trim();
	if (!text) return null;
	if (text === 'unlimited') return Number.POSITIVE_INFINITY;
	const n = Number(text);
	return Number.isFinite(n) ? n : null;
}
