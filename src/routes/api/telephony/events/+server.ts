import { appContext } from '$lib/server/context';
import { endpoint } from '$lib/server/http/api';
import { appendTelephonyEvents } from '$lib/server/queue/inbox';
import { receiveTelephonyWebhook } from '$lib/server/queue/webhook';
import type { RequestHandler } from './$types';

/** Telephony events from other CTI systems, signed with TELEPHONY_WEBHOOK_SECRET (no session). */
export const POST: RequestHandler = endpoint(async ({ request }) => {
	const ctx = appContext();
	return receiveTelephonyWebhook(request, {
		secret: ctx.env.TELEPHONY_WEBHOOK_SECRET,
		async append(events) {
			const result = await appendTelephonyEvents(ctx.db, 'webhook', events);
			ctx.queue?.nudge();
			return result;
		}
	});
});
