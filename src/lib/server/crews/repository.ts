import { sql } from 'drizzle-orm';
import { crews } from '../db/schema.ts';
import { rows, type Queryable } from '../db/client.ts';
import type { CrewDto, CrewStatus } from '../../contracts/crews.ts';
import { room } from '../../contracts/events.ts';

export interface NewCrew {
	name: string;
	agencyCode: string;
	skills?: string[];
	status?: CrewStatus;
	location?: { lon: number; lat: number };
}

/** Inserts a crew; returns its id. */
export async function insertCrew(q: Queryable, crew: NewCrew): Promise<number> {
	const [row] = await q
		.insert(crews)
		.values({
			name: crew.name,
			agencyCode: crew.agencyCode,
			skills: crew.skills ?? [],
			status: crew.status ?? 'off_duty',
			location: crew.location
				? sql`ST_SetSRID(ST_MakePoint(${crew.location.lon}, ${crew.location.lat}), 4326)::geography`
				: null,
			positionAt: crew.location ? sql`now()` : null
		})
		.returning({ id: crews.id });
	if (!row) throw new Error('crew insert returned no row');
	return row.id;
}

export interface NearbyCrew {
	id: number;
	name: string;
	agencyCode: string;
	skills: string[];
	distanceM: number;
}

/**
 * The nearest available crews of an agency (optionally with a skill) by KNN on the GiST index
 * over geography, then the exact geodesic distance for the few returned.
 */
export async function nearestAvailableCrews(
	q: Queryable,
	point: { lon: number; lat: number },
	options: { agencyCode: string; skill?: string | null; limit?: number }
): Promise<NearbyCrew[]> {
	const p = sql`ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326)::geography`;
	const skill = options.skill ? sql`and ${options.skill} = any(skills)` : sql``;
	return rows<NearbyCrew>(
		q,
		sql`select id, name, agency_code as "agencyCode", skills,
		           ST_Distance(location, ${p})::float8 as "distanceM"
		    from crews
		    where status = 'available' and location is not null
		      and agency_code = ${options.agencyCode} ${skill}
		    order by location <-> ${p}
		    limit ${options.limit ?? 5}`
	);
}

interface CrewRow {
	id: number;
	name: string;
	agency_code: string;
	skills: string[];
	status: CrewStatus;
	lon: number | null;
	lat: number | null;
	heading: number | null;
	position_at: Date | string | null;
	version: number;
	updated_at: Date | string;
}

const selectCrews = sql`
	select id, name, agency_code, skills, status,
	       ST_X(location::geometry) as lon, ST_Y(location::geometry) as lat,
	       heading, position_at, version, updated_at
	from crews`;

function toCrewDto(r: CrewRow): CrewDto {
	return {
		id: r.id,
		name: r.name,
		agencyCode: r.agency_code,
		skills: r.skills,
		status: r.status,
		location: r.lon === null || r.lat === null ? null : { lon: r.lon, lat: r.lat },
		heading: r.heading,
		positionAt: r.position_at === null ? null : new Date(r.position_at).toISOString(),
		version: r.version,
		updatedAt: new Date(r.updated_at).toISOString()
	};
}

/** One crew, optionally locked for the rest of the transaction. */
export async function loadCrew(
	q: Queryable,
	id: number,
	options: { forUpdate?: boolean } = {}
): Promise<CrewDto | null> {
	const lock = options.forUpdate ? sql` for update` : sql``;
	const [r] = await rows<CrewRow>(q, sql`${selectCrews} where id = ${id}${lock}`);
	return r ? toCrewDto(r) : null;
}

/** Crews, optionally of one agency, by name. */
export async function listCrews(q: Queryable, agencyCode?: string): Promise<CrewDto[]> {
	const where = agencyCode ? sql` where agency_code = ${agencyCode}` : sql``;
	const found = await rows<CrewRow>(q, sql`${selectCrews}${where} order by name, id`);
	return found.map(toCrewDto);
}

/** Sets a crew's status; returns the crew after the change. */
export async function setCrewStatus(
	q: Queryable,
	id: number,
	status: CrewStatus
): Promise<CrewDto | null> {
	await q.execute(sql`
		update crews set status = ${status}, version = version + 1, updated_at = now() where id = ${id}`);
	return loadCrew(q, id);
}

/**
 * Records a position fix. A fix older than the one stored (a late retry from a bad connection)
 * does not move the crew back; the answer says whether it was applied.
 */
export async function setCrewPosition(
	q: Queryable,
	id: number,
	fix: { lon: number; lat: number; heading?: number; at: Date }
): Promise<{ applied: boolean; crew: CrewDto | null }> {
	const updated = await rows<{ id: number }>(
		q,
		sql`update crews
		    set location = ST_SetSRID(ST_MakePoint(${fix.lon}, ${fix.lat}), 4326)::geography,
		        heading = ${fix.heading ?? null}, position_at = ${fix.at.toISOString()},
		        version = version + 1, updated_at = now()
		    where id = ${id} and (position_at is null or position_at <= ${fix.at.toISOString()})
		    returning id`
	);
	return { applied: updated.length > 0, crew: await loadCrew(q, id) };
}

/** Who hears about a crew: the office roles, its agency and the crew itself. */
export function crewRooms(crew: Pick<CrewDto, 'id' | 'agencyCode'>): string[] {
	return [
		room.role('dispatcher'),
		room.role('supervisor'),
		room.role('coordinator'),
		room.role('admin'),
		room.agency(crew.agencyCode),
		room.crew(crew.id)
	];
}
