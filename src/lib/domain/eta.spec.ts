import { describe, expect, it } from 'vitest';
import { etaMinutes } from './eta.ts';

describe('ETA', () => {
	it('is distance × detour ÷ speed, rounded up to the minute', () => {
		// 5 km × 1.4 = 7 km at 30 km/h = 14 min
		expect(etaMinutes(5000, { speedKmh: 30, detourFactor: 1.4 })).toBe(14);
		// 1 m still takes a minute to say
		expect(etaMinutes(1, { speedKmh: 30, detourFactor: 1.4 })).toBe(1);
		expect(etaMinutes(0, { speedKmh: 30, detourFactor: 1.4 })).toBe(0);
	});

	it('refuses a zero speed', () => {
		expect(() => etaMinutes(100, { speedKmh: 0, detourFactor: 1 })).toThrow(RangeError);
	});
});
