import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { calendarDays } from '$lib/server/db/schema';

const daySchema = z.strictObject({
	day: z.iso.date(),
	kind: z.enum(['holiday', 'typhoon', 'workday']),
	note: z.string().trim().max(200).optional()
});

/** Public holidays, typhoon days (work paused) and make-up workdays of the office calendar. */
export const GET = endpoint(async ({ locals }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin']);
	const days = await appContext().db.select().from(calendarDays).orderBy(calendarDays.day);
	return json({ days: days.map(({ day, kind, note }) => ({ day, kind, note })) });
});

/**
 * Declares a day (a supervisor declares a typhoon day when the city closes offices). It applies
 * to deadlines computed from now on; running deadlines keep theirs unless a supervisor extends them.
 */
export const PUT = endpoint(async ({ locals, request }) => {
	const user = requireRole(locals, ['supervisor', 'admin']);
	const { day, kind, note } = await readJson(request, daySchema);
	await appContext()
		.db.insert(calendarDays)
		.values({ day, kind, note: note ?? null, createdBy: user.id })
		.onConflictDoUpdate({
			target: calendarDays.day,
			set: { kind, note: note ?? null, createdBy: user.id, createdAt: sql`now()` }
		});
	return json({ day, kind, note: note ?? null });
});
