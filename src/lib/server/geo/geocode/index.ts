import type { Queryable } from '../../db/client.ts';
import type { PointLookup } from '../../../contracts/geo.ts';
import {
	cleanAddressText,
	KAOHSIUNG,
	normalizeAddress,
	parseAddress
} from '../../../domain/address.ts';
import { lookupPoint } from '../repository.ts';
import { fromCache } from './cache.ts';
import { fromCentroid } from './centroid.ts';
import { fromGazetteer } from './gazetteer.ts';
import { fromProvider } from './provider.ts';
import type { GeocodeHit, GeocodeOptions, Resolver } from './types.ts';

export { learnAddress } from './cache.ts';
export { seedPlaces } from './gazetteer.ts';
export { DEFAULT_PROVIDER_TIMEOUT_MS } from './provider.ts';
export type { GeocodeHit, GeocodeOptions, GeocodeRequest, Resolver } from './types.ts';

/** A geocode: the hit, the cache key of the text, and the district and village it falls in. */
export interface GeocodeResult extends GeocodeHit {
	normalized: string;
	area: PointLookup;
}

/** Best first: what a call taker confirmed, named places, the provider, then the area's centre. */
const chain: Resolver[] = [fromCache, fromGazetteer, fromProvider, fromCentroid];

/**
 * Places an address (or a landmark, an intersection) in Kaohsiung through the resolver chain.
 * A hit outside every district is discarded and the next resolver tried; null when none places
 * it, and at once for text that names another city.
 *
 * With a provider configured this may wait up to `timeoutMs`: call it before opening a write
 * transaction rather than inside one.
 */
export async function geocode(
	q: Queryable,
	input: { address: string },
	options: GeocodeOptions = {}
): Promise<GeocodeResult | null> {
	const text = cleanAddressText(input.address);
	const parsed = parseAddress(input.address);
	const normalized = normalizeAddress(input.address);
	if (!text || (parsed.city !== undefined && parsed.city !== KAOHSIUNG)) return null;
	const request = { text, parsed, normalized, options };
	for (const resolve of chain) {
		const hit = await resolve(q, request);
		if (!hit) continue;
		const area = await lookupPoint(q, hit.point.lon, hit.point.lat);
		if (area) return { ...hit, normalized, area };
	}
	return null;
}
