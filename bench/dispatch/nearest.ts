// Part 1: nearest available crew, PostGIS KNN (`nearestAvailableCrews`) against a plain
// JavaScript scan of the same crews in memory, for the same query points.
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client.ts';
import { rows } from '../../src/lib/server/db/client.ts';
import { crews as crewTable } from '../../src/lib/server/db/schema.ts';
import type { CrewStatus } from '../../src/lib/contracts/crews.ts';
import { nearestAvailableCrews } from '../../src/lib/server/crews/repository.ts';
import {
	cityPoint,
	emit,
	emitPercentiles,
	note,
	pick,
	pointsInDistricts,
	seeded
} from './common.ts';

export const NEAREST_SIZES = { crews: 10_000, queries: 1_000, warmup: 50, limit: 5 };

/** Three agencies with the skills their crews carry (from the category catalog). */
const AGENCY_SKILLS: Record<string, string[]> = {
	MOPW: ['road', 'electrical', 'tree', 'drainage'],
	EPB: ['cleaning', 'inspection'],
	TPC: ['power', 'electrical']
};
const STATUS_MIX: CrewStatus[] = ['available', 'available', 'dispatched', 'busy', 'off_duty'];

interface MemoryCrew {
	id: number;
	agencyCode: string;
	skills: string[];
	status: CrewStatus;
	lon: number;
	lat: number;
}

interface Query {
	lon: number;
	lat: number;
	agencyCode: string;
	skill: string | null;
}

/** Mean radius of the WGS84 sphere, as PostGIS uses for geography `<->`. */
const EARTH_RADIUS_M = 6_371_008.7714;
const RAD = Math.PI / 180;

function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
	const dLat = (lat2 - lat1) * RAD;
	const dLon = (lon2 - lon1) * RAD;
	const a =
		Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The in-memory baseline: one pass over every crew (filter, haversine), keeping the best `limit`
 * in a small sorted array — the partial sort a dispatcher's browser or a cache would do.
 */
function scan(crews: MemoryCrew[], q: Query, limit: number): { id: number; d: number }[] {
	const best: { id: number; d: number }[] = [];
	for (const c of crews) {
		if (c.status !== 'available' || c.agencyCode !== q.agencyCode) continue;
		if (q.skill !== null && !c.skills.includes(q.skill)) continue;
		const d = haversineM(q.lon, q.lat, c.lon, c.lat);
		if (best.length === limit && d >= best[limit - 1]!.d) continue;
		let i = best.length < limit ? best.length : limit - 1;
		if (best.length < limit) best.push({ id: c.id, d });
		else best[i] = { id: c.id, d };
		while (i > 0 && best[i - 1]!.d > d) {
			[best[i - 1], best[i]] = [best[i]!, best[i - 1]!];
			i--;
		}
	}
	return best;
}

/** Inserts the crews (one multi-row insert per thousand) and returns them as stored. */
async function seedCrews(db: Db, random: () => number, count: number): Promise<MemoryCrew[]> {
	const agencies = Object.keys(AGENCY_SKILLS);
	const batch = 1_000;
	for (let from = 0; from < count; from += batch) {
		const values = [];
		for (let i = from; i < Math.min(count, from + batch); i++) {
			const agencyCode = pick(random, agencies);
			const skills = AGENCY_SKILLS[agencyCode]!.filter(() => random() < 0.5);
			const { lon, lat } = cityPoint(random);
			values.push({
				name: `bench crew ${i + 1}`,
				agencyCode,
				skills,
				status: pick(random, STATUS_MIX),
				location: sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography`,
				positionAt: sql`now()`
			});
		}
		await db.insert(crewTable).values(values);
	}
	await db.execute(sql`analyze crews`);
	// Read back what PostGIS stored, so both sides work from the very same coordinates.
	return rows<MemoryCrew>(
		db,
		sql`select id, agency_code as "agencyCode", skills, status,
		           ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat
		    from crews where location is not null order by id`
	);
}

/** Runs part 1 on a prepared database and prints its figures. */
export async function benchNearest(db: Db, signal: AbortSignal): Promise<void> {
	const { crews: crewCount, queries: queryCount, warmup, limit } = NEAREST_SIZES;
	const random = seeded(1999);
	const started = performance.now();
	const crews = await seedCrews(db, random, crewCount);
	note(
		`nearest: ${crews.length} crews of ${Object.keys(AGENCY_SKILLS).join('/')} inserted in ` +
			`${((performance.now() - started) / 1000).toFixed(1)} s`
	);
	const places = await pointsInDistricts(db, queryCount + warmup, 7);
	const agencies = Object.keys(AGENCY_SKILLS);
	const queries: Query[] = places.map((p) => {
		const agencyCode = pick(random, agencies);
		// A third of the jobs need a skill, as a third of the categories name one.
		const skill = random() < 1 / 3 ? pick(random, AGENCY_SKILLS[agencyCode]!) : null;
		return { lon: p.lon, lat: p.lat, agencyCode, skill };
	});
	emit({ metric: 'dispatch.nearest.crews', value: crews.length, unit: 'crews' });
	emit({ metric: 'dispatch.nearest.queries', value: queryCount, unit: 'queries' });

	const plan = await rows<{ 'QUERY PLAN': string }>(
		db,
		sql`explain select id from crews
		    where status = 'available' and location is not null and agency_code = 'MOPW'
		    order by location <-> ST_SetSRID(ST_MakePoint(120.3, 22.63), 4326)::geography limit 5`
	);
	note(`nearest: plan ${plan.map((r) => r['QUERY PLAN'].trim()).join(' | ')}`);

	const knn: number[] = [];
	const knnIds: number[][] = [];
	for (const [i, q] of queries.entries()) {
		signal.throwIfAborted();
		const t0 = performance.now();
		const found = await nearestAvailableCrews(db, q, {
			agencyCode: q.agencyCode,
			skill: q.skill,
			limit
		});
		const ms = performance.now() - t0;
		if (i >= warmup) {
			knn.push(ms);
			knnIds.push(found.map((c) => c.id));
		}
	}

	const js: number[] = [];
	const jsIds: number[][] = [];
	for (const [i, q] of queries.entries()) {
		const t0 = performance.now();
		const found = scan(crews, q, limit);
		const ms = performance.now() - t0;
		if (i >= warmup) {
			js.push(ms);
			jsIds.push(found.map((c) => c.id));
		}
	}

	emitPercentiles('dispatch.nearest.knn', knn);
	emitPercentiles('dispatch.nearest.jsscan', js);

	// Same crews, same order? Geodesic ST_Distance is not what orders the KNN (the sphere does),
	// and near-ties may swap: count, never fail.
	let orderDiffers = 0;
	let setDiffers = 0;
	for (let i = 0; i < knnIds.length; i++) {
		const a = knnIds[i]!;
		const b = jsIds[i]!;
		if (a.join() !== b.join()) orderDiffers++;
		const sa = new Set(a);
		if (a.length !== b.length || b.some((id) => !sa.has(id))) setDiffers++;
	}
	emit({ metric: 'dispatch.nearest.mismatch_order', value: orderDiffers, unit: 'queries' });
	emit({ metric: 'dispatch.nearest.mismatch_set', value: setDiffers, unit: 'queries' });
	if (setDiffers > 0 || orderDiffers > 0) {
		note(
			`nearest: ${orderDiffers} of ${knnIds.length} queries answered in another order, ` +
				`${setDiffers} with other crews`
		);
	}
}
