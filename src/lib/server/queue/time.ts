const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Asia/Taipei is UTC+8 all year (no daylight saving since 1979).
const TAIPEI_OFFSET = 8 * HOUR;

/** Midnight in Asia/Taipei at or before `ms` (epoch milliseconds): where "today" starts. */
export function startOfTaipeiDay(ms: number): number {
	return Math.floor((ms + TAIPEI_OFFSET) / DAY) * DAY - TAIPEI_OFFSET;
}

/**
 * Where a replica's replay starts: today (Taipei) plus `lookbackHours` before midnight, so that
 * agents logged in before midnight and calls in progress across it are known after a restart.
 */
export function replayFrom(ms: number, lookbackHours: number): number {
	return startOfTaipeiDay(ms) - lookbackHours * HOUR;
}
