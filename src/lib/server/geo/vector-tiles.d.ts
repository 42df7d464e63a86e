// The two tiling packages ship JavaScript only; these are the parts CityDesk calls.

declare module 'geojson-vt' {
	import type { FeatureCollection } from 'geojson';

	/** One tile as geojson-vt cuts it: features in tile coordinates (0..extent). */
	export interface GeojsonVtTile {
		features: unknown[];
		numPoints: number;
		numSimplified: number;
		numFeatures: number;
	}

	export interface GeojsonVtIndex {
		/** The tile, cut on first request and cached; null where the data has nothing. */
		getTile(z: number, x: number, y: number): GeojsonVtTile | null;
	}

	export interface GeojsonVtOptions {
		maxZoom?: number;
		indexMaxZoom?: number;
		indexMaxPoints?: number;
		tolerance?: number;
		extent?: number;
		buffer?: number;
	}

	export default function geojsonvt(
		data: FeatureCollection,
		options?: GeojsonVtOptions
	): GeojsonVtIndex;
}

declare module 'vt-pbf' {
	import type { GeojsonVtTile } from 'geojson-vt';

	const vtpbf: {
		/** Serialises geojson-vt tiles, one per named layer, to a Mapbox Vector Tile (protobuf). */
		fromGeojsonVt(
			layers: Record<string, GeojsonVtTile>,
			options?: { version?: 1 | 2; extent?: number }
		): Uint8Array<ArrayBuffer>;
	};
	// CommonJS: the default import is module.exports.
	export default vtpbf;
}
