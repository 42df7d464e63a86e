import type {
	LayerSpecification,
	Map as MaplibreMap,
	SourceSpecification,
	StyleSpecification
} from 'maplibre-gl';

/** The merged city, with a little margin: [west, south, east, north]. */
export const KAOHSIUNG_BOUNDS: [number, number, number, number] = [120.15, 22.45, 121.05, 23.48];

/** Zoom up to which the server cuts tiles (src/lib/server/geo/tiles.ts); MapLibre over-zooms. */
const TILE_MAX_ZOOM = 14;

/** The id of the boundaries' vector source in every style this module builds or extends. */
export const ADMIN_SOURCE = 'admin';

/** The district and village boundaries, cut by our own server: no request leaves the origin. */
export function adminSource(origin: string): SourceSpecification {
	return {
		type: 'vector',
		tiles: [`${origin}/api/tiles/{z}/{x}/{y}`],
		minzoom: 0,
		maxzoom: TILE_MAX_ZOOM,
		bounds: KAOHSIUNG_BOUNDS,
		attribution: '© 內政部國土測繪中心 (MOI)'
	};
}

/** Fills (offline only), village lines from zoom 12, district lines on top. */
function adminLayers(withFill: boolean): LayerSpecification[] {
	const fill: LayerSpecification[] = withFill
		? [
				{
					id: 'districts-fill',
					type: 'fill',
					source: ADMIN_SOURCE,
					'source-layer': 'districts',
					paint: {
						'fill-color': ['match', ['get', 'formerArea'], 'city', '#c9dcea', '#d9e5c6'],
						'fill-opacity': 0.9
					}
				}
			]
		: [];
	return [
		...fill,
		{
			id: 'villages-line',
			type: 'line',
			source: ADMIN_SOURCE,
			'source-layer': 'villages',
			minzoom: 12,
			paint: { 'line-color': '#6f8796', 'line-width': 0.6, 'line-dasharray': [3, 2] }
		},
		{
			id: 'districts-line',
			type: 'line',
			source: ADMIN_SOURCE,
			'source-layer': 'districts',
			paint: {
				'line-color': '#25404f',
				'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 2]
			}
		}
	];
}

/**
 * The offline basemap: vector tiles of the districts and villages from `/api/tiles`, no glyphs,
 * sprites or outside tiles (labels are drawn by deck.gl with the browser's fonts).
 */
export function offlineStyle(origin: string): StyleSpecification {
	return {
		version: 8,
		sources: { [ADMIN_SOURCE]: adminSource(origin) },
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': '#e4edf2' } },
			...adminLayers(true)
		]
	};
}

/** Draws the boundaries over an online style (`MAP_STYLE_URL`) once it has loaded. */
export function addAdminOverlay(map: MaplibreMap, origin: string): void {
	if (map.getSource(ADMIN_SOURCE)) return;
	map.addSource(ADMIN_SOURCE, adminSource(origin));
	for (const layer of adminLayers(false)) map.addLayer(layer);
}
