/** How an agency's crews move: average speed and how much longer roads are than a straight line. */
export interface EtaSettings {
	speedKmh: number;
	detourFactor: number;
}

/** Minutes to arrive: straight-line distance × detour factor ÷ speed, rounded up. */
export function etaMinutes(distanceM: number, { speedKmh, detourFactor }: EtaSettings): number {
	if (speedKmh <= 0) throw new RangeError('speedKmh must be positive');
	return Math.ceil(((distanceM * detourFactor) / 1000 / speedKmh) * 60);
}
