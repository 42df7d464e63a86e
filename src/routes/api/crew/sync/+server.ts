import { json } from '@sveltejs/kit';
import { crewSyncSchema } from '$lib/contracts/crew';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { syncCrewDevice } from '$lib/server/crews/sync';
import type { RequestHandler } from './$types';

/** Replays a tablet's offline outbox: actions in order, each applied once, then positions. */
export const POST: RequestHandler = endpoint(async ({ locals, request }) => {
	const user = requireRole(locals, ['crew']);
	const input = await readJson(request, crewSyncSchema);
	return json(await syncCrewDevice(appContext(), user, input));
});
