import { json } from '@sveltejs/kit';
import { crewPatchSchema } from '$lib/contracts/crews';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { changeCrewStatus } from '$lib/server/crews/service';
import type { RequestHandler } from './$types';

/** Sets a crew's status: available, busy or off duty (dispatched comes from an assignment). */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['crew', 'dispatcher', 'supervisor', 'admin']);
	const id = idParam(params.id, 'crew');
	const { status } = await readJson(request, crewPatchSchema);
	const ctx = appContext();
	return json(await commit(ctx, (tx) => changeCrewStatus(tx, user, id, status)));
});
