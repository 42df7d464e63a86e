import { describe, expect, it } from 'vitest';
import { figureSize } from './fit-text.ts';

describe('figureSize', () => {
	it('fills the height when the text is short', () => {
		// "7": 0.55 px wide per px of font; a 200×115 box allows 100 px by height.
		expect(figureSize(200, 115, 0.55)).toBe(100);
	});
	it('is held by the width when the text is long', () => {
		// "1:02:03" about 3.4 px per px: 0.97 × 200 / 3.4 = 57.
		expect(figureSize(200, 115, 3.4)).toBe(57);
		expect(figureSize(200, 115, 3.4) * 3.4).toBeLessThanOrEqual(200);
	});
	it('never answers zero or less', () => {
		expect(figureSize(0, 0, 1)).toBe(1);
	});
});
