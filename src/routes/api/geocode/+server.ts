import { json } from '@sveltejs/kit';
import { geocodeQuerySchema, type GeocodePreview } from '$lib/contracts/jobs';
import { KAOHSIUNG, parseAddress } from '$lib/domain/address';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, readQuery, requireRole } from '$lib/server/http/api';
import { geocode } from '$lib/server/geo/geocode';
import { jobSettings } from '$lib/server/jobs/settings';

/**
 * Where an address would be filed, without filing anything (the intake form's live preview):
 * the same resolver chain as `POST /api/jobs`, and the district, village and former area of the
 * point. 422 naming `address` when the text places nowhere in Kaohsiung.
 */
export const GET = endpoint(async ({ locals, url }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin']);
	const { address } = readQuery(url, geocodeQuerySchema);
	const { db, env } = appContext();
	const city = parseAddress(address).city;
	if (city !== undefined && city !== KAOHSIUNG) {
		throw new ApiError(
			422,
			'outside_service_area',
			`address: ${city} is not Kaohsiung City`,
			'address'
		);
	}
	const settings = jobSettings(env);
	const found = await geocode(
		db,
		{ address },
		{ providerUrl: settings.geocoderUrl, timeoutMs: settings.geocoderTimeoutMs }
	);
	if (!found) {
		throw new ApiError(
			422,
			'not_geocoded',
			`address: could not place "${address}" in Kaohsiung`,
			'address'
		);
	}
	const preview: GeocodePreview = {
		location: found.point,
		district: found.area.district,
		village: found.area.village,
		formerArea: found.area.formerArea,
		geocode: { source: found.source, confidence: found.confidence }
	};
	return json(preview);
});
