import { redirect } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { outboxBounds } from '$lib/server/realtime/outbox';
import type { LayoutServerLoad } from './$types';

/** Every console page needs a signed-in user, and the sequence number its snapshot is at. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	const { newest } = await outboxBounds(appContext().db);
	return { user: locals.user, realtimeSeq: newest };
};
