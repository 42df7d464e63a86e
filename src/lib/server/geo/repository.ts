import { sql } from 'drizzle-orm';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { rows, type Queryable } from '../db/client.ts';
import type { DistrictRecord, VillageRecord } from './atlas.ts';

import type { DistrictProperties, DistrictSummary, PointLookup } from '../../contracts/geo.ts';

/** How many districts are loaded; the seed runs only when the answer is short of the atlas. */
export async function countDistricts(
	q: Queryable
): Promise<{ districts: number; villages: number }> {
	const [r] = await rows<{ districts: number; villages: number }>(
		q,
		sql`select (select count(*)::int from districts) as districts,
		           (select count(*)::int from villages) as villages`
	);
	return r ?? { districts: 0, villages: 0 };
}

/** Upserts districts; geometry comes in as GeoJSON and is stored as a MultiPolygon. */
export async function upsertDistricts(q: Queryable, districts: DistrictRecord[]): Promise<void> {
	for (const d of districts) {
		await q.execute(sql`
			insert into districts (code, town_id, name_zh, name_en, former_area, geom)
			values (${d.code}, ${d.townId}, ${d.nameZh}, ${d.nameEn}, ${d.formerArea},
			        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.geometry)}), 4326)))
			on conflict (code) do update set
				town_id = excluded.town_id, name_zh = excluded.name_zh, name_en = excluded.name_en,
				former_area = excluded.former_area, geom = excluded.geom`);
	}
}

/** Upserts villages in batches, each row as one GeoJSON geometry. */
export async function upsertVillages(q: Queryable, villages: VillageRecord[]): Promise<void> {
	const batchSize = 100;
	for (let i = 0; i < villages.length; i += batchSize) {
		const values = villages.slice(i, i + batchSize).map(
			(v) =>
				sql`(${v.code}, ${v.districtCode}, ${v.nameZh}, ${v.nameEn},
				     ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(v.geometry)}), 4326)))`
		);
		await q.execute(sql`
			insert into villages (code, district_code, name_zh, name_en, geom)
			values ${sql.join(values, sql`, `)}
			on conflict (code) do update set
				district_code = excluded.district_code, name_zh = excluded.name_zh,
				name_en = excluded.name_en, geom = excluded.geom`);
	}
}

/** The districts as a GeoJSON FeatureCollection (6 decimals ≈ 0.1 m). */
export async function districtFeatures(
	q: Queryable
): Promise<FeatureCollection<MultiPolygon, DistrictProperties>> {
	const result = await rows<DistrictProperties & { geometry: string }>(
		q,
		sql`select code, name_zh as "nameZh", name_en as "nameEn", former_area as "formerArea",
		           ST_AsGeoJSON(geom, 6) as geometry
		    from districts order by code`
	);
	return {
		type: 'FeatureCollection',
		features: result.map(({ geometry, ...properties }) => ({
			type: 'Feature',
			id: properties.code,
			properties,
			geometry: JSON.parse(geometry) as MultiPolygon
		}))
	};
}

/** Reverse lookup: the district and village containing a point, or null outside Kaohsiung. */
export async function lookupPoint(
	q: Queryable,
	lon: number,
	lat: number
): Promise<PointLookup | null> {
	const [hit] = await rows<{
		code: string;
		nameZh: string;
		nameEn: string;
		formerArea: 'city' | 'county';
		villageCode: string | null;
		villageNameZh: string | null;
	}>(
		q,
		sql`with p as (select ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) as g)
		    select d.code, d.name_zh as "nameZh", d.name_en as "nameEn", d.former_area as "formerArea",
		           v.code as "villageCode", v.name_zh as "villageNameZh"
		    from p
		    join districts d on ST_Intersects(d.geom, p.g)
		    left join lateral (
		        select code, name_zh from villages
		        where district_code = d.code and ST_Intersects(geom, p.g)
		        order by code limit 1
		    ) v on true
		    order by d.code limit 1`
	);
	if (!hit) return null;
	return {
		district: { code: hit.code, nameZh: hit.nameZh, nameEn: hit.nameEn },
		village: hit.villageCode ? { code: hit.villageCode, nameZh: hit.villageNameZh ?? '' } : null,
		formerArea: hit.formerArea
	};
}

/** All districts without their outlines, ordered by code. */
export async function listDistricts(q: Queryable): Promise<DistrictSummary[]> {
	const found = await rows<
		DistrictProperties & { lx: number; ly: number; x1: number; y1: number; x2: number; y2: number }
	>(
		q,
		sql`select code, name_zh as "nameZh", name_en as "nameEn", former_area as "formerArea",
		           ST_X(ST_PointOnSurface(geom)) as lx, ST_Y(ST_PointOnSurface(geom)) as ly,
		           ST_XMin(geom) as x1, ST_YMin(geom) as y1, ST_XMax(geom) as x2, ST_YMax(geom) as y2
		    from districts order by code`
	);
	return found.map(({ lx, ly, x1, y1, x2, y2, ...d }) => ({
		...d,
		label: [lx, ly],
		bbox: [x1, y1, x2, y2]
	}));
}
