import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test, expect, tokenFor } from './fixtures.ts';

// The HTTP contract against the real server, as outside checks call it.
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

test('health answers without auth and names the backend and PostGIS', async ({ anon }) => {
	const r = await anon.get('/api/health');
	expect(r.status()).toBe(200);
	const backend = test.info().project.name === 'postgres' ? 'postgres' : 'pglite';
	expect(await r.json()).toEqual({
		status: 'ok',
		database: backend,
		postgis: expect.stringMatching(/^3\./)
	});
});

test('session: token, cookie and 401 on bad credentials', async ({ request, account }) => {
	const { username, password } = await account('dispatcher');
	const good = await request.post('/api/session', { data: { username, password } });
	expect(good.status()).toBe(200);
	const body = await good.json();
	expect(body).toMatchObject({
		token: expect.any(String),
		user: { id: expect.any(Number), username, role: 'dispatcher' }
	});
	expect(good.headers()['set-cookie']).toMatch(/citydesk_session=.*HttpOnly/i);

	const bad = await request.post('/api/session', { data: { username, password: 'nope' } });
	expect(bad.status()).toBe(401);
	expect((await bad.json()).error.code).toBe('invalid_credentials');

	const missing = await request.post('/api/session', { data: { username } });
	expect(missing.status()).toBe(422);
	expect((await missing.json()).error.field).toBe('password');

	const notJson = await request.post('/api/session', {
		headers: { 'content-type': 'application/json' },
		data: Buffer.from('{oops')
	});
	expect(notJson.status()).toBe(400);
	expect((await notJson.json()).error.code).toBe('invalid_json');
});

test('users: admin creates (201), duplicates conflict (409), others are forbidden (403)', async ({
	request,
	anon,
	adminToken,
	account
}) => {
	const username = `u${Date.now()}`;
	const created = await request.post('/api/users', {
		headers: auth(adminToken),
		data: { username, password: 'long enough 1', role: 'coordinator' }
	});
	expect(created.status()).toBe(201);
	expect((await created.json()).user).toMatchObject({ username, role: 'coordinator' });

	const again = await request.post('/api/users', {
		headers: auth(adminToken),
		data: { username: username.toUpperCase(), password: 'long enough 1', role: 'coordinator' }
	});
	expect(again.status()).toBe(409);
	expect((await again.json()).error).toMatchObject({ code: 'conflict', field: 'username' });

	const badRole = await request.post('/api/users', {
		headers: auth(adminToken),
		data: { username: `${username}x`, password: 'long enough 1', role: 'mayor' }
	});
	expect(badRole.status()).toBe(422);
	expect((await badRole.json()).error.field).toBe('role');

	const crewWithoutCrew = await request.post('/api/users', {
		headers: auth(adminToken),
		data: { username: `${username}y`, password: 'long enough 1', role: 'crew' }
	});
	expect(crewWithoutCrew.status()).toBe(422);
	expect((await crewWithoutCrew.json()).error.field).toBe('crewId');

	const sup = await account('supervisor');
	const supToken = await tokenFor(request, sup.username, sup.password);
	const forbidden = await request.post('/api/users', {
		headers: auth(supToken),
		data: { username: `${username}z`, password: 'long enough 1', role: 'admin' }
	});
	expect(forbidden.status()).toBe(403);
	expect((await anon.post('/api/users', { data: {} })).status()).toBe(401);
});

test('districts: 38 features and the lookup contract', async ({ request, anon, adminToken }) => {
	const all = await request.get('/api/districts', { headers: auth(adminToken) });
	expect(all.status()).toBe(200);
	const fc = await all.json();
	expect(fc.type).toBe('FeatureCollection');
	expect(fc.features).toHaveLength(38);
	expect(Object.keys(fc.features[0].properties).sort()).toEqual([
		'code',
		'formerArea',
		'nameEn',
		'nameZh'
	]);

	const hall = await request.get('/api/districts/lookup?lon=120.3120&lat=22.6204', {
		headers: auth(adminToken)
	});
	expect(hall.status()).toBe(200);
	expect(await hall.json()).toMatchObject({
		district: { code: '64000080', nameZh: '苓雅區', nameEn: 'Lingya District' },
		village: { code: expect.any(String), nameZh: expect.any(String) },
		formerArea: 'city'
	});

	const taipei = await request.get('/api/districts/lookup?lon=121.5654&lat=25.0330', {
		headers: auth(adminToken)
	});
	expect(taipei.status()).toBe(404);
	expect((await taipei.json()).error.code).toBe('outside_service_area');

	for (const [query, field] of [
		['lat=22.6', 'lon'],
		['lon=abc&lat=22.6', 'lon'],
		['lon=120.3&lat=', 'lat']
	]) {
		const r = await request.get(`/api/districts/lookup?${query}`, { headers: auth(adminToken) });
		expect(r.status(), query).toBe(400);
		expect((await r.json()).error.field, query).toBe(field);
	}
	expect((await anon.get('/api/districts')).status()).toBe(401);
});

test('categories: the catalog, and an admin edit validated by field', async ({
	request,
	adminToken
}) => {
	const r = await request.get('/api/categories', { headers: auth(adminToken) });
	expect(r.status()).toBe(200);
	const { categories } = await r.json();
	expect(categories.length).toBeGreaterThanOrEqual(45);
	expect(categories[0]).toMatchObject({
		code: expect.any(String),
		nameZh: expect.any(String),
		nameEn: expect.any(String),
		defaultPriority: expect.any(Number),
		deadlineHours: expect.any(Number),
		emergency: expect.any(Boolean),
		queues: expect.any(Array)
	});
	const bad = await request.patch(`/api/categories/${categories[0].code}`, {
		headers: auth(adminToken),
		data: { deadlineHours: -1 }
	});
	expect(bad.status()).toBe(422);
	expect((await bad.json()).error.field).toBe('deadlineHours');
	const missing = await request.patch('/api/categories/NO_SUCH', {
		headers: auth(adminToken),
		data: { active: false }
	});
	expect(missing.status()).toBe(404);
});

test('the OpenAPI document lists every API route, and unknown API paths answer JSON 404', async ({
	request
}) => {
	const doc = await (await request.get('/api/openapi.json')).json();
	expect(doc.openapi).toMatch(/^3\.1/);
	const root = path.resolve('src/routes/api');
	const routes: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = path.join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name === '+server.ts') routes.push(path.relative(root, dir));
		}
	};
	walk(root);
	const documented = routes
		.filter((r) => !r.includes('[...'))
		.map((r) => `/api/${r.replace(/\[(\w+)\]/g, '{$1}')}`);
	for (const p of documented) expect(Object.keys(doc.paths), p).toContain(p);

	const unknown = await request.get('/api/nope');
	expect(unknown.status()).toBe(404);
	expect((await unknown.json()).error.code).toBe('not_found');
});
