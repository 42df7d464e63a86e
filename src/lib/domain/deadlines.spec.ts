import { describe, expect, it } from 'vitest';
import {
	clockStopped,
	computeDeadline,
	deadlineState,
	exceptionsFromDays,
	formatCountdown,
	remainingMs,
	taipeiDate,
	type CalendarExceptions,
	type OfficeHours
} from './deadlines.ts';

/** A Taipei wall-clock time, e.g. `tpe('2026-01-09T16:30')`. */
const tpe = (local: string) => new Date(`${local}:00+08:00`);

const none: CalendarExceptions = {
	holidays: new Set(),
	typhoonDays: new Set(),
	workdays: new Set()
};

// The exception days below are fixtures chosen for their weekday, not the city's real calendar,
// except New Year's Day.
describe('computeDeadline on the 24x7 calendar', () => {
	it('adds wall-clock hours across midnight', () => {
		// Tue 10 Mar 2026 22:00 + 4 h → Wed 11 Mar 02:00; 75 % = 3 h → Wed 01:00.
		expect(computeDeadline(tpe('2026-03-10T22:00'), 4, '24x7', none)).toEqual({
			deadlineAt: tpe('2026-03-11T02:00'),
			warnAt: tpe('2026-03-11T01:00')
		});
	});

	it('ignores weekends and holidays', () => {
		// Fri 9 Jan 2026 16:30 + 72 h → Mon 12 Jan 16:30, although Monday is a holiday.
		const holidays = { ...none, holidays: new Set(['2026-01-12']) };
		const { deadlineAt } = computeDeadline(tpe('2026-01-09T16:30'), 72, '24x7', holidays);
		expect(deadlineAt).toEqual(tpe('2026-01-12T16:30'));
	});
});

describe('computeDeadline on the office calendar', () => {
	it('carries a Friday afternoon job over the weekend', () => {
		// Fri 9 Jan 2026 16:30, 4 h: 1 h on Friday (to 17:30) + 3 h on Mon 12 Jan from 08:30.
		// 75 % = 3 h: 1 h Friday + 2 h Monday → 10:30.
		expect(computeDeadline(tpe('2026-01-09T16:30'), 4, 'office', none)).toEqual({
			deadlineAt: tpe('2026-01-12T11:30'),
			warnAt: tpe('2026-01-12T10:30')
		});
	});

	it('starts the clock at 13:30 for a job filed during the lunch break', () => {
		// Wed 11 Mar 2026 12:15 (and exactly 12:00), 2 h → 13:30 + 2 h = 15:30.
		for (const filed of ['2026-03-11T12:15', '2026-03-11T12:00']) {
			const { deadlineAt } = computeDeadline(tpe(filed), 2, 'office', none);
			expect(deadlineAt).toEqual(tpe('2026-03-11T15:30'));
		}
	});

	it('starts the clock next morning for a job filed at night or before opening', () => {
		// Tue 10 Mar 2026 22:00, 17:30 sharp, and Wed 11 Mar 06:00, 2 h → Wed 08:30 + 2 h = 10:30.
		for (const filed of ['2026-03-10T22:00', '2026-03-10T17:30', '2026-03-11T06:00']) {
			const { deadlineAt } = computeDeadline(tpe(filed), 2, 'office', none);
			expect(deadlineAt).toEqual(tpe('2026-03-11T10:30'));
		}
	});

	it('starts the clock on Monday for a job filed on a Saturday', () => {
		// Sat 10 Jan 2026 10:00, 1 h → Mon 12 Jan 08:30 + 1 h = 09:30.
		const { deadlineAt } = computeDeadline(tpe('2026-01-10T10:00'), 1, 'office', none);
		expect(deadlineAt).toEqual(tpe('2026-01-12T09:30'));
	});

	it('skips the lunch break and the night inside one job', () => {
		// Mon 12 Jan 2026 08:30, 8 h: Monday holds 3.5 h + 4 h = 7.5 h, the last 0.5 h is Tue 13
		// Jan 08:30–09:00. 75 % = 6 h: 3.5 h morning + 2.5 h from 13:30 → Mon 16:00.
		expect(computeDeadline(tpe('2026-01-12T08:30'), 8, 'office', none)).toEqual({
			deadlineAt: tpe('2026-01-13T09:00'),
			warnAt: tpe('2026-01-12T16:00')
		});
	});

	it('is due when a window closes, not after the break that follows', () => {
		// Mon 12 Jan 2026 08:30, 3.5 h → exactly 12:00, not 13:30.
		const { deadlineAt } = computeDeadline(tpe('2026-01-12T08:30'), 3.5, 'office', none);
		expect(deadlineAt).toEqual(tpe('2026-01-12T12:00'));
	});

	it('pushes a job past a holiday Monday to Tuesday', () => {
		// Fri 9 Jan 2026 16:30, 4 h, Mon 12 Jan a holiday: 1 h Friday + 3 h Tue 13 Jan → 11:30.
		const exceptions = { ...none, holidays: new Set(['2026-01-12']) };
		const { deadlineAt } = computeDeadline(tpe('2026-01-09T16:30'), 4, 'office', exceptions);
		expect(deadlineAt).toEqual(tpe('2026-01-13T11:30'));
	});

	it("pauses over New Year's Day across the year boundary", () => {
		// Wed 31 Dec 2025 16:30, 4 h, Thu 1 Jan 2026 a holiday: 1 h Wed + 3 h Fri 2 Jan → 11:30.
		const exceptions = exceptionsFromDays([{ day: '2026-01-01', kind: 'holiday' }]);
		const { deadlineAt } = computeDeadline(tpe('2025-12-31T16:30'), 4, 'office', exceptions);
		expect(deadlineAt).toEqual(tpe('2026-01-02T11:30'));
	});

	it('pauses office work on a typhoon day but not the 24x7 clock', () => {
		// Tue 14 Jul 2026 16:30, Wed 15 Jul a typhoon day (停班).
		const typhoon = { ...none, typhoonDays: new Set(['2026-07-15']) };
		const start = tpe('2026-07-14T16:30');
		// Office, 4 h: 1 h Tuesday, Wednesday closed, 3 h Thu 16 Jul → 11:30.
		expect(computeDeadline(start, 4, 'office', typhoon).deadlineAt).toEqual(
			tpe('2026-07-16T11:30')
		);
		// 24x7, 24 h: crews work through the typhoon → Wed 15 Jul 16:30.
		expect(computeDeadline(start, 24, '24x7', typhoon).deadlineAt).toEqual(tpe('2026-07-15T16:30'));
	});

	it('counts a make-up Saturday (補班) as an office day', () => {
		// Fri 9 Jan 2026 16:30, 4 h, Sat 10 Jan a make-up workday: 1 h Fri + 3 h Sat → 11:30.
		const exceptions = { ...none, workdays: new Set(['2026-01-10']) };
		const { deadlineAt } = computeDeadline(tpe('2026-01-09T16:30'), 4, 'office', exceptions);
		expect(deadlineAt).toEqual(tpe('2026-01-10T11:30'));
	});

	it('lets a typhoon close a make-up Saturday', () => {
		// As above, but Sat 10 Jan is also a typhoon day → Mon 12 Jan 11:30.
		const exceptions = exceptionsFromDays([
			{ day: '2026-01-10', kind: 'workday' },
			{ day: '2026-01-10', kind: 'typhoon' }
		]);
		const { deadlineAt } = computeDeadline(tpe('2026-01-09T16:30'), 4, 'office', exceptions);
		expect(deadlineAt).toEqual(tpe('2026-01-12T11:30'));
	});

	it('follows configured office hours', () => {
		// Mon–Sat 09:00–17:00. Fri 9 Jan 2026 16:30, 4 h: 0.5 h Fri + 3.5 h Sat 10 Jan → 12:30.
		const hours: OfficeHours = { weekdays: [1, 2, 3, 4, 5, 6], windows: [[540, 1020]] };
		const { deadlineAt } = computeDeadline(tpe('2026-01-09T16:30'), 4, 'office', none, hours);
		expect(deadlineAt).toEqual(tpe('2026-01-10T12:30'));
	});

	it('gives zero hours the moment the clock starts', () => {
		// Wed 11 Mar 2026: 10:00 is inside a window; 12:15 waits for 13:30.
		expect(computeDeadline(tpe('2026-03-11T10:00'), 0, 'office', none).deadlineAt).toEqual(
			tpe('2026-03-11T10:00')
		);
		expect(computeDeadline(tpe('2026-03-11T12:15'), 0, 'office', none).deadlineAt).toEqual(
			tpe('2026-03-11T13:30')
		);
	});

	it('refuses negative hours, invalid dates and office hours that never open', () => {
		const start = tpe('2026-03-11T10:00');
		expect(() => computeDeadline(start, -1, 'office', none)).toThrow(RangeError);
		expect(() => computeDeadline(start, Number.NaN, '24x7', none)).toThrow(RangeError);
		expect(() => computeDeadline(new Date('nope'), 1, '24x7', none)).toThrow(RangeError);
		expect(() =>
			computeDeadline(start, 1, 'office', none, { weekdays: [], windows: [[510, 720]] })
		).toThrow(/weekday/);
		expect(() => computeDeadline(start, 1, 'office', none, { weekdays: [1], windows: [] })).toThrow(
			/window/
		);
		expect(() =>
			computeDeadline(start, 1, 'office', none, {
				weekdays: [1],
				windows: [
					[810, 1050],
					[510, 720]
				]
			})
		).toThrow(/sorted/);
	});
});

describe('deadlineState', () => {
	// Mon 12 Jan 2026: warn at 10:30, due at 11:30.
	const job = { warnAt: tpe('2026-01-12T10:30'), deadlineAt: tpe('2026-01-12T11:30') };

	it('is on time before warnAt', () => {
		expect(deadlineState(new Date(job.warnAt.getTime() - 1), job)).toBe('on_time');
	});

	it('is due soon from exactly warnAt until just before the deadline', () => {
		expect(deadlineState(job.warnAt, job)).toBe('due_soon');
		expect(deadlineState(new Date(job.deadlineAt.getTime() - 1), job)).toBe('due_soon');
	});

	it('is overdue from exactly the deadline', () => {
		expect(deadlineState(job.deadlineAt, job)).toBe('overdue');
		expect(deadlineState(tpe('2026-01-13T08:30'), job)).toBe('overdue');
	});

	it('is stopped whatever the time once the clock stops', () => {
		expect(deadlineState(tpe('2026-01-13T08:30'), { ...job, stopped: true })).toBe('stopped');
		expect(deadlineState(tpe('2026-01-12T08:30'), { ...job, stopped: true })).toBe('stopped');
	});

	it('stops the clock for done, released, cancelled and merged jobs only', () => {
		expect(clockStopped('done')).toBe(true);
		expect(clockStopped('released')).toBe(true);
		expect(clockStopped('cancelled')).toBe(true);
		expect(clockStopped('merged')).toBe(true);
		expect(clockStopped('on_site')).toBe(false);
		expect(clockStopped('received')).toBe(false);
	});
});

describe('countdown', () => {
	it('measures the time left, negative once overdue', () => {
		const deadlineAt = tpe('2026-01-12T11:30');
		expect(remainingMs(tpe('2026-01-12T09:24'), deadlineAt)).toBe((2 * 60 + 6) * 60_000);
		expect(remainingMs(tpe('2026-01-12T11:42'), deadlineAt)).toBe(-12 * 60_000);
	});

	it('formats hours, minutes and seconds', () => {
		expect(formatCountdown(((2 * 60 + 5) * 60 + 9) * 1000, 'en')).toBe('2:05:09');
		expect(formatCountdown(-12 * 60_000, 'zh-TW')).toBe('-0:12:00');
		expect(formatCountdown(0, 'en')).toBe('0:00:00');
	});

	it('shows days beyond 24 hours in the locale', () => {
		const ms = 27 * 3_600_000;
		expect(formatCountdown(ms, 'en')).toBe('1d 3:00:00');
		expect(formatCountdown(ms, 'zh-TW')).toBe('1天 3:00:00');
		expect(formatCountdown(-ms, 'en')).toBe('-1d 3:00:00');
		expect(formatCountdown(24 * 3_600_000, 'en')).toBe('1d 0:00:00');
		expect(formatCountdown(24 * 3_600_000 - 1000, 'en')).toBe('23:59:59');
	});

	it('rounds partial seconds up so 0:00:00 means the deadline is reached', () => {
		expect(formatCountdown(500, 'en')).toBe('0:00:01');
		// Half a second late: not yet a full late second, and never "-0:00:00".
		expect(formatCountdown(-500, 'en')).toBe('0:00:00');
		expect(formatCountdown(-1000, 'en')).toBe('-0:00:01');
	});
});

describe('calendar helpers', () => {
	it('names the Taipei day of an instant', () => {
		// Sun 11 Jan 2026 17:00 UTC is Mon 12 Jan 01:00 in Taipei.
		expect(taipeiDate(new Date('2026-01-11T17:00:00Z'))).toBe('2026-01-12');
		expect(taipeiDate(new Date('2026-01-11T15:59:59Z'))).toBe('2026-01-11');
	});

	it('groups calendar_days rows by kind', () => {
		const exceptions = exceptionsFromDays([
			{ day: '2026-01-01', kind: 'holiday' },
			{ day: '2026-07-15', kind: 'typhoon' },
			{ day: '2026-01-10', kind: 'workday' }
		]);
		expect(exceptions).toEqual({
			holidays: new Set(['2026-01-01']),
			typhoonDays: new Set(['2026-07-15']),
			workdays: new Set(['2026-01-10'])
		});
	});
});
