import { createHmac } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { test, expect, tokenFor } from './fixtures.ts';
import { e2eWebhookSecret } from '../../playwright.config.ts';

// The telephony webhook and the queue statistics over real HTTP, against the production server.

const sign = (body: string, secret = e2eWebhookSecret) =>
	`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Posts a raw body to the webhook with the given headers. */
function post(request: APIRequestContext, body: string, headers: Record<string, string>) {
	return request.post('/api/telephony/events', {
		headers: { 'content-type': 'application/json', ...headers },
		data: Buffer.from(body)
	});
}

const signedPost = (request: APIRequestContext, payload: unknown) => {
	const body = JSON.stringify(payload);
	return post(request, body, { 'x-citydesk-signature': sign(body) });
};

/** A prefix no other test run shares, so call and event ids never collide. */
const run = `e2e${Date.now().toString(36)}`;

test('webhook: signed events are accepted with 202, resends counted as duplicates', async ({
	anon
}) => {
	const joined = {
		type: 'call.joined',
		eventId: `${run}-j1`,
		at: new Date().toISOString(),
		callId: `${run}-dup`,
		queue: '1999'
	};
	const first = await signedPost(anon, joined);
	expect(first.status()).toBe(202);
	expect(await first.json()).toEqual({ accepted: 1, duplicates: 0 });

	const batch = await signedPost(anon, {
		events: [
			joined,
			{
				type: 'call.abandoned',
				eventId: `${run}-a1`,
				at: new Date().toISOString(),
				callId: `${run}-dup`
			}
		]
	});
	expect(batch.status()).toBe(202);
	expect(await batch.json()).toEqual({ accepted: 1, duplicates: 1 });
});

test('webhook: 401 without or with a wrong signature, 400 on non-JSON, 422 naming the field', async ({
	anon
}) => {
	const body = JSON.stringify({
		type: 'call.joined',
		eventId: `${run}-x`,
		at: new Date().toISOString(),
		callId: `${run}-x`,
		queue: '1999'
	});
	const missing = await post(anon, body, {});
	expect(missing.status()).toBe(401);
	expect((await missing.json()).error).toMatchObject({
		code: 'invalid_signature',
		field: 'x-citydesk-signature'
	});
	const wrongSecret = await post(anon, body, {
		'x-citydesk-signature': sign(body, 'not-the-secret-at-all')
	});
	expect(wrongSecret.status()).toBe(401);
	const otherBody = await post(anon, body, { 'x-citydesk-signature': sign(`${body} `) });
	expect(otherBody.status()).toBe(401);
	const garbage = await post(anon, body, { 'x-citydesk-signature': 'sha256=zz' });
	expect(garbage.status()).toBe(401);

	const notJson = await post(anon, '{oops', { 'x-citydesk-signature': sign('{oops') });
	expect(notJson.status()).toBe(400);
	expect((await notJson.json()).error.code).toBe('invalid_json');

	for (const [payload, field] of [
		[{ type: 'call.joined', at: 'noon', callId: 'c', queue: 'q' }, 'at'],
		[{ type: 'call.transferred', at: new Date().toISOString(), callId: 'c' }, 'type'],
		[
			{
				events: [{ type: 'agent.state', at: new Date().toISOString(), agent: 'A', state: 'asleep' }]
			},
			'events.0.state'
		]
	] as const) {
		const r = await signedPost(anon, payload);
		expect(r.status(), JSON.stringify(payload)).toBe(422);
		expect((await r.json()).error.field).toBe(field);
	}
	// Nothing of the refused requests reached the inbox: the call never shows as offered twice.
	const again = await signedPost(anon, JSON.parse(body));
	expect(await again.json()).toEqual({ accepted: 1, duplicates: 0 });
});

test('queue stats: injected calls move the figures; only supervisors, admins, coordinators see them', async ({
	request,
	anon,
	account
}) => {
	const supervisor = await account('supervisor');
	const token = await tokenFor(request, supervisor.username, supervisor.password);
	const stats = async () => {
		const r = await request.get('/api/queue/stats', {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(r.status()).toBe(200);
		return r.json();
	};
	const before = await stats();
	expect(before).toMatchObject({
		at: expect.any(String),
		waiting: expect.any(Number),
		agents: { available: expect.any(Number), onCall: expect.any(Number) },
		staffing: { arrivalsPerHour: expect.any(Number) },
		settings: { serviceLevelThresholdSec: 20, serviceLevelTargetPct: 80 }
	});

	const agent = `${run}-agent`;
	const now = Date.now();
	const at = (sec: number) => new Date(now + sec * 1000).toISOString();
	expect(
		(
			await signedPost(anon, {
				events: [
					{
						type: 'agent.state',
						eventId: `${run}-s1`,
						at: at(0),
						agent,
						name: 'E2E',
						state: 'available'
					},
					{
						type: 'call.joined',
						eventId: `${run}-c1`,
						at: at(0),
						callId: `${run}-c1`,
						queue: '1999'
					},
					{
						type: 'call.joined',
						eventId: `${run}-c2`,
						at: at(0),
						callId: `${run}-c2`,
						queue: '1999'
					}
				]
			})
		).status()
	).toBe(202);
	await expect
		.poll(async () => {
			const s = await stats();
			return [s.waiting - before.waiting, s.offered - before.offered];
		})
		.toEqual([2, 2]);

	await signedPost(anon, {
		type: 'call.answered',
		eventId: `${run}-c1-answered`,
		at: at(1),
		callId: `${run}-c1`,
		agent
	});
	await expect
		.poll(async () => {
			const s = await stats();
			const me = s.agentList.find((a: { agent: string }) => a.agent === agent);
			return [s.waiting - before.waiting, s.answered - before.answered, me?.state];
		})
		.toEqual([1, 1, 'on_call']);

	const dispatcher = await account('dispatcher');
	const dToken = await tokenFor(request, dispatcher.username, dispatcher.password);
	const forbidden = await request.get('/api/queue/stats', {
		headers: { authorization: `Bearer ${dToken}` }
	});
	expect(forbidden.status()).toBe(403);
	expect((await anon.get('/api/queue/stats')).status()).toBe(401);
	const coordinator = await account('coordinator');
	const cToken = await tokenFor(request, coordinator.username, coordinator.password);
	expect(
		(
			await request.get('/api/queue/stats', { headers: { authorization: `Bearer ${cToken}` } })
		).status()
	).toBe(200);
});
