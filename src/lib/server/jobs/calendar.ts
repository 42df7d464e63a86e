import { calendarDays } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { CalendarExceptions } from '../../domain/deadlines.ts';

/** The configured public holidays, typhoon days and make-up workdays. */
export async function loadCalendar(q: Queryable): Promise<CalendarExceptions> {
	const days = await q.select().from(calendarDays);
	const of = (kind: string) => new Set(days.filter((d) => d.kind === kind).map((d) => d.day));
	return { holidays: of('holiday'), typhoonDays: of('typhoon'), workdays: of('workday') };
}
