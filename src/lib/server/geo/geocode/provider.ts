import { z } from 'zod';
import { KAOHSIUNG } from '../../../domain/address.ts';
import type { GeocodeRequest, Resolver } from './types.ts';

/** How long the provider may take when the caller does not say. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 3000;

// Nominatim ranks results from 4 (country) to 30 (house); 26 is a street. Anything coarser, such
// as the whole city for text it could not place, is worse than our own district centroid.
const STREET_RANK = 26;

const resultSchema = z.array(
	z.looseObject({
		lat: z.coerce.number().min(-90).max(90),
		lon: z.coerce.number().min(-180).max(180),
		place_rank: z.coerce.number().optional(),
		display_name: z.string().optional()
	})
);

/** The query sent: the normalised address, or the text of a place, placed in Kaohsiung. */
function providerQuery({ parsed, normalized, text }: GeocodeRequest): string {
	const q = parsed.kind === 'unparsed' ? text : normalized;
	return q.startsWith(KAOHSIUNG) ? q : `${KAOHSIUNG}${q}`;
}

/**
 * A Nominatim-compatible service (`GET {url}/search?format=jsonv2`), asked only when a URL is
 * configured. Any failure (network, status, body, timeout) answers null so the chain moves on:
 * a slow provider must not hold a call taker for longer than the timeout.
 */
export const fromProvider: Resolver = async (_q, request) => {
	const { providerUrl, timeoutMs = DEFAULT_PROVIDER_TIMEOUT_MS } = request.options;
	const fetchFn = request.options.fetch ?? globalThis.fetch;
	if (!providerUrl || !request.text) return null;
	const params = new URLSearchParams({
		q: providerQuery(request),
		format: 'jsonv2',
		limit: '1',
		countrycodes: 'tw',
		'accept-language': 'zh-TW'
	});
	try {
		const response = await fetchFn(`${providerUrl.replace(/\/+$/u, '')}/search?${params}`, {
			headers: { accept: 'application/json', 'user-agent': 'CityDesk geocoder' },
			signal: AbortSignal.timeout(timeoutMs)
		});
		if (!response.ok) return null;
		const parsed = resultSchema.safeParse(await response.json());
		const [first] = parsed.success ? parsed.data : [];
		if (!first) return null;
		if (first.place_rank !== undefined && first.place_rank < STREET_RANK) return null;
		return {
			point: { lon: first.lon, lat: first.lat },
			source: 'provider',
			confidence: 'street',
			...(first.display_name ? { label: first.display_name } : {})
		};
	} catch {
		// Timeouts, refused connections and bad JSON all mean the same here: try the next one.
		return null;
	}
};
