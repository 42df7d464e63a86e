import { sql } from 'drizzle-orm';
import { rows } from '../../db/client.ts';
import type { Resolver } from './types.ts';

/**
 * A point inside the village (里) or district the text names: ST_PointOnSurface, which unlike
 * the centroid always lies inside, even for a crescent-shaped or multi-part polygon.
 */
export const fromCentroid: Resolver = async (q, { parsed }) => {
	const { district, village } = parsed;
	if (!district) return null;
	if (village) {
		// Village names are stored as the MOI writes them, which may use 台 where the text has 臺.
		const [hit] = await rows<{ lon: number; lat: number }>(
			q,
			sql`select ST_X(p) as lon, ST_Y(p) as lat
			    from (select ST_PointOnSurface(v.geom) as p
			          from villages v join districts d on d.code = v.district_code
			          where d.name_zh = ${district}
			            and translate(v.name_zh, '台', '臺') = ${village}
			          order by v.code limit 1) s`
		);
		if (hit) {
			return {
				point: { lon: hit.lon, lat: hit.lat },
				source: 'centroid',
				confidence: 'village',
				label: `${district}${village}`
			};
		}
	}
	const [hit] = await rows<{ lon: number; lat: number }>(
		q,
		sql`select ST_X(p) as lon, ST_Y(p) as lat
		    from (select ST_PointOnSurface(geom) as p from districts where name_zh = ${district}) s`
	);
	if (!hit) return null;
	return {
		point: { lon: hit.lon, lat: hit.lat },
		source: 'centroid',
		confidence: 'district',
		label: district
	};
};
