import { json } from '@sveltejs/kit';
import { createCrewSchema } from '$lib/contracts/crews';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { commit } from '$lib/server/realtime/outbox';
import { createCrew } from '$lib/server/crews/service';
import { listCrews } from '$lib/server/crews/repository';

/** All crews (office roles), optionally of one agency (`?agency=`). */
export const GET = endpoint(async ({ locals, url }) => {
	requireRole(locals, ['dispatcher', 'supervisor', 'coordinator', 'admin']);
	return json({
		crews: await listCrews(appContext().db, url.searchParams.get('agency') ?? undefined)
	});
});

/** Adds a crew (admin, supervisor). */
export const POST = endpoint(async ({ locals, request }) => {
	requireRole(locals, ['admin', 'supervisor']);
	const input = await readJson(request, createCrewSchema);
	const ctx = appContext();
	return json(await commit(ctx, (tx) => createCrew(tx, input)), { status: 201 });
});
