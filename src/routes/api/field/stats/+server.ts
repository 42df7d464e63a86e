import { json } from '@sveltejs/kit';
import { wallboardRoles } from '$lib/contracts/field';
import { appContext } from '$lib/server/context';
import { endpoint, requireRole } from '$lib/server/http/api';
import { fieldStats } from '$lib/server/field/stats';

/** Open field jobs per agency, overdue, due within an hour and emergencies (wallboard roles). */
export const GET = endpoint(async ({ locals }) => {
	requireRole(locals, wallboardRoles);
	return json(await fieldStats(appContext().db), { headers: { 'cache-control': 'no-store' } });
});
