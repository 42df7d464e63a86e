import { describe, expect, it } from 'vitest';
import { parseCoordinate, parsePair } from './coordinates.ts';

describe('typed coordinates', () => {
	it('reads decimals, a decimal comma and full-width digits', () => {
		expect(parseCoordinate('120.312', 180)).toBe(120.312);
		expect(parseCoordinate('22,6204', 90)).toBe(22.6204);
		expect(parseCoordinate('１２０.３', 180)).toBe(120.3);
		expect(parseCoordinate('abc', 180)).toBeNull();
		expect(parseCoordinate('95', 90)).toBeNull();
	});

	it('splits a pasted pair and turns round the lat, lon order map apps copy', () => {
		expect(parsePair('120.312, 22.6204')).toEqual({ lon: 120.312, lat: 22.6204 });
		expect(parsePair('22.6204, 120.312')).toEqual({ lon: 120.312, lat: 22.6204 });
		expect(parsePair('120.312 22.6204')).toEqual({ lon: 120.312, lat: 22.6204 });
		expect(parsePair('120.312')).toBeNull();
	});
});
