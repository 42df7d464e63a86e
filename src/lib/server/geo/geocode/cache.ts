import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../../db/client.ts';
import type { Point } from '../../../contracts/jobs.ts';
import { namesOneSpot, normalizeAddress } from '../../../domain/address.ts';
import { lookupPoint } from '../repository.ts';
import type { Resolver } from './types.ts';

/**
 * The learned address cache: a pin a call taker confirmed for this address before. The lookup
 * counts the hit in the same statement.
 */
export const fromCache: Resolver = async (q, { normalized }) => {
	// Whole roads and areas are never learned (see learnAddress), so they are not looked up.
	if (!namesOneSpot(normalized)) return null;
	const [hit] = await rows<{ lon: number; lat: number }>(
		q,
		sql`update address_cache set hits = hits + 1
		    where normalized = ${normalized}
		    returning ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat`
	);
	if (!hit) return null;
	return {
		point: { lon: hit.lon, lat: hit.lat },
		source: 'cache',
		confidence: 'exact',
		label: normalized
	};
};

/**
 * Teaches the cache a confirmed pin for an address; a later confirmation moves the pin. The key
 * is normalised again, so raw text works too. Answers false, learning nothing, when the text
 * names no single spot (a whole road, district or village: one pin says nothing about all of it)
 * or the point lies outside Kaohsiung.
 */
export async function learnAddress(
	q: Queryable,
	normalized: string,
	point: Point,
	userId: number | null
): Promise<boolean> {
	const key = normalizeAddress(normalized);
	if (!namesOneSpot(key)) return false;
	if (!(await lookupPoint(q, point.lon, point.lat))) return false;
	await q.execute(sql`
		insert into address_cache (normalized, location, confirmed_at, confirmed_by)
		values (${key}, ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)::geography,
		        now(), ${userId})
		on conflict (normalized) do update set
			location = excluded.location, confirmed_at = excluded.confirmed_at,
			confirmed_by = excluded.confirmed_by`);
	return true;
}
