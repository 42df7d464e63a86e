import { createHmac, timingSafeEqual } from 'node:crypto';
import { json } from '@sveltejs/kit';
import {
	TELEPHONY_SIGNATURE_HEADER,
	telephonyEventSchema,
	telephonyWebhookSchema,
	type TelephonyEvent
} from '../../contracts/telephony.ts';
import { ApiError, fromZod } from '../http/api.ts';
import type { AppendResult } from './inbox.ts';

/*
 * POST /api/telephony/events: other CTI systems push normalised events, signed with a shared
 * secret the way GitHub and Stripe sign webhooks: `x-citydesk-signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body. The signature is checked before anything in the body is looked
 * at, and compared in constant time.
 */

/** The signature header's value for `body` under `secret`. */
export function signTelephonyBody(secret: string, body: string | Uint8Array): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Whether `header` is the signature of `body` under `secret`, and if not, why. */
export function checkSignature(
	secret: string,
	body: Uint8Array,
	header: string | null
): 'ok' | 'missing' | 'invalid' {
	if (!header) return 'missing';
	const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
	if (!match) return 'invalid';
	const given = Buffer.from(match[1]!, 'hex');
	const expected = createHmac('sha256', secret).update(body).digest();
	return timingSafeEqual(given, expected) ? 'ok' : 'invalid';
}

const [, batchSchema] = telephonyWebhookSchema.options;

/** The events in a webhook body: one event, or `{ events: [...] }`. 422 names the bad field. */
export function parseWebhookBody(body: unknown): TelephonyEvent[] {
	const isBatch = typeof body === 'object' && body !== null && 'events' in body;
	const parsed = isBatch ? batchSchema.safeParse(body) : telephonyEventSchema.safeParse(body);
	if (!parsed.success) throw fromZod(parsed.error, 422);
	return 'events' in parsed.data ? parsed.data.events : [parsed.data];
}

/**
 * Handles one webhook request: 503 while no secret is configured, 401 on a missing or wrong
 * signature, 415 when the body is not declared JSON, 400 when it is not JSON, 422 on a schema
 * error; otherwise appends the events and answers 202 with how many were new and how many
 * were resends of events already stored.
 */
export async function receiveTelephonyWebhook(
	request: Request,
	deps: {
		secret: string | undefined;
		append: (events: TelephonyEvent[]) => Promise<AppendResult>;
	}
): Promise<Response> {
	if (!deps.secret) {
		throw new ApiError(
			503,
			'webhook_disabled',
			'telephony webhook is off: set TELEPHONY_WEBHOOK_SECRET on the server'
		);
	}
	const raw = new Uint8Array(await request.arrayBuffer());
	const check = checkSignature(deps.secret, raw, request.headers.get(TELEPHONY_SIGNATURE_HEADER));
	if (check !== 'ok') {
		throw new ApiError(
			401,
			'invalid_signature',
			check === 'missing'
				? `${TELEPHONY_SIGNATURE_HEADER}: missing; send sha256=<hex HMAC-SHA256 of the body>`
				: `${TELEPHONY_SIGNATURE_HEADER}: does not match the body`,
			TELEPHONY_SIGNATURE_HEADER
		);
	}
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
		throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
	}
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
	} catch {
		throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
	}
	const events = parseWebhookBody(body);
	const result = await deps.append(events);
	return json(result, { status: 202 });
}
