import { describe, expect, it } from 'vitest';
import {
	formatClock,
	formatCount,
	formatDuration,
	formatPct,
	rowsThatFit,
	secondsSince,
	truncateToWidth
} from './format.ts';

describe('formatDuration', () => {
	it('writes m:ss below an hour and h:mm:ss from it', () => {
		expect(formatDuration(0)).toBe('0:00');
		expect(formatDuration(7.9)).toBe('0:07');
		expect(formatDuration(725)).toBe('12:05');
		expect(formatDuration(3599)).toBe('59:59');
		expect(formatDuration(3600)).toBe('1:00:00');
		expect(formatDuration(3723)).toBe('1:02:03');
	});
	it('shows a dash for no figure and clamps a negative one', () => {
		expect(formatDuration(null)).toBe('—');
		expect(formatDuration(Number.NaN)).toBe('—');
		expect(formatDuration(-4)).toBe('0:00');
	});
});

describe('formatPct', () => {
	it('rounds from 10 % up and keeps one decimal below', () => {
		expect(formatPct(87.46)).toBe('87%');
		expect(formatPct(99.6)).toBe('100%');
		expect(formatPct(3.44)).toBe('3.4%');
		expect(formatPct(0)).toBe('0%');
		expect(formatPct(null)).toBe('—');
		expect(formatPct(104)).toBe('100%');
	});
});

describe('formatCount', () => {
	it('groups up to 9,999 and goes compact, three digits, beyond', () => {
		expect(formatCount(2481, 'en')).toBe('2,481');
		expect(formatCount(9_999, 'en')).toBe('9,999');
		expect(formatCount(12_345, 'en')).toBe('12.3K');
		expect(formatCount(123_456, 'en')).toBe('123K');
		expect(formatCount(100_000, 'en')).toBe('100K');
		expect(formatCount(12_345, 'zh-TW')).toBe('1.23萬');
		expect(formatCount(123_456, 'zh-TW')).toBe('12.3萬');
	});
});

describe('formatClock', () => {
	it('is the Taipei time of day with seconds, 24-hour', () => {
		expect(formatClock('2026-12-01T06:05:09Z', 'en')).toBe('14:05:09');
		expect(formatClock(Date.parse('2026-12-01T16:00:00Z'), 'zh-TW')).toBe('00:00:00');
	});
});

describe('secondsSince', () => {
	it('counts from an instant to now and never goes negative', () => {
		const at = '2026-12-01T00:00:00Z';
		expect(secondsSince(at, Date.parse(at) + 90_500)).toBe(90.5);
		expect(secondsSince(at, Date.parse(at) - 5000)).toBe(0);
		expect(secondsSince('not a time', 0)).toBe(0);
	});
});

describe('truncateToWidth', () => {
	// One unit per character, two for CJK: a stand-in for a canvas measure.
	const measure = (s: string) => Array.from(s).reduce((w, c) => w + (c > '\u2e80' ? 2 : 1), 0);
	it('keeps text that fits', () => {
		expect(truncateToWidth('Agent 7', 7, measure)).toBe('Agent 7');
	});
	it('cuts to the longest prefix that fits with the ellipsis', () => {
		const cut = truncateToWidth('Maintenance Office', 10, measure);
		expect(cut).toBe('Maintenan…');
		expect(measure(cut)).toBeLessThanOrEqual(10);
		expect(truncateToWidth('養護工程處第二科', 9, measure)).toBe('養護工程…');
	});
	it('drops trailing spaces before the ellipsis and never splits a code point', () => {
		expect(truncateToWidth('ab cd', 4, measure)).toBe('ab…');
		expect(truncateToWidth('😀😀😀', 3.5, measure)).toBe('😀…');
		expect(truncateToWidth('abc', 0.5, measure)).toBe('…');
	});
});

describe('rowsThatFit', () => {
	it('shows every row when they fit', () => {
		expect(rowsThatFit(100, 20, 5)).toEqual({ shown: 5, more: 0 });
	});
	it('keeps the last row for "+N more" when they do not', () => {
		expect(rowsThatFit(100, 20, 9)).toEqual({ shown: 4, more: 5 });
		expect(rowsThatFit(99, 20, 9)).toEqual({ shown: 3, more: 6 });
	});
	it('fills whole rows of every column', () => {
		// 3.5 rows fit a column: 3 rows in each of 2 columns, not 7.
		expect(rowsThatFit(70, 20, 10, 2)).toEqual({ shown: 5, more: 5 });
		expect(rowsThatFit(70, 20, 6, 2)).toEqual({ shown: 6, more: 0 });
	});
	it('shows nothing before the box is measured', () => {
		expect(rowsThatFit(0, 20, 3)).toEqual({ shown: 0, more: 3 });
	});
});
