import { error, redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { outboxBounds } from '$lib/server/realtime/outbox';
import type { PageServerLoad } from './$types';

/**
 * The crew tablet. It resets to the root layout (`+page@.svelte`: no office navigation), so it
 * checks the session itself. Jobs are not loaded here: the page reads them from the device
 * first and then from `GET /api/crew/jobs`, so the HTML the service worker keeps for offline
 * reloads holds nothing that goes stale.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	const { crewId } = locals.user;
	if (locals.user.role !== 'crew' || crewId === null) {
		error(403, 'The tablet app is for crew accounts');
	}
	const { newest } = await outboxBounds(appContext().db);
	return { user: locals.user, crewId, realtimeSeq: newest };
};
