import { appContext } from '$lib/server/context';
import { endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { photoResponse } from '$lib/server/jobs/photos';
import type { RequestHandler } from './$types';

/** A photo's bytes, for whoever may see its job. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireRole(locals, ['crew', 'dispatcher', 'supervisor', 'coordinator', 'admin']);
	return photoResponse(appContext().db, user, idParam(params.id, 'photo'), 'original');
});
