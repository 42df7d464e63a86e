import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';
import type { CrewDto, CrewStatus } from '../../contracts/crews.ts';
import { ApiError } from '../http/api.ts';
import { agencyExists } from '../catalog/repository.ts';
import { publish } from '../realtime/outbox.ts';
import {
	crewRooms,
	insertCrew,
	loadCrew,
	setCrewPosition,
	setCrewStatus,
	type NewCrew
} from './repository.ts';

/** Office roles manage any crew; a crew account only its own. */
export function assertCrewAccess(user: SessionUser, crewId: number): void {
	if (user.role === 'crew' && user.crewId !== crewId) {
		throw new ApiError(403, 'forbidden', `crew ${crewId} is not your crew`);
	}
}

/** Adds a crew to an agency. */
export async function createCrew(tx: Tx, input: NewCrew): Promise<CrewDto> {
	if (!(await agencyExists(tx, input.agencyCode))) {
		throw new ApiError(
			422,
			'invalid_request',
			`agencyCode: unknown agency ${input.agencyCode}`,
			'agencyCode'
		);
	}
	const crew = (await loadCrew(tx, await insertCrew(tx, input)))!;
	await publish(tx, 'crew:updated', crewRooms(crew), crew);
	return crew;
}

/**
 * Changes a crew's status. A crew working a job cannot declare itself available (the job's
 * workflow frees it); `dispatched` is set only by an assignment.
 */
export async function changeCrewStatus(
	tx: Tx,
	user: SessionUser,
	id: number,
	status: CrewStatus
): Promise<CrewDto> {
	assertCrewAccess(user, id);
	const crew = await loadCrew(tx, id, { forUpdate: true });
	if (!crew) throw new ApiError(404, 'not_found', `crew ${id} does not exist`);
	if (status === 'dispatched') {
		throw new ApiError(
			409,
			'illegal_transition',
			'a crew becomes dispatched by an assignment',
			'status'
		);
	}
	const [open] = await rows<{ id: number }>(
		tx,
		sql`select id from jobs
		    where crew_id = ${id} and status in ('dispatched', 'en_route', 'on_site') limit 1`
	);
	if (open && status === 'available') {
		throw new ApiError(
			409,
			'crew_busy',
			`crew ${id} is working job ${open.id}; finish or hand it back first`,
			'status'
		);
	}
	const updated = (await setCrewStatus(tx, id, status))!;
	await publish(tx, 'crew:updated', crewRooms(updated), updated);
	return updated;
}

/** Records a position fix; a stale one is acknowledged but does not move the crew back. */
export async function reportPosition(
	tx: Tx,
	user: SessionUser,
	id: number,
	fix: { lon: number; lat: number; heading?: number; at: Date }
): Promise<{ applied: boolean; crew: CrewDto }> {
	assertCrewAccess(user, id);
	if (fix.at.getTime() > Date.now() + 5 * 60_000) {
		throw new ApiError(
			422,
			'invalid_request',
			'at: a position from the future (check the device clock)',
			'at'
		);
	}
	const { applied, crew } = await setCrewPosition(tx, id, fix);
	if (!crew) throw new ApiError(404, 'not_found', `crew ${id} does not exist`);
	if (applied) await publish(tx, 'crew:updated', crewRooms(crew), crew);
	return { applied, crew };
}
