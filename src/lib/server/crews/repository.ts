import { sql } from 'drizzle-orm';
import { crews, crewStatuses } from '../db/schema.ts';
import { rows, type Queryable } from '../db/client.ts';

export type CrewStatus = (typeof crewStatuses)[number];

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
