import type { Locale } from '../i18n/index.ts';
import type { JobStatus } from './workflow.ts';

/**
 * Deadline control (管制): when a job is due, when it starts to warn, and how late it is.
 * Pure arithmetic on instants; the calendar exceptions come from `calendar_days`, loaded by the
 * caller. Days are Asia/Taipei calendar days written `YYYY-MM-DD`.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// Asia/Taipei is UTC+8 all year: Taiwan has kept no daylight saving since 1979, so a fixed
// offset is exact for every date a job can be filed on and needs no time-zone database.
const TAIPEI_OFFSET = 8 * HOUR;
// The city warns a supervisor once three quarters of the allowed time is spent.
const WARN_FRACTION = 0.75;

/** Which clock a category's deadline runs on: around the clock, or office hours only. */
export type Calendar = '24x7' | 'office';

/** Office days (0 = Sunday … 6 = Saturday, as `Date#getDay`) and minute-of-day windows. */
export type OfficeHours = {
	weekdays: readonly number[];
	windows: readonly (readonly [startMinute: number, endMinute: number])[];
};

/** Kaohsiung City Government office hours: Mon–Fri 08:30–12:00 and 13:30–17:30. */
export const defaultOfficeHours: OfficeHours = {
	weekdays: [1, 2, 3, 4, 5],
	windows: [
		[8 * 60 + 30, 12 * 60],
		[13 * 60 + 30, 17 * 60 + 30]
	]
};

/**
 * Taipei days that change the office calendar: holidays and typhoon days (停班) close the
 * offices; workdays are make-up working days (補班), usually Saturdays. None of them touch the
 * 24x7 calendar: emergency crews work through holidays and typhoons.
 */
export type CalendarExceptions = {
	holidays: ReadonlySet<string>;
	typhoonDays: ReadonlySet<string>;
	workdays: ReadonlySet<string>;
};

/** Groups `calendar_days` rows by kind. */
export function exceptionsFromDays(
	rows: Iterable<{ day: string; kind: 'holiday' | 'typhoon' | 'workday' }>
): CalendarExceptions {
	const holidays = new Set<string>();
	const typhoonDays = new Set<string>();
	const workdays = new Set<string>();
	const byKind = { holiday: holidays, typhoon: typhoonDays, workday: workdays };
	for (const row of rows) byKind[row.kind].add(row.day);
	return { holidays, typhoonDays, workdays };
}

/** The Taipei calendar day (`YYYY-MM-DD`) an instant falls on. */
export function taipeiDate(at: Date): string {
	return dayKey(taipeiDayNumber(at.getTime()));
}

/** A job's deadline and the moment it starts to warn. */
export type Deadline = { deadlineAt: Date; warnAt: Date };

/**
 * The deadline of a job filed at `start` with `hours` allowed: wall-clock hours on '24x7',
 * working hours on 'office' (the clock starts at the next office window when filed outside one).
 */
export function computeDeadline(
	start: Date,
	hours: number,
	calendar: Calendar,
	exceptions: CalendarExceptions,
	officeHours: OfficeHours = defaultOfficeHours
): Deadline {
	const from = start.getTime();
	if (!Number.isFinite(from)) throw new RangeError('the start of a deadline is an invalid date');
	if (!Number.isFinite(hours) || hours < 0) {
		throw new RangeError(`deadline hours must be a finite number ≥ 0, got ${hours}`);
	}
	// Whole milliseconds, so fractional hours (real in the catalog) give exact instants.
	const allowed = Math.round(hours * HOUR);
	const warning = Math.round(hours * HOUR * WARN_FRACTION);
	if (calendar === '24x7') {
		return { deadlineAt: new Date(from + allowed), warnAt: new Date(from + warning) };
	}
	assertOfficeHours(officeHours);
	return {
		deadlineAt: new Date(addWorkingTime(from, allowed, exceptions, officeHours)),
		warnAt: new Date(addWorkingTime(from, warning, exceptions, officeHours))
	};
}

/** How a job stands against its deadline. */
export const deadlineStates = ['on_time', 'due_soon', 'overdue', 'stopped'] as const;
export type DeadlineState = (typeof deadlineStates)[number];

/** Statuses whose clock no longer runs: the work is done, released, cancelled or merged. */
export function clockStopped(status: JobStatus): boolean {
	return (
		status === 'done' || status === 'released' || status === 'cancelled' || status === 'merged'
	);
}

/** The state at `now`: due soon from `warnAt` on, overdue from `deadlineAt` on (both inclusive). */
export function deadlineState(
	now: Date,
	job: { deadlineAt: Date; warnAt: Date; stopped?: boolean }
): DeadlineState {
	if (job.stopped) return 'stopped';
	const t = now.getTime();
	if (t >= job.deadlineAt.getTime()) return 'overdue';
	if (t >= job.warnAt.getTime()) return 'due_soon';
	return 'on_time';
}

/** Milliseconds left until the deadline; negative once it has passed. */
export function remainingMs(now: Date, deadlineAt: Date): number {
	return deadlineAt.getTime() - now.getTime();
}

const dayUnit: Record<Locale, string> = { 'zh-TW': '天', en: 'd' };

/** A countdown such as `2:05:09`, `-0:12:00` or `1d 3:00:00` (`1天 3:00:00` in zh-TW). */
export function formatCountdown(ms: number, locale: Locale): string {
	if (!Number.isFinite(ms)) throw new RangeError(`cannot format a countdown of ${ms} ms`);
	// Rounded up, like a kitchen timer: it shows 0:00:00 only when the deadline is reached, the
	// very moment deadlineState turns overdue, and the first full late second shows -0:00:01.
	const seconds = Math.ceil(ms / 1000);
	const sign = seconds < 0 ? '-' : '';
	let rest = Math.abs(seconds);
	const days = Math.floor(rest / 86_400);
	rest -= days * 86_400;
	const h = Math.floor(rest / 3600);
	const m = Math.floor((rest % 3600) / 60);
	const s = rest % 60;
	const clock = `${h}:${pad(m)}:${pad(s)}`;
	return days > 0 ? `${sign}${days}${dayUnit[locale]} ${clock}` : `${sign}${clock}`;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** Days since 1970-01-01 on the Taipei calendar. */
function taipeiDayNumber(ms: number): number {
	return Math.floor((ms + TAIPEI_OFFSET) / DAY);
}

function dayKey(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}

function isOfficeDay(day: number, exceptions: CalendarExceptions, officeHours: OfficeHours) {
	const key = dayKey(day);
	// A closure wins over a make-up workday: a typhoon on a 補班 Saturday still closes the offices.
	if (exceptions.holidays.has(key) || exceptions.typhoonDays.has(key)) return false;
	if (exceptions.workdays.has(key)) return true;
	return officeHours.weekdays.includes(new Date(day * DAY).getUTCDay());
}

/** The instant at which `ms` of office time has been worked, counting from `from`. */
function addWorkingTime(
	from: number,
	ms: number,
	exceptions: CalendarExceptions,
	officeHours: OfficeHours
): number {
	let left = ms;
	// Terminates: assertOfficeHours guarantees an office day every week, and the exception sets
	// are finite.
	for (let day = taipeiDayNumber(from); ; day++) {
		if (!isOfficeDay(day, exceptions, officeHours)) continue;
		const midnight = day * DAY - TAIPEI_OFFSET;
		for (const [startMinute, endMinute] of officeHours.windows) {
			const close = midnight + endMinute * MINUTE;
			if (from >= close) continue;
			const begin = Math.max(from, midnight + startMinute * MINUTE);
			// `<=`: work that ends exactly at a window's close is due then, not after the break.
			if (left <= close - begin) return begin + left;
			left -= close - begin;
		}
	}
}

function assertOfficeHours({ weekdays, windows }: OfficeHours): void {
	if (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
		throw new RangeError('office hours need at least one weekday, each 0 (Sunday) to 6');
	}
	let previousEnd = 0;
	for (const [start, end] of windows) {
		const valid = Number.isInteger(start) && Number.isInteger(end) && start < end && end <= 1440;
		if (!valid || start < previousEnd) {
			throw new RangeError(
				'office windows must be whole minutes of one day, sorted and not overlapping'
			);
		}
		previousEnd = end;
	}
	if (windows.length === 0) throw new RangeError('office hours need at least one window');
}
