import { sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable } from '../db/client.ts';
import { openStatuses } from '../jobs/repository.ts';
import type { AgencyFieldStats, FieldStats } from '../../contracts/field.ts';

interface AgencyRow {
	code: string;
	name_zh: string;
	name_en: string;
	open: number;
	overdue: number;
	due_soon: number;
	emergencies: number;
	newest_emergency: number | string | null;
	latest_overdue: Date | string | null;
}

/**
 * The open field jobs counted for the wallboard at `now` (the app's clock, so `at` agrees with
 * the clock clients measure against `/api/time`).
 *
 * One pass over the open jobs: the status filter is served by `jobs_status_deadline_idx`
 * (status, deadline_at), so closed history (the bulk of a busy year's 100k jobs) is never read,
 * and every figure is a FILTER aggregate of the same rows. Plain SQL that PGlite and PostgreSQL
 * both run (`npm run bench -- field` measures it).
 */
export async function fieldStats(q: Queryable, now: Date = new Date()): Promise<FieldStats> {
	const at = now.toISOString();
	return summarize(at, await rows<AgencyRow>(q, fieldStatsQuery(at)));
}

/**
 * The grouped query behind `fieldStats`, at the instant `at` (exported for its plan test). The
 * open jobs are counted per agency and category first, so the joins for the emergency flag and
 * the agency names see a few hundred groups instead of every open job.
 */
export function fieldStatsQuery(at: string): SQL {
	const t = sql`${at}::timestamptz`;
	return sql`with per as (
		      select j.agency_code, j.category_code,
		             count(*) as open,
		             count(*) filter (where j.deadline_at <= ${t}) as overdue,
		             count(*) filter (where j.deadline_at > ${t}
		                                and j.deadline_at <= ${t} + interval '1 hour') as due_soon,
		             max(j.id) as newest,
		             max(j.deadline_at) filter (where j.deadline_at <= ${t}) as latest_overdue
		      from jobs j
		      where j.status = any(${sql.param([...openStatuses])}::text[])
		      group by j.agency_code, j.category_code
		    )
		    select per.agency_code as code, a.name_zh, a.name_en,
		           sum(per.open)::int as open,
		           sum(per.overdue)::int as overdue,
		           sum(per.due_soon)::int as due_soon,
		           coalesce(sum(per.open) filter (where c.emergency), 0)::int as emergencies,
		           max(per.newest) filter (where c.emergency) as newest_emergency,
		           max(per.latest_overdue) as latest_overdue
		    from per
		    join categories c on c.code = per.category_code
		    join agencies a on a.code = per.agency_code
		    group by per.agency_code, a.name_zh, a.name_en`;
}

/** Totals and the per-agency list (most open first, then by code) from the grouped rows. */
function summarize(at: string, found: AgencyRow[]): FieldStats {
	const agencies: AgencyFieldStats[] = found
		.map((r) => ({
			code: r.code,
			nameZh: r.name_zh,
			nameEn: r.name_en,
			open: Number(r.open),
			overdue: Number(r.overdue),
			dueWithinHour: Number(r.due_soon),
			emergencies: Number(r.emergencies)
		}))
		.sort((a, b) => b.open - a.open || a.code.localeCompare(b.code));
	let newestEmergencyId: number | null = null;
	let latestOverdue: number | null = null;
	for (const r of found) {
		if (r.newest_emergency !== null) {
			newestEmergencyId = Math.max(newestEmergencyId ?? 0, Number(r.newest_emergency));
		}
		if (r.latest_overdue !== null) {
			latestOverdue = Math.max(latestOverdue ?? 0, new Date(r.latest_overdue).getTime());
		}
	}
	const sum = (key: 'open' | 'overdue' | 'dueWithinHour' | 'emergencies') =>
		agencies.reduce((n, a) => n + a[key], 0);
	return {
		at,
		open: sum('open'),
		overdue: sum('overdue'),
		dueWithinHour: sum('dueWithinHour'),
		emergencies: sum('emergencies'),
		agencies,
		latestOverdueAt: latestOverdue === null ? null : new Date(latestOverdue).toISOString(),
		newestEmergencyId
	};
}

/** Whether two sets of figures say the same thing (ignoring when they were taken). */
export function sameFigures(a: FieldStats, b: FieldStats): boolean {
	const { at: _a, ...restA } = a;
	const { at: _b, ...restB } = b;
	return JSON.stringify(restA) === JSON.stringify(restB);
}
