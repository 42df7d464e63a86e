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

test('jobs as compact rows page by page, the geocoding preview, and the tile answers', async ({
	request,
	anon,
	account
}) => {
	const { username, password } = await account('dispatcher');
	const headers = auth(await tokenFor(request, username, password));
	const ids: number[] = [];
	for (const lon of [120.301, 120.302, 120.303]) {
		const r = await request.post('/api/jobs', {
			headers,
			data: {
				categoryCode: 'STREETLIGHT_OUT',
				description: `summary paging ${lon}`,
				location: { lon, lat: 22.627 }
			}
		});
		expect(r.status()).toBe(201);
		ids.push(((await r.json()) as { id: number }).id);
	}

	await test.step('view=summary: rows in the order of `fields`, paged by id with `after`', async () => {
		const page = async (after: number) => {
			const r = await request.get(`/api/jobs?view=summary&limit=2&after=${after}`, { headers });
			expect(r.status()).toBe(200);
			return (await r.json()) as { fields: string[]; rows: unknown[][]; next: number | null };
		};
		const first = await page(ids[0]! - 1);
		expect(first.fields).toEqual([
			'id',
			'version',
			'status',
			'categoryCode',
			'agencyCode',
			'priority',
			'lon',
			'lat',
			'districtCode',
			'crewId',
			'deadlineMs',
			'warnMs',
			'escalationLevel'
		]);
		expect(first.rows.map((row) => row[0])).toEqual([ids[0], ids[1]]);
		expect(first.next).toBe(ids[1]);
		const second = await page(first.next!);
		expect(second.rows.map((row) => row[0])).toEqual([ids[2]]);
		expect(second.next).toBeNull();

		// A row says what the full job says.
		const full = await (await request.get(`/api/jobs/${ids[0]}`, { headers })).json();
		const row = first.rows[0]!;
		expect(row).toEqual([
			full.id,
			full.version,
			full.status,
			full.categoryCode,
			full.agencyCode,
			full.priority,
			full.location.lon,
			full.location.lat,
			full.district.code,
			full.crewId,
			Date.parse(full.deadlineAt),
			Date.parse(full.warnAt),
			full.escalationLevel
		]);
		// The default answer keeps its shape for existing callers.
		const plain = await request.get(`/api/jobs?limit=1&after=${ids[0]! - 1}`, { headers });
		expect(((await plain.json()) as { jobs: { id: number }[] }).jobs[0]!.id).toBe(ids[0]);
		const bad = await request.get('/api/jobs?view=tiny', { headers });
		expect(bad.status()).toBe(400);
		expect((await bad.json()).error.field).toBe('view');
	});

	await test.step('GET /api/geocode places an address without filing it', async () => {
		const jobsBefore = await (await request.get('/api/jobs?limit=100000', { headers })).json();
		const r = await request.get(`/api/geocode?address=${encodeURIComponent('高雄市政府')}`, {
			headers
		});
		expect(r.status()).toBe(200);
		expect(await r.json()).toMatchObject({
			location: { lon: expect.any(Number), lat: expect.any(Number) },
			district: { nameZh: '苓雅區' },
			formerArea: 'city',
			geocode: { source: 'gazetteer', confidence: 'landmark' }
		});
		const jobsAfter = await (await request.get('/api/jobs?limit=100000', { headers })).json();
		expect(jobsAfter.jobs.length).toBe(jobsBefore.jobs.length);

		for (const [address, code] of [
			['臺北市信義區市府路1號', 'outside_service_area'],
			['查無此處 xyz', 'not_geocoded']
		]) {
			const refused = await request.get(`/api/geocode?address=${encodeURIComponent(address!)}`, {
				headers
			});
			expect(refused.status(), address).toBe(422);
			expect((await refused.json()).error).toMatchObject({ code, field: 'address' });
		}
		const missing = await request.get('/api/geocode', { headers });
		expect(missing.status()).toBe(400);
		expect((await missing.json()).error.field).toBe('address');
		expect((await anon.get('/api/geocode?address=x')).status()).toBe(401);
	});

	await test.step('tiles: 204 for an empty tile, 401 without a session', async () => {
		// Tile 6/0/0 is the far north-west: no boundary of Kaohsiung in it.
		const empty = await request.get('/api/tiles/6/0/0', { headers });
		expect(empty.status()).toBe(204);
		expect((await anon.get('/api/tiles/6/0/0')).status()).toBe(401);
	});
});
