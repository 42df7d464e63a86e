import type { Queryable } from '../../db/client.ts';
import type { GeocodeConfidence, GeocodeSource, Point } from '../../../contracts/jobs.ts';
import type { ParsedAddress } from '../../../domain/address.ts';

/** One resolver's answer; `pin` is not a resolver's to give, only a call taker's. */
export interface GeocodeHit {
	point: Point;
	source: Exclude<GeocodeSource, 'pin'>;
	confidence: GeocodeConfidence;
	label?: string;
}

/** Options of a geocode call; no provider is asked without `providerUrl`. */
export interface GeocodeOptions {
	/** Base URL of a Nominatim-compatible service; `/search` is appended. */
	providerUrl?: string;
	/** How long the provider may take before the chain moves on (default 3000 ms). */
	timeoutMs?: number;
	/** For tests and proxies; the global fetch by default. */
	fetch?: typeof fetch;
}

/** What every resolver is given: the text taken apart once, and the options. */
export interface GeocodeRequest {
	/** The text folded (full-width to ASCII, no spaces, 台 → 臺), for substring matching. */
	text: string;
	parsed: ParsedAddress;
	/** The learned-cache key (see normalizeAddress). */
	normalized: string;
	options: GeocodeOptions;
}

/** One link of the chain: a point for the request, or null to let the next one try. */
export type Resolver = (q: Queryable, request: GeocodeRequest) => Promise<GeocodeHit | null>;
