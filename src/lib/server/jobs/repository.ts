import { sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable } from '../db/client.ts';
import type {
	DuplicateSuggestion,
	GeocodeConfidence,
	GeocodeSource,
	JobDto,
	JobEventDto,
	JobSummaryRow,
	Point
} from '../../contracts/jobs.ts';
import type { JobStatus } from '../../domain/workflow.ts';
import { room } from '../../contracts/events.ts';

interface JobRow {
	id: number | string;
	status: JobStatus;
	version: number;
	category_code: string;
	agency_code: string;
	queue_name: string | null;
	priority: number;
	description: string;
	address: string | null;
	lon: number;
	lat: number;
	district_code: string;
	district_name_zh: string;
	district_name_en: string;
	village_code: string | null;
	village_name_zh: string | null;
	former_area: 'city' | 'county';
	crew_id: number | null;
	parent_job_id: number | string | null;
	reporter_count: number;
	reporter_name: string | null;
	reporter_phone: string | null;
	reporter_shared: boolean;
	created_at: Date | string;
	updated_at: Date | string;
	deadline_at: Date | string;
	warn_at: Date | string;
	escalation_level: number;
	geocode_source: GeocodeSource | null;
	geocode_confidence: GeocodeConfidence | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

const selectJobs = sql`
	select j.id, j.status, j.version, j.category_code, j.agency_code, j.queue_name, j.priority,
	       j.description, j.address, ST_X(j.location::geometry) as lon, ST_Y(j.location::geometry) as lat,
	       j.district_code, d.name_zh as district_name_zh, d.name_en as district_name_en,
	       j.village_code, v.name_zh as village_name_zh, j.former_area, j.crew_id, j.parent_job_id,
	       j.reporter_count, j.reporter_name, j.reporter_phone, j.reporter_shared, j.created_at, j.updated_at,
	       j.deadline_at, j.warn_at, j.escalation_level, j.geocode_source, j.geocode_confidence
	from jobs j
	join districts d on d.code = j.district_code
	left join villages v on v.code = j.village_code`;

function toDto(r: JobRow, withReporter: boolean): JobDto {
	return {
		id: Number(r.id),
		status: r.status,
		version: r.version,
		categoryCode: r.category_code,
		agencyCode: r.agency_code,
		queueName: r.queue_name,
		priority: r.priority,
		description: r.description,
		address: r.address,
		location: { lon: r.lon, lat: r.lat },
		district: { code: r.district_code, nameZh: r.district_name_zh, nameEn: r.district_name_en },
		village: r.village_code ? { code: r.village_code, nameZh: r.village_name_zh ?? '' } : null,
		formerArea: r.former_area,
		crewId: r.crew_id,
		parentJobId: r.parent_job_id === null ? null : Number(r.parent_job_id),
		reporterCount: r.reporter_count,
		reporterShared: r.reporter_shared,
		...(withReporter ? { reporter: { name: r.reporter_name, phone: r.reporter_phone } } : {}),
		createdAt: iso(r.created_at),
		updatedAt: iso(r.updated_at),
		deadlineAt: iso(r.deadline_at),
		warnAt: iso(r.warn_at),
		escalationLevel: r.escalation_level,
		geocode: { source: r.geocode_source ?? 'pin', confidence: r.geocode_confidence ?? 'exact' }
	};
}

/** One job; the reporter's contact only when asked for (office roles, never broadcast). */
export async function loadJob(
	q: Queryable,
	id: number,
	options: { withReporter?: boolean; forUpdate?: boolean } = {}
): Promise<JobDto | null> {
	if (options.forUpdate) await q.execute(sql`select id from jobs where id = ${id} for update`);
	const [r] = await rows<JobRow>(q, sql`${selectJobs} where j.id = ${id}`);
	return r ? toDto(r, options.withReporter ?? false) : null;
}

export interface JobFilters {
	status?: JobStatus[];
	agency?: string;
	district?: string;
	overdue?: boolean;
	bbox?: [number, number, number, number];
	limit: number;
	/** Paging: only jobs with a greater id, in id order (otherwise soonest deadline first). */
	after?: number;
}

const openStatuses: JobStatus[] = [
	'received',
	'awaiting_acceptance',
	'accepted',
	'dispatched',
	'en_route',
	'on_site'
];

/** The WHERE and ORDER BY of a job listing. */
function listing(f: JobFilters): SQL {
	const where: SQL[] = [];
	if (f.status) where.push(sql`j.status = any(${sql.param(f.status)}::text[])`);
	if (f.agency) where.push(sql`j.agency_code = ${f.agency}`);
	if (f.district) where.push(sql`j.district_code = ${f.district}`);
	if (f.overdue !== undefined) {
		const overdue = sql`(j.deadline_at <= now() and j.status = any(${sql.param(openStatuses)}::text[]))`;
		where.push(f.overdue ? overdue : sql`not ${overdue}`);
	}
	if (f.bbox) {
		const [x1, y1, x2, y2] = f.bbox;
		where.push(sql`j.location && ST_MakeEnvelope(${x1}, ${y1}, ${x2}, ${y2}, 4326)::geography`);
	}
	if (f.after !== undefined) where.push(sql`j.id > ${f.after}`);
	const clause = where.length ? sql` where ${sql.join(where, sql` and `)}` : sql``;
	const order =
		f.after !== undefined ? sql`order by j.id asc` : sql`order by j.deadline_at asc, j.id asc`;
	return sql`${clause} ${order} limit ${f.limit}`;
}

/** Jobs matching the filters, soonest deadline first (or by id when paging with `after`). */
export async function listJobs(q: Queryable, f: JobFilters): Promise<JobDto[]> {
	const found = await rows<JobRow>(q, sql`${selectJobs}${listing(f)}`);
	return found.map((r) => toDto(r, false));
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * The same listing as compact rows (`jobSummaryFields` order): what the dispatch map keeps of
 * every open job, without joins, about a sixth of the JSON of the full DTOs. `next` is the
 * `after` of the next page when paging by id and this page is full.
 */
export async function listJobSummaries(
	q: Queryable,
	f: JobFilters
): Promise<{ rows: JobSummaryRow[]; next: number | null }> {
	const found = await rows<{
		id: number | string;
		version: number;
		status: JobStatus;
		category_code: string;
		agency_code: string;
		priority: number;
		lon: number;
		lat: number;
		district_code: string;
		crew_id: number | null;
		deadline_at: Date | string;
		warn_at: Date | string;
		escalation_level: number;
	}>(
		q,
		sql`select j.id, j.version, j.status, j.category_code, j.agency_code, j.priority,
		           ST_X(j.location::geometry) as lon, ST_Y(j.location::geometry) as lat,
		           j.district_code, j.crew_id, j.deadline_at, j.warn_at, j.escalation_level
		    from jobs j${listing(f)}`
	);
	const out = found.map((r): JobSummaryRow => [
		Number(r.id),
		r.version,
		r.status,
		r.category_code,
		r.agency_code,
		r.priority,
		round6(r.lon),
		round6(r.lat),
		r.district_code,
		r.crew_id,
		new Date(r.deadline_at).getTime(),
		new Date(r.warn_at).getTime(),
		r.escalation_level
	]);
	const next = f.after !== undefined && out.length === f.limit ? (out.at(-1)?.[0] ?? null) : null;
	return { rows: out, next };
}

/** A job's history, oldest first, with the actor's username. */
export async function loadJobEvents(q: Queryable, jobId: number): Promise<JobEventDto[]> {
	const found = await rows<{
		id: number | string;
		type: string;
		from_status: JobStatus | null;
		to_status: JobStatus | null;
		username: string | null;
		data: Record<string, unknown>;
		at: Date | string;
	}>(
		q,
		sql`select e.id, e.type, e.from_status, e.to_status, u.username, e.data, e.at
		    from job_events e left join users u on u.id = e.actor_user_id
		    where e.job_id = ${jobId} order by e.id`
	);
	return found.map((e) => ({
		id: Number(e.id),
		type: e.type,
		fromStatus: e.from_status,
		toStatus: e.to_status,
		actor: e.username,
		data: e.data,
		at: iso(e.at)
	}));
}

/** Appends to the job's history (never updated or deleted). */
export async function appendJobEvent(
	q: Queryable,
	event: {
		jobId: number;
		type: string;
		from?: JobStatus | null;
		to?: JobStatus | null;
		actorUserId: number | null;
		data?: Record<string, unknown>;
	}
): Promise<void> {
	await q.execute(sql`
		insert into job_events (job_id, type, from_status, to_status, actor_user_id, data)
		values (${event.jobId}, ${event.type}, ${event.from ?? null}, ${event.to ?? null},
		        ${event.actorUserId}, ${JSON.stringify(event.data ?? {})}::jsonb)`);
}

/** (Re)arms the job's durable warn and breach timers. */
export async function armTimers(
	q: Queryable,
	jobId: number,
	warnAt: Date,
	deadlineAt: Date
): Promise<void> {
	await q.execute(sql`
		insert into job_timers (job_id, kind, fire_at, fired_at)
		values (${jobId}, 'warn', ${warnAt.toISOString()}, null),
		       (${jobId}, 'breach', ${deadlineAt.toISOString()}, null)
		on conflict (job_id, kind) do update set fire_at = excluded.fire_at, fired_at = null`);
}

/** Stops the job's timers (done, released, cancelled, merged). */
export async function disarmTimers(q: Queryable, jobId: number): Promise<void> {
	await q.execute(sql`delete from job_timers where job_id = ${jobId} and fired_at is null`);
}

/** Who hears about a job: the office roles, its agency, its district and its crew. */
export function jobRooms(job: Pick<JobDto, 'agencyCode' | 'district' | 'crewId'>): string[] {
	const rooms = [
		room.role('dispatcher'),
		room.role('supervisor'),
		room.role('coordinator'),
		room.role('admin'),
		room.agency(job.agencyCode),
		room.district(job.district.code)
	];
	if (job.crewId !== null) rooms.push(room.crew(job.crewId));
	return rooms;
}

/** A duplicate suggestion, as the contract names it. */
export type DuplicateDto = DuplicateSuggestion;

/** Open jobs of a category near a point within a time window, nearest first. */
export async function findDuplicates(
	q: Queryable,
	input: { categoryCode: string; point: Point; radiusM: number; hours: number; excludeId?: number }
): Promise<DuplicateDto[]> {
	const p = sql`ST_SetSRID(ST_MakePoint(${input.point.lon}, ${input.point.lat}), 4326)::geography`;
	const found = await rows<{
		id: number | string;
		status: JobStatus;
		description: string;
		address: string | null;
		distance_m: number;
		age_minutes: number;
		reporter_count: number;
	}>(
		q,
		sql`select id, status, description, address, ST_Distance(location, ${p})::float8 as distance_m,
		           (extract(epoch from now() - created_at) / 60)::float8 as age_minutes, reporter_count
		    from jobs
		    where category_code = ${input.categoryCode}
		      and status = any(${sql.param(openStatuses)}::text[])
		      and created_at > now() - make_interval(hours => ${input.hours})
		      and ST_DWithin(location, ${p}, ${input.radiusM})
		      and id <> ${input.excludeId ?? -1}
		    order by location <-> ${p}
		    limit 20`
	);
	return found.map((d) => ({
		id: Number(d.id),
		status: d.status,
		description: d.description,
		address: d.address,
		distanceM: Math.round(d.distance_m),
		ageMinutes: Math.round(d.age_minutes),
		reporterCount: d.reporter_count
	}));
}

export { openStatuses };
