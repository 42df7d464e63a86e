import type { CrewStatus } from '$lib/contracts/crews';
import type { JobStatus } from '$lib/domain/workflow';
import type { LiveJob } from './jobs.svelte.ts';

type Rgb = readonly [number, number, number];

/** Fill colour of a job point by status (the legend shows the same swatches with names). */
export const statusColor: Record<JobStatus, Rgb> = {
	received: [110, 110, 110],
	awaiting_acceptance: [230, 159, 0],
	accepted: [148, 82, 165],
	dispatched: [0, 114, 178],
	en_route: [86, 180, 233],
	on_site: [0, 158, 115],
	done: [60, 60, 60],
	released: [60, 60, 60],
	cancelled: [60, 60, 60],
	merged: [60, 60, 60]
};

/**
 * The ring of a job point by deadline state. Not colour alone: a late job's ring is also
 * thicker and its point larger, so the three states differ in shape for every eye.
 */
export const deadlineRing: Record<LiveJob['state'], { color: Rgb; width: number; radius: number }> =
	{
		on_time: { color: [255, 255, 255], width: 1, radius: 5 },
		due_soon: { color: [16, 32, 43], width: 3, radius: 7 },
		overdue: { color: [164, 22, 26], width: 5, radius: 9 }
	};

/** Crew marker colour by status. */
export const crewColor: Record<CrewStatus, Rgb> = {
	available: [27, 107, 58],
	dispatched: [0, 114, 178],
	busy: [213, 94, 0],
	off_duty: [120, 120, 120]
};

/** The map's view as the packing needs it: a lon/lat box (with margin) and the zoom. */
export interface MapView {
	west: number;
	south: number;
	east: number;
	north: number;
	zoom: number;
}

/**
 * Symbols drawn in one frame at most. A software-rendered map (SwiftShader: headless browsers,
 * some thin clients) spends about 50 µs of GPU time per symbol, so 100,000 single points would
 * freeze the page for seconds on every redraw; beyond this many, nearby jobs are drawn as one
 * counted symbol until the dispatcher zooms in.
 */
export const SYMBOL_BUDGET = 3000;
/** Grid cell of a counted symbol, in screen pixels at the view's whole zoom level. */
const CELL_PX = 44;

/**
 * Typed arrays for one deck.gl ScatterplotLayer of jobs (binary attributes, no per-row
 * objects). Each symbol is one job, or a cell of `counts[i]` nearby jobs.
 */
export interface JobPoints {
	length: number;
	/** Job id of each single-job symbol (0 for a cell), to turn a picked index into a job. */
	ids: Uint32Array;
	/** How many jobs each symbol stands for. */
	counts: Uint32Array;
	positions: Float64Array;
	fillColors: Uint8Array;
	lineColors: Uint8Array;
	lineWidths: Float32Array;
	radii: Float32Array;
	/** Jobs inside the view that match the filters: the sum of `counts`. */
	jobs: number;
}

// Colours as flat byte tables, so the packing loop copies bytes and allocates nothing per job.
const statusFill = new Map(
	Object.entries(statusColor).map(([status, [r, g, b]]) => [status, [r, g, b, 235]] as const)
);
const states = ['on_time', 'due_soon', 'overdue'] as const;
const ringStyle = states.map((state) => {
	const ring = deadlineRing[state];
	return { rgba: [ring.color[0], ring.color[1], ring.color[2], 255] as const, ...ring };
});
const stateRank = { on_time: 0, due_soon: 1, overdue: 2 } as const;
/** The fill of a counted symbol: no single status, so a neutral slate. */
const CELL_FILL = [37, 64, 79, 235] as const;

function inView(view: MapView | null, lon: number, lat: number): boolean {
	if (!view) return true;
	return lon >= view.west && lon <= view.east && lat >= view.south && lat <= view.north;
}

/** Web Mercator x of a longitude, 0 (west) to 1 (east). */
export function mercatorX(lon: number): number {
	return (lon + 180) / 360;
}

/** Web Mercator y of a latitude, 0 (north) to 1 (south). */
export function mercatorY(lat: number): number {
	const phi = (lat * Math.PI) / 180;
	return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
}

function allocate(n: number): Omit<JobPoints, 'jobs'> {
	return {
		length: n,
		ids: new Uint32Array(n),
		counts: new Uint32Array(n),
		positions: new Float64Array(n * 2),
		fillColors: new Uint8Array(n * 4),
		lineColors: new Uint8Array(n * 4),
		lineWidths: new Float32Array(n),
		radii: new Float32Array(n)
	};
}

function put(
	out: Omit<JobPoints, 'jobs'>,
	i: number,
	symbol: { id: number; count: number; lon: number; lat: number; state: number; radius: number },
	fill: readonly number[]
): void {
	const ring = ringStyle[symbol.state]!;
	const c = i * 4;
	out.ids[i] = symbol.id;
	out.counts[i] = symbol.count;
	out.positions[i * 2] = symbol.lon;
	out.positions[i * 2 + 1] = symbol.lat;
	out.fillColors[c] = fill[0]!;
	out.fillColors[c + 1] = fill[1]!;
	out.fillColors[c + 2] = fill[2]!;
	out.fillColors[c + 3] = fill[3]!;
	out.lineColors[c] = ring.rgba[0];
	out.lineColors[c + 1] = ring.rgba[1];
	out.lineColors[c + 2] = ring.rgba[2];
	out.lineColors[c + 3] = ring.rgba[3];
	out.lineWidths[i] = ring.width;
	out.radii[i] = symbol.radius;
}

/**
 * Packs the matching jobs inside the view into typed arrays: one symbol per job while they fit
 * the budget, otherwise one counted symbol per grid cell, ringed by the most urgent deadline
 * state among its jobs. Without a view every matching job is its own symbol. The caller
 * rebuilds at most once per frame; 100,000 jobs take a few milliseconds.
 */
export function buildJobPoints(
	jobs: Iterable<LiveJob>,
	matches: (live: LiveJob) => boolean,
	// A number is the size hint of an earlier version of this function: it means no view.
	viewOrSize: MapView | null | number = null,
	budget = SYMBOL_BUDGET
): JobPoints {
	const view = typeof viewOrSize === 'number' ? null : viewOrSize;
	const chosen: LiveJob[] = [];
	for (const live of jobs) {
		if (!matches(live)) continue;
		const { lon, lat } = live.job.location;
		if (inView(view, lon, lat)) chosen.push(live);
	}
	if (chosen.length <= budget || !view) {
		const out = allocate(chosen.length);
		chosen.forEach((live, i) => {
			const state = stateRank[live.state];
			const { lon, lat } = live.job.location;
			const radius = ringStyle[state]!.radius;
			put(
				out,
				i,
				{ id: live.job.id, count: 1, lon, lat, state, radius },
				statusFill.get(live.job.status)!
			);
		});
		return { ...out, jobs: chosen.length };
	}
	// Too many to draw one by one: count them per cell of a grid fixed to the world at this
	// whole zoom level, so a pan does not reshuffle the cells.
	const cellsPerWorld = (256 * 2 ** Math.floor(view.zoom)) / CELL_PX;
	const cells = new Map<
		number,
		{ n: number; lon: number; lat: number; state: number; first: LiveJob }
	>();
	for (const live of chosen) {
		const { lon, lat } = live.job.location;
		const cx = Math.floor((live.mx ?? mercatorX(lon)) * cellsPerWorld);
		const cy = Math.floor((live.my ?? mercatorY(lat)) * cellsPerWorld);
		const key = cy * 1e7 + cx;
		const state = stateRank[live.state];
		const cell = cells.get(key);
		if (cell) {
			cell.n++;
			cell.lon += lon;
			cell.lat += lat;
			cell.state = Math.max(cell.state, state);
		} else {
			cells.set(key, { n: 1, lon, lat, state, first: live });
		}
	}
	const out = allocate(cells.size);
	let i = 0;
	for (const cell of cells.values()) {
		if (cell.n === 1) {
			// A lone job keeps its own symbol: its status colour, and a click opens it.
			const { job } = cell.first;
			const radius = ringStyle[cell.state]!.radius;
			const symbol = {
				id: job.id,
				count: 1,
				lon: cell.lon,
				lat: cell.lat,
				state: cell.state,
				radius
			};
			put(out, i++, symbol, statusFill.get(job.status)!);
			continue;
		}
		const radius = Math.min(26, 9 + 3 * Math.log2(cell.n));
		const symbol = {
			id: 0,
			count: cell.n,
			lon: cell.lon / cell.n,
			lat: cell.lat / cell.n,
			state: cell.state,
			radius
		};
		put(out, i++, symbol, CELL_FILL);
	}
	return { ...out, jobs: chosen.length };
}

/** How opaque a crew marker is by the age of its last position: stale crews fade. */
export function crewOpacity(positionAt: string | null, now: number): number {
	if (!positionAt) return 70;
	const minutes = (now - Date.parse(positionAt)) / 60_000;
	if (!(minutes > 2)) return 255;
	if (minutes >= 30) return 70;
	return Math.round(255 - ((minutes - 2) / 28) * (255 - 70));
}
