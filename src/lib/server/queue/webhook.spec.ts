import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../contracts/telephony.ts';
import { ApiError } from '../http/api.ts';
import { checkSignature, receiveTelephonyWebhook, signTelephonyBody } from './webhook.ts';

const secret = 'a-shared-secret-of-some-length';
const joined = {
	type: 'call.joined',
	eventId: 'e1',
	at: '2026-11-29T09:00:00+08:00',
	callId: 'c1',
	queue: '1999'
};

function post(body: string, headers: Record<string, string | undefined> = {}): Request {
	const all: Record<string, string> = { 'content-type': 'application/json' };
	for (const [k, v] of Object.entries(headers)) {
		if (v === undefined) delete all[k];
		else all[k] = v;
	}
	return new Request('http://localhost/api/telephony/events', {
		method: 'POST',
		headers: all,
		body
	});
}

const signed = (body: string, headers: Record<string, string | undefined> = {}) =>
	post(body, { 'x-citydesk-signature': signTelephonyBody(secret, body), ...headers });

/** Runs the handler; answers the status and body, or the ApiError it threw. */
async function run(request: Request, configured: string | null = secret) {
	const appended: TelephonyEvent[][] = [];
	try {
		const response = await receiveTelephonyWebhook(request, {
			secret: configured ?? undefined,
			async append(events) {
				appended.push(events);
				return { accepted: events.length, duplicates: 0 };
			}
		});
		return { status: response.status, body: await response.json(), appended };
	} catch (err) {
		if (!(err instanceof ApiError)) throw err;
		return { status: err.status, body: { code: err.code, field: err.field }, appended };
	}
}

describe('webhook signature', () => {
	it('is the HMAC-SHA256 of the raw body, as lowercase hex', () => {
		// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
		expect(signTelephonyBody('Jefe', 'what do ya want for nothing?')).toBe(
			'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
		);
	});

	it('accepts only the exact signature of the exact body', () => {
		const body = new TextEncoder().encode('{"a":1}');
		const good = signTelephonyBody(secret, body);
		expect(checkSignature(secret, body, good)).toBe('ok');
		expect(checkSignature(secret, body, good.toUpperCase().replace('SHA256', 'sha256'))).toBe('ok');
		expect(checkSignature(secret, body, null)).toBe('missing');
		expect(checkSignature(secret, body, '')).toBe('missing');
		expect(checkSignature(secret, body, 'sha256=abc')).toBe('invalid');
		expect(checkSignature(secret, body, good.replace('sha256=', 'sha1='))).toBe('invalid');
		expect(checkSignature('another-secret-entirely', body, good)).toBe('invalid');
		// One byte more in the body: a different MAC.
		expect(checkSignature(secret, new TextEncoder().encode('{"a":1} '), good)).toBe('invalid');
	});
});

describe('webhook handler', () => {
	it('answers 202 with the count for one event and for a batch', async () => {
		const one = await run(signed(JSON.stringify(joined)));
		expect(one).toMatchObject({ status: 202, body: { accepted: 1, duplicates: 0 } });
		expect(one.appended).toEqual([[joined]]);
		const batch = JSON.stringify({ events: [joined, { ...joined, eventId: 'e2', callId: 'c2' }] });
		expect(await run(signed(batch))).toMatchObject({ status: 202, body: { accepted: 2 } });
	});

	it('is off (503) while no secret is configured, before looking at anything', async () => {
		expect(await run(signed(JSON.stringify(joined)), null)).toMatchObject({
			status: 503,
			body: { code: 'webhook_disabled' },
			appended: []
		});
	});

	it('refuses a missing or wrong signature with 401, storing nothing', async () => {
		const body = JSON.stringify(joined);
		const missing = await run(post(body));
		expect(missing).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
		const wrong = await run(
			post(body, { 'x-citydesk-signature': signTelephonyBody('x'.repeat(20), body) })
		);
		expect(wrong).toMatchObject({ status: 401, appended: [] });
		// Signed for another body: a replayed signature does not carry over.
		const other = await run(
			post(body, { 'x-citydesk-signature': signTelephonyBody(secret, '{"events":[]}') })
		);
		expect(other.status).toBe(401);
	});

	it('checks the signature before the body: an unsigned bad body is 401, not 400', async () => {
		expect((await run(post('{oops'))).status).toBe(401);
	});

	it('answers 400 on a signed body that is not JSON, 415 on another media type', async () => {
		expect(await run(signed('{oops'))).toMatchObject({
			status: 400,
			body: { code: 'invalid_json' }
		});
		expect(
			await run(signed(JSON.stringify(joined), { 'content-type': 'text/plain' }))
		).toMatchObject({
			status: 415
		});
	});

	it('answers 422 naming the field of a malformed event, storing nothing of the batch', async () => {
		const cases: [unknown, string][] = [
			[{ ...joined, type: 'call.teleported' }, 'type'],
			[{ ...joined, at: 'yesterday' }, 'at'],
			[{ ...joined, callId: '' }, 'callId'],
			[{ ...joined, colour: 'red' }, 'colour'],
			[{ events: [joined, { ...joined, at: 'soon' }] }, 'events.1.at'],
			[{ events: [] }, 'events'],
			[{ type: 'agent.state', at: joined.at, agent: 'A1', state: 'napping' }, 'state'],
			[{ type: 'call.completed', at: joined.at, callId: 'c1', wrapUpSec: -1 }, 'wrapUpSec']
		];
		for (const [body, field] of cases) {
			const result = await run(signed(JSON.stringify(body)));
			expect(result, JSON.stringify(body)).toMatchObject({ status: 422, body: { field } });
			expect(result.appended).toEqual([]);
		}
		expect((await run(signed('[1,2]'))).status).toBe(422);
	});
});
