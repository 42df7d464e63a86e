import { appContext } from '$lib/server/context';
import { listDistricts } from '$lib/server/geo/repository';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({
	districts: await listDistricts(appContext().db)
});
