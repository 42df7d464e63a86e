import { roles } from '$lib/contracts/auth';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { isTileCoordinate, vectorTile } from '$lib/server/geo/tiles';
import type { RequestHandler } from './$types';

/** A vector tile of the offline basemap (district and village boundaries), MVT protobuf. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireRole(locals, roles);
	const [z, x, y] = [params.z, params.x, params.y].map(wholeNumber) as [number, number, number];
	if (!isTileCoordinate(z, x, y)) {
		throw new ApiError(404, 'not_found', `tile ${params.z}/${params.x}/${params.y} does not exist`);
	}
	const tile = await vectorTile(appContext().db, z, x, y);
	// Boundaries change only with a new atlas: browsers may keep tiles for a day.
	const headers = { 'cache-control': 'private, max-age=86400' };
	// No boundary in this tile (outside Kaohsiung): MapLibre treats 204 as an empty tile.
	if (!tile) return new Response(null, { status: 204, headers });
	return new Response(tile, {
		headers: { ...headers, 'content-type': 'application/x-protobuf' }
	});
});

function wholeNumber(value: string): number {
	return /^\d{1,8}$/.test(value) ? Number(value) : NaN;
}
