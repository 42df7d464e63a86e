import { json } from '@sveltejs/kit';
import { categoryPatchSchema } from '$lib/contracts/catalog';
import { room } from '$lib/contracts/events';
import { roles } from '$lib/contracts/auth';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, readJson, requireRole } from '$lib/server/http/api';
import { getCategory, updateCategory } from '$lib/server/catalog/repository';
import { publish } from '$lib/server/realtime/outbox';
import type { RequestHandler } from './$types';

/** One category. */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	requireRole(locals, roles);
	const category = await getCategory(appContext().db, params.code);
	if (!category) throw new ApiError(404, 'not_found', `category ${params.code} does not exist`);
	return json(category);
});

/** Admin edits a category; every signed-in console hears about it. */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
	requireRole(locals, ['admin']);
	const patch = await readJson(request, categoryPatchSchema);
	const { db, relay } = appContext();
	const category = await db.transaction(async (tx) => {
		const updated = await updateCategory(tx, params.code, patch);
		if (updated) {
			const { code, nameZh, nameEn, active } = updated;
			await publish(tx, 'catalog:updated', roles.map(room.role), { code, nameZh, nameEn, active });
		}
		return updated;
	});
	if (!category) throw new ApiError(404, 'not_found', `category ${params.code} does not exist`);
	relay.nudge();
	return json(category);
});
