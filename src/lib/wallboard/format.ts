import type { Locale } from '$lib/i18n';

/** Shown where a figure does not exist yet (no calls today, no answered call for an ASA). */
export const NO_VALUE = '—';

/** A duration as a wallboard shows it: "0:07", "12:05", "1:02:03"; negative counts as 0. */
export function formatDuration(seconds: number | null): string {
	if (seconds === null || !Number.isFinite(seconds)) return NO_VALUE;
	const s = Math.max(0, Math.floor(seconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * A percentage: whole numbers from 10 % up, one decimal below (an abandon rate of 3.4 % matters),
 * never "100.0" or "-0".
 */
export function formatPct(value: number | null): string {
	if (value === null || !Number.isFinite(value)) return NO_VALUE;
	const v = Math.min(100, Math.max(0, value));
	const text = v >= 10 || v === 0 ? String(Math.round(v)) : v.toFixed(1);
	return `${text}%`;
}

const counts = new Map<Locale, { plain: Intl.NumberFormat; compact: Intl.NumberFormat }>();

/**
 * A count that fits a tile or a table column: grouped up to 9,999 ("2,481"), compact with three
 * significant digits beyond ("12.3K", "123K", "1.23萬"), so a backlog of 100,000 jobs never
 * overflows the place it is shown in.
 */
export function formatCount(n: number, locale: Locale): string {
	let f = counts.get(locale);
	if (!f) {
		f = {
			plain: new Intl.NumberFormat(locale),
			compact: new Intl.NumberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 })
		};
		counts.set(locale, f);
	}
	return Math.abs(n) < 10_000 ? f.plain.format(n) : f.compact.format(n);
}

const clocks = new Map<Locale, Intl.DateTimeFormat>();

/** The time of day on the Taipei clock, "14:05:09", as "data as of" and the wallboard clock. */
export function formatClock(at: number | string, locale: Locale): string {
	let f = clocks.get(locale);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, {
			timeZone: 'Asia/Taipei',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23'
		});
		clocks.set(locale, f);
	}
	return f.format(new Date(at));
}

/** Seconds from an ISO instant to `now` (ms), never negative: time in a state, age of data. */
export function secondsSince(iso: string, now: number): number {
	const t = Date.parse(iso);
	return Number.isFinite(t) ? Math.max(0, (now - t) / 1000) : 0;
}

/**
 * The longest prefix of `text` that, with an ellipsis, measures at most `maxWidth`; the whole
 * text when it fits. `measure` is the width of a string in the element's font (a canvas in the
 * browser). Used so that a long agent or agency name is shortened on purpose, never clipped.
 */
export function truncateToWidth(
	text: string,
	maxWidth: number,
	measure: (s: string) => number
): string {
	if (measure(text) <= maxWidth) return text;
	const chars = Array.from(text); // whole code points: never half a surrogate pair
	let lo = 0;
	let hi = chars.length;
	while (lo < hi) {
		const mid = Math.ceil((lo + hi) / 2);
		if (measure(`${chars.slice(0, mid).join('').trimEnd()}…`) <= maxWidth) lo = mid;
		else hi = mid - 1;
	}
	return lo === 0 ? '…' : `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * How many rows of a list fit a box of `columns` columns of `boxPx` height each; when not all
 * do, one place is kept for "+N more".
 */
export function rowsThatFit(
	boxPx: number,
	rowPx: number,
	total: number,
	columns = 1
): { shown: number; more: number } {
	if (!(rowPx > 0) || !(boxPx > 0)) return { shown: 0, more: total };
	const capacity = Math.floor(boxPx / rowPx + 1e-6) * columns;
	if (total <= capacity) return { shown: total, more: 0 };
	const shown = Math.max(0, capacity - 1);
	return { shown, more: total - shown };
}
