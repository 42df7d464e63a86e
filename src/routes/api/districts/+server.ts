import { json } from '@sveltejs/kit';
import { roles } from '$lib/contracts/auth';
import { appContext } from '$lib/server/context';
import { endpoint, requireRole } from '$lib/server/http/api';
import { districtFeatures } from '$lib/server/geo/repository';

/** The 38 districts as GeoJSON. */
export const GET = endpoint(async ({ locals }) => {
	requireRole(locals, roles);
	return json(await districtFeatures(appContext().db), {
		headers: { 'cache-control': 'private, max-age=3600' }
	});
});
