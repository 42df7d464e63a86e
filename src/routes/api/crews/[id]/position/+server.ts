import { json } from '@sveltejs/kit';
import { positionSchema } from '$lib/contracts/crews';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { reportPosition } from '$lib/server/crews/service';
import type { RequestHandler } from './$types';

/** A position fix from the crew's device (or set by a supervisor). */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['crew', 'supervisor', 'admin']);
	const id = idParam(params.id, 'crew');
	const { lon, lat, heading, at } = await readJson(request, positionSchema);
	const ctx = appContext();
	const result = await commit(ctx, (tx) =>
		reportPosition(tx, user, id, { lon, lat, heading, at: at ? new Date(at) : new Date() })
	);
	return json(result);
});
