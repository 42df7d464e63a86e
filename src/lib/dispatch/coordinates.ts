import type { Point } from '$lib/contracts/jobs';

/** Reads one coordinate as typed: decimal point or comma, full-width digits allowed. */
export function parseCoordinate(text: string, limit: number): number | null {
	const t = text.normalize('NFKC').trim().replace(/°$/, '');
	if (!/^[-+]?\d{1,3}([.,]\d+)?$/.test(t)) return null;
	const value = Number(t.replace(',', '.'));
	return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/**
 * A "lon, lat" pair pasted into one field. Map apps copy "lat, lon" (22.62, 120.31): around
 * Taiwan the two cannot be confused (latitude 20–27, longitude 117–124), so that order is
 * turned round.
 */
export function parsePair(text: string): Point | null {
	const parts = text
		.normalize('NFKC')
		.trim()
		.split(/\s*[,\s;/]\s*/)
		.filter(Boolean);
	if (parts.length !== 2) return null;
	const a = parseCoordinate(parts[0]!, 180);
	const b = parseCoordinate(parts[1]!, 180);
	if (a === null || b === null) return null;
	const taiwanLat = (v: number) => v >= 20 && v <= 27;
	const taiwanLon = (v: number) => v >= 117 && v <= 124;
	if (taiwanLat(a) && taiwanLon(b)) return { lon: b, lat: a };
	return Math.abs(b) <= 90 ? { lon: a, lat: b } : null;
}

/** Six decimals (about 0.1 m), as the API stores points. */
export function formatCoordinate(value: number): string {
	return value.toFixed(6);
}
