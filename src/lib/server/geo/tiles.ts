import { sql } from 'drizzle-orm';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import geojsonvt, { type GeojsonVtIndex, type GeojsonVtTile } from 'geojson-vt';
import vtpbf from 'vt-pbf';
import { rows, type Queryable } from '../db/client.ts';
import { districtFeatures } from './repository.ts';

/**
 * The offline basemap: Mapbox Vector Tiles cut in Node from the district and village polygons.
 * PGlite's PostGIS is built without protobuf-c, so `ST_AsMVT` fails there; cutting tiles with
 * geojson-vt + vt-pbf is the one path that works on both backends (shared/STACK.md).
 */

/** The deepest zoom tiles are cut for; MapLibre over-zooms beyond it. */
export const TILE_MAX_ZOOM = 14;
/** Layer names inside every tile, as the map style refers to them. */
export const TILE_LAYERS = ['districts', 'villages'] as const;

const EXTENT = 4096;

interface VillageProperties {
	code: string;
	nameZh: string;
	districtCode: string;
}

/** The villages as a GeoJSON FeatureCollection (6 decimals ≈ 0.1 m). */
export async function villageFeatures(
	q: Queryable
): Promise<FeatureCollection<MultiPolygon, VillageProperties>> {
	const found = await rows<VillageProperties & { geometry: string }>(
		q,
		sql`select code, name_zh as "nameZh", district_code as "districtCode",
		           ST_AsGeoJSON(geom, 6) as geometry
		    from villages order by code`
	);
	return {
		type: 'FeatureCollection',
		features: found.map(({ geometry, ...properties }) => ({
			type: 'Feature',
			properties,
			geometry: JSON.parse(geometry) as MultiPolygon
		}))
	};
}

type TileIndexes = Record<(typeof TILE_LAYERS)[number], GeojsonVtIndex>;

// Boundaries are read-only reference data: the index is built once per process and database,
// lazily on the first tile request, and shared by every request after it. Keyed by the database
// handle so that an app restarted in the same process (tests) never serves another database.
const indexes = new WeakMap<Queryable, Promise<TileIndexes>>();

async function buildIndexes(q: Queryable): Promise<TileIndexes> {
	const [districts, villages] = [await districtFeatures(q), await villageFeatures(q)];
	const options = { maxZoom: TILE_MAX_ZOOM, extent: EXTENT, buffer: 64, tolerance: 3 };
	return { districts: geojsonvt(districts, options), villages: geojsonvt(villages, options) };
}

function tileIndexes(q: Queryable): Promise<TileIndexes> {
	let pending = indexes.get(q);
	if (!pending) {
		pending = buildIndexes(q);
		// A failed build (database down) is not cached: the next request tries again.
		pending.catch(() => indexes.delete(q));
		indexes.set(q, pending);
	}
	return pending;
}

/** Whether z/x/y names a tile this server cuts. */
export function isTileCoordinate(z: number, x: number, y: number): boolean {
	if (![z, x, y].every(Number.isInteger) || z < 0 || z > TILE_MAX_ZOOM) return false;
	const n = 2 ** z;
	return x >= 0 && x < n && y >= 0 && y < n;
}

/**
 * One vector tile (MVT v2, layers `districts` and `villages`) as protobuf bytes, or null when
 * the tile holds no boundary (outside Kaohsiung).
 */
export async function vectorTile(
	q: Queryable,
	z: number,
	x: number,
	y: number
): Promise<Uint8Array<ArrayBuffer> | null> {
	if (!isTileCoordinate(z, x, y)) throw new RangeError(`no tile ${z}/${x}/${y}`);
	const index = await tileIndexes(q);
	const layers: Record<string, GeojsonVtTile> = {};
	for (const name of TILE_LAYERS) {
		const tile = index[name].getTile(z, x, y);
		if (tile && tile.features.length > 0) layers[name] = tile;
	}
	if (Object.keys(layers).length === 0) return null;
	return vtpbf.fromGeojsonVt(layers, { version: 2, extent: EXTENT });
}
