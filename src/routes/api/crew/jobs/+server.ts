import { json } from '@sveltejs/kit';
import type { CrewJobsResponse } from '$lib/contracts/crew';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { loadCrew } from '$lib/server/crews/repository';
import { listCrewJobs } from '$lib/server/crews/my-jobs';
import type { RequestHandler } from './$types';

/** The caller's crew and the jobs it is working, for the tablet. */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
	const user = requireRole(locals, ['crew']);
	const { db, env } = appContext();
	const crew = user.crewId === null ? null : await loadCrew(db, user.crewId);
	if (!crew) throw new ApiError(403, 'forbidden', 'this account is not bound to a crew');
	const body: CrewJobsResponse = {
		crew: { id: crew.id, name: crew.name, agencyCode: crew.agencyCode, status: crew.status },
		jobs: await listCrewJobs(db, crew.id),
		serverTime: new Date().toISOString(),
		settings: {
			positionIntervalSec: env.CREW_POSITION_INTERVAL_SEC,
			positionMinMeters: env.CREW_POSITION_MIN_METERS,
			photoMaxBytes: env.PHOTO_MAX_BYTES
		}
	};
	return json(body, { headers: { 'cache-control': 'no-store' } });
});
