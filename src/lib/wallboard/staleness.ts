import type { ConnectionStatus } from '$lib/realtime/connection.svelte';

/** Queue figures come at least once a second; this long without one, they are stale. */
export const QUEUE_STALE_MS = 5_000;
/** Field figures come at least every 10 s (a heartbeat); this long without one, stale. */
export const FIELD_STALE_MS = 25_000;

/** Where one feed of figures stands. */
export type FeedState =
	/** Nothing yet, and no answer that there is none. */
	| 'waiting'
	/** The server says there are none (no telephony source yet: 404/403). */
	| 'absent'
	| 'live'
	/** Figures are there but older than the feed's pace allows. */
	| 'stale';

/**
 * A feed's state at `now` (server clock, ms). `at` is the server time of the figures held, or
 * null; `absent` says the server answered that it has none.
 */
export function feedState(at: string | null, absent: boolean, now: number, staleMs: number) {
	if (at === null) return absent ? 'absent' : 'waiting';
	const t = Date.parse(at);
	return Number.isFinite(t) && now - t <= staleMs ? 'live' : 'stale';
}

/** What the wallboard's banner says: nothing, or which trouble and the figures' time. */
export type Banner = null | {
	kind: 'offline' | 'stale';
	/** The oldest figures on screen (ms), or null when none arrived at all. */
	asOf: number | null;
};

/**
 * The "connection lost — data as of hh:mm:ss" banner: shown when the socket is down, or when a
 * feed that was live went stale (the link is up but nothing arrives). `asOf` is the oldest of
 * the figures shown, so the time never claims more than every number on screen can.
 */
export function banner(
	status: ConnectionStatus,
	feeds: { at: string | null; state: FeedState }[]
): Banner {
	const times = feeds
		.map((f) => (f.at === null ? NaN : Date.parse(f.at)))
		.filter((t) => Number.isFinite(t));
	const asOf = times.length ? Math.min(...times) : null;
	if (status === 'offline') return { kind: 'offline', asOf };
	if (feeds.some((f) => f.state === 'stale')) return { kind: 'stale', asOf };
	return null;
}
