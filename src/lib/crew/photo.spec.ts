import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo.ts';

describe('fitWithin', () => {
	it('scales the longer edge down to the limit, keeping the proportions', () => {
		expect(fitWithin(4000, 3000, 1600)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3000, 4000, 320)).toEqual({ width: 240, height: 320 });
	});

	it('never enlarges a small image', () => {
		expect(fitWithin(64, 48, 1600)).toEqual({ width: 64, height: 48 });
	});

	it('keeps at least one pixel on a very thin image', () => {
		expect(fitWithin(10_000, 2, 320)).toEqual({ width: 320, height: 1 });
	});

	it('refuses an image without pixels', () => {
		expect(() => fitWithin(0, 10, 320)).toThrow(RangeError);
	});
});
