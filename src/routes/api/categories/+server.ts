import { json } from '@sveltejs/kit';
import { roles } from '$lib/contracts/auth';
import { appContext } from '$lib/server/context';
import { endpoint, requireRole } from '$lib/server/http/api';
import { listCategories } from '$lib/server/catalog/repository';

/** The category catalog with sub-queues. */
export const GET = endpoint(async ({ locals }) => {
	requireRole(locals, roles);
	return json({ categories: await listCategories(appContext().db) });
});
