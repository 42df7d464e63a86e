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

/** Web Mercator x of a longitude, 0 (west) to 1 (east). */
export function mercatorX(lon: number): number {
	return (lon + 180) / 360;
}

/** Web Mercator y of a latitude, 0 (north) to 1 (south). */
export function mercatorY(lat: number): number {
	const phi = (lat * Math.PI) / 180;
	return (1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2;
}

/** How opaque a crew marker is by the age of its last position: stale crews fade. */
export function crewOpacity(positionAt: string | null, now: number): number {
	if (!positionAt) return 70;
	const minutes = (now - Date.parse(positionAt)) / 60_000;
	if (!(minutes > 2)) return 255;
	if (minutes >= 30) return 70;
	return Math.round(255 - ((minutes - 2) / 28) * (255 - 70));
}
