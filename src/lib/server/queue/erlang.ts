/*
 * Erlang C: the M/M/N queue contact centres staff by. Callers arrive at random (Poisson), handle
 * times are exponential, nobody hangs up. With traffic A = arrival rate × average handle time (in
 * Erlangs) and N agents, the chance a caller has to wait is
 *
 *   C(N, A) = (A^N / N!) · N/(N − A)  ÷  ( Σ_{k<N} A^k / k!  +  (A^N / N!) · N/(N − A) )
 *
 * and the share answered within T seconds is 1 − C(N, A) · e^{−(N − A) · T / AHT}.
 * Factorials overflow long before a city hotline's traffic does, so C is computed from the
 * Erlang B recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)), and C = N·B / (N − A·(1 − B)).
 */

/** Erlang B (blocking probability) for `agents` servers and `traffic` Erlangs. */
export function erlangB(agents: number, traffic: number): number {
	if (!Number.isInteger(agents) || agents < 0)
		throw new RangeError('agents must be an integer ≥ 0');
	if (!(traffic >= 0)) throw new RangeError('traffic must be ≥ 0');
	let b = 1;
	for (let k = 1; k <= agents; k++) b = (traffic * b) / (k + traffic * b);
	return b;
}

/** Erlang C: the probability that a caller waits at all. 1 when the agents cannot keep up. */
export function erlangC(agents: number, traffic: number): number {
	if (traffic === 0) return 0;
	if (agents <= traffic) return 1;
	const b = erlangB(agents, traffic);
	return (agents * b) / (agents - traffic * (1 - b));
}

/** Share (0–1) of callers answered within `thresholdSec` with `agents` agents. */
export function erlangServiceLevel(
	agents: number,
	traffic: number,
	ahtSec: number,
	thresholdSec: number
): number {
	if (!(ahtSec > 0)) throw new RangeError('ahtSec must be positive');
	if (traffic === 0) return 1;
	if (agents <= traffic) return 0;
	const waits = erlangC(agents, traffic);
	return 1 - waits * Math.exp((-(agents - traffic) * thresholdSec) / ahtSec);
}

/** Traffic in Erlangs from calls per hour and the average handle time in seconds. */
export function trafficErlangs(callsPerHour: number, ahtSec: number): number {
	return (callsPerHour * ahtSec) / 3600;
}

/**
 * The fewest agents that answer `targetPct` % of calls within `thresholdSec`, for the given
 * arrival rate and average handle time: 0 when no calls come, null when no staffing within
 * `maxExtra` agents above the traffic reaches the target (a target of 100 % never is).
 */
export function agentsNeeded(options: {
	callsPerHour: number;
	ahtSec: number;
	thresholdSec: number;
	targetPct: number;
	maxExtra?: number;
}): number | null {
	const { callsPerHour, ahtSec, thresholdSec, targetPct } = options;
	if (callsPerHour <= 0) return 0;
	if (!(ahtSec > 0)) throw new RangeError('ahtSec must be positive');
	const traffic = trafficErlangs(callsPerHour, ahtSec);
	const target = targetPct / 100;
	const last = Math.floor(traffic) + (options.maxExtra ?? 1000);
	// Walk N upwards carrying Erlang B along, so each step costs O(1).
	let b = 1;
	for (let n = 1; n <= last; n++) {
		b = (traffic * b) / (n + traffic * b);
		if (n <= traffic) continue; // fewer agents than Erlangs of traffic never keep up
		const waits = (n * b) / (n - traffic * (1 - b));
		const level = 1 - waits * Math.exp((-(n - traffic) * thresholdSec) / ahtSec);
		if (level >= target) return n;
	}
	return null;
}
