import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { appContext } from '$lib/server/context';
import { endpoint, readQuery, requireRole } from '$lib/server/http/api';
import { findDuplicates } from '$lib/server/jobs/repository';

const query = z.object({
	categoryCode: z.string().trim().min(1, 'categoryCode is required'),
	lon: z.coerce.number().min(-180).max(180),
	lat: z.coerce.number().min(-90).max(90)
});

/** While a call is live: open jobs of this category near this point, before filing. */
export const GET = endpoint(async ({ locals, url }) => {
	requireRole(locals, ['dispatcher', 'supervisor']);
	const { categoryCode, lon, lat } = readQuery(url, query);
	const { db, env } = appContext();
	const duplicates = await findDuplicates(db, {
		categoryCode,
		point: { lon, lat },
		radiusM: env.DUPLICATE_RADIUS_M,
		hours: env.DUPLICATE_HOURS
	});
	return json({ duplicates });
});
