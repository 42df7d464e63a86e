import { json } from '@sveltejs/kit';
import { roles } from '$lib/contracts/auth';
import { lookupQuerySchema } from '$lib/contracts/geo';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, readQuery, requireRole } from '$lib/server/http/api';
import { lookupPoint } from '$lib/server/geo/repository';

/** District, village and former area of a point; 404 outside Kaohsiung. */
export const GET = endpoint(async ({ locals, url }) => {
	requireRole(locals, roles);
	const { lon, lat } = readQuery(url, lookupQuerySchema);
	const found = await lookupPoint(appContext().db, lon, lat);
	if (!found) {
		throw new ApiError(
			404,
			'outside_service_area',
			`(${lon}, ${lat}) is not inside Kaohsiung City`
		);
	}
	return json(found);
});
