import { PNG } from 'pngjs';
import type { APIRequestContext } from '@playwright/test';
import { test, expect, tokenFor } from './fixtures.ts';

/*
 * The crew tablet's API over real HTTP (issue 4): sync applied once however often it is sent,
 * photos as multipart, and a crew account refused (403) on anything not its own.
 */

const cityHall = { lon: 120.312, lat: 22.6204 };

async function crewWithAccount(request: APIRequestContext, adminToken: string, name: string) {
	const admin = { authorization: `Bearer ${adminToken}` };
	const crew = await request.post('/api/crews', {
		headers: admin,
		data: {
			name,
			agencyCode: 'MOPW',
			skills: ['electrical'],
			location: cityHall,
			status: 'available'
		}
	});
	expect(crew.status()).toBe(201);
	const { id } = (await crew.json()) as { id: number };
	const username = `crew-${Math.random().toString(36).slice(2, 8)}`;
	const password = `pw-${username}-long`;
	const user = await request.post('/api/users', {
		headers: admin,
		data: { username, password, role: 'crew', crewId: id }
	});
	expect(user.status()).toBe(201);
	return { id, auth: { authorization: `Bearer ${await tokenFor(request, username, password)}` } };
}

async function assignedJob(request: APIRequestContext, adminToken: string, crewId: number) {
	const admin = { authorization: `Bearer ${adminToken}` };
	const supervisor = `supervisor-${Math.random().toString(36).slice(2, 8)}`;
	expect(
		(
			await request.post('/api/users', {
				headers: admin,
				data: { username: supervisor, password: `pw-${supervisor}-long`, role: 'supervisor' }
			})
		).status()
	).toBe(201);
	const office = {
		authorization: `Bearer ${await tokenFor(request, supervisor, `pw-${supervisor}-long`)}`
	};
	const filed = await request.post('/api/jobs', {
		headers: office,
		data: {
			categoryCode: 'STREETLIGHT_OUT',
			description: '路燈不亮 (crew api e2e)',
			location: cityHall,
			reporter: { name: '陳小姐', phone: '0987654321' }
		}
	});
	expect(filed.status()).toBe(201);
	const job = (await filed.json()) as { id: number; version: number };
	const assigned = await request.post(`/api/jobs/${job.id}/assignment`, {
		headers: office,
		data: { crewId, expectedVersion: job.version, shareReporter: true }
	});
	expect(assigned.status()).toBe(200);
	return job.id;
}

test('crew sync: three sends of one batch apply each action once, in order', async ({
	request,
	adminToken
}) => {
	const crew = await crewWithAccount(request, adminToken, 'e2e sync crew');
	const jobId = await assignedJob(request, adminToken, crew.id);
	const mine = await request.get('/api/crew/jobs', { headers: crew.auth });
	expect(mine.status()).toBe(200);
	const body = (await mine.json()) as {
		jobs: { id: number; reporter?: { phone: string } }[];
		settings: { positionIntervalSec: number };
	};
	expect(body.jobs.map((j) => j.id)).toContain(jobId);
	expect(body.jobs.find((j) => j.id === jobId)!.reporter?.phone).toBe('0987654321');
	expect(body.settings.positionIntervalSec).toBe(15);

	const at = new Date().toISOString();
	const key = `e2e-${jobId}-${Date.now()}`;
	const batch = {
		deviceId: `tablet-${jobId}`,
		actions: [
			{ idempotencyKey: `${key}-1`, seq: 1, jobId, to: 'en_route', at },
			{ idempotencyKey: `${key}-2`, seq: 2, jobId, to: 'on_site', at },
			{ idempotencyKey: `${key}-3`, seq: 3, jobId, to: 'done', note: '已更換燈泡', at }
		],
		positions: [{ lon: 120.3125, lat: 22.6206, at, accuracy: 8 }]
	};
	const results: string[][] = [];
	for (let i = 0; i < 3; i++) {
		const r = await request.post('/api/crew/sync', { headers: crew.auth, data: batch });
		expect(r.status()).toBe(200);
		const { results: rs } = (await r.json()) as { results: { result: string }[] };
		results.push(rs.map((x) => x.result));
	}
	expect(results).toEqual([
		['applied', 'applied', 'applied'],
		['duplicate', 'duplicate', 'duplicate'],
		['duplicate', 'duplicate', 'duplicate']
	]);
	const job = await request.get(`/api/jobs/${jobId}`, { headers: crew.auth });
	const { status, events } = (await job.json()) as {
		status: string;
		events: { toStatus: string; data: { deviceSeq?: number } }[];
	};
	expect(status).toBe('done');
	expect(events.filter((e) => e.data.deviceSeq).map((e) => e.toStatus)).toEqual([
		'en_route',
		'on_site',
		'done'
	]);

	const bad = await request.post('/api/crew/sync', {
		headers: crew.auth,
		data: { ...batch, actions: [{ ...batch.actions[2], idempotencyKey: `${key}-x`, note: '' }] }
	});
	expect(bad.status()).toBe(422);
	expect(((await bad.json()) as { error: { field: string } }).error.field).toMatch(/note/);
});

test("a crew account gets 403 on another crew's job, over every door", async ({
	request,
	adminToken
}) => {
	const a = await crewWithAccount(request, adminToken, 'e2e crew A');
	const b = await crewWithAccount(request, adminToken, 'e2e crew B');
	const jobOfB = await assignedJob(request, adminToken, b.id);
	expect((await request.get(`/api/jobs/${jobOfB}`, { headers: a.auth })).status()).toBe(403);
	const move = await request.post(`/api/jobs/${jobOfB}/transitions`, {
		headers: a.auth,
		data: { to: 'en_route', idempotencyKey: `forbidden-${jobOfB}` }
	});
	expect(move.status()).toBe(403);
	const sync = await request.post('/api/crew/sync', {
		headers: a.auth,
		data: {
			deviceId: `tablet-a-${jobOfB}`,
			actions: [
				{
					idempotencyKey: `forbidden-sync-${jobOfB}`,
					seq: 1,
					jobId: jobOfB,
					to: 'en_route',
					at: new Date().toISOString()
				}
			]
		}
	});
	expect(sync.status()).toBe(403);
	const photo = await request.post(`/api/jobs/${jobOfB}/photos`, {
		headers: a.auth,
		multipart: { photo: { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('x') } }
	});
	expect(photo.status()).toBe(403);
	expect(
		(
			await request.post(`/api/crews/${b.id}/position`, {
				headers: a.auth,
				data: cityHall
			})
		).status()
	).toBe(403);
	// The job never moved.
	const admin = { authorization: `Bearer ${adminToken}` };
	const still = (await (await request.get(`/api/jobs/${jobOfB}`, { headers: admin })).json()) as {
		status: string;
	};
	expect(still.status).toBe('dispatched');
});

test('photos: multipart upload once per key, a thumbnail, and clear refusals', async ({
	request,
	adminToken
}) => {
	const crew = await crewWithAccount(request, adminToken, 'e2e photo crew');
	const jobId = await assignedJob(request, adminToken, crew.id);
	const image = new PNG({ width: 640, height: 480 });
	image.data.fill(120);
	const buffer = PNG.sync.write(image);
	const upload = (key: string, file = { name: 'lamp.png', mimeType: 'image/png', buffer }) =>
		request.post(`/api/jobs/${jobId}/photos`, {
			headers: { ...crew.auth, 'idempotency-key': key },
			multipart: { photo: file }
		});
	const first = await upload(`photo-${jobId}-1`);
	expect(first.status()).toBe(201);
	const stored = (await first.json()) as { id: number; thumbnailUrl: string; sizeBytes: number };
	expect(stored.sizeBytes).toBe(buffer.length);
	const again = await upload(`photo-${jobId}-1`);
	expect(again.status()).toBe(200);
	expect(((await again.json()) as { id: number }).id).toBe(stored.id);
	const thumb = await request.get(stored.thumbnailUrl, {
		headers: { authorization: `Bearer ${adminToken}` }
	});
	expect(thumb.status()).toBe(200);
	expect(thumb.headers()['content-type']).toBe('image/jpeg');
	const notImage = await upload(`photo-${jobId}-2`, {
		name: 'notes.png',
		mimeType: 'image/png',
		buffer: Buffer.from('this is text')
	});
	expect(notImage.status()).toBe(415);
	expect(((await notImage.json()) as { error: { field: string } }).error.field).toBe('photo');
	// A cross-site form post (cookie, no bearer token) is refused before it reaches the route.
	const forged = await request.post(`/api/jobs/${jobId}/photos`, {
		headers: { origin: 'http://evil.example' },
		multipart: { photo: { name: 'lamp.png', mimeType: 'image/png', buffer } }
	});
	expect(forged.status()).toBe(403);
	expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(
		/Cross-site/
	);
	const listed = await request.get(`/api/jobs/${jobId}/photos`, { headers: crew.auth });
	expect(((await listed.json()) as unknown[]).length).toBe(1);
});
