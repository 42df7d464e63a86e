import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/lib/server/db/client.ts';
import { lookupPoint } from '../../src/lib/server/geo/repository.ts';
import { geocode, learnAddress, seedPlaces } from '../../src/lib/server/geo/geocode/index.ts';
import { places } from '../../src/lib/server/geo/geocode/places-data.ts';
import { normalizeAddress } from '../../src/lib/domain/address.ts';
import { openTestDatabase, withRollback } from './harness.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let database: Database;
let provider: Server;
let providerUrl: string;
let handle: Handler = (_req, res) => res.writeHead(404).end();
const asked: URL[] = [];

beforeAll(async () => {
	database = await openTestDatabase();
	await seedPlaces(database.db);
	// A stand-in for Nominatim on a free local port; each test sets how it answers.
	provider = createServer((req, res) => {
		asked.push(new URL(req.url ?? '/', 'http://provider'));
		handle(req, res);
	});
	await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
	providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});

afterAll(async () => {
	// The hanging test leaves a request open; close it rather than wait for it.
	provider.closeAllConnections();
	await new Promise<void>((resolve) => provider.close(() => resolve()));
	await database.close();
});

/** Makes the stand-in provider answer one Nominatim (jsonv2) result at this point. */
function answerWith(lon: number, lat: number, extra: Record<string, unknown> = {}): void {
	handle = (_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify([
				{
					lat: String(lat),
					lon: String(lon),
					category: 'place',
					type: 'house',
					place_rank: 30,
					display_name: '70, 蓮海路, 鼓山區, 高雄市, 804, 臺灣',
					...extra
				}
			])
		);
	};
}

const nsysu = { lon: 120.2661, lat: 22.6273 };

describe('the gazetteer', () => {
	it('is seeded once: a second seed inserts nothing', async () => {
		expect(await seedPlaces(database.db)).toBe(0);
		const [r] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from places`);
		expect(r?.n).toBe(places.length);
		// Red R3–R24 with R4A, R22A and RK1; Orange O1–O14 without O3, and OT1.
		expect(places.filter((p) => p.kind === 'mrt').length).toBe(39);
		expect(places.filter((p) => p.kind === 'lrt').length).toBe(38);
		expect(places.filter((p) => p.kind === 'landmark').length).toBeGreaterThanOrEqual(12);
	});

	it('places every station and landmark inside Kaohsiung', async () => {
		for (const p of places) {
			expect(await lookupPoint(database.db, p.lon, p.lat), `${p.id} ${p.nameZh}`).not.toBeNull();
		}
	});

	it('puts stations in the districts the operators list them in', async () => {
		const expected: Record<string, string> = {
			R3: '小港區',
			R4: '小港區',
			R6: '前鎮區',
			R10: '新興區',
			R11: '三民區',
			R14: '左營區',
			R16: '左營區',
			R17: '楠梓區',
			R22: '橋頭區',
			R24: '岡山區',
			RK1: '岡山區',
			O1: '鼓山區',
			O2: '鹽埕區',
			O4: '前金區',
			O7: '苓雅區',
			O12: '鳳山區',
			OT1: '大寮區',
			C5: '前鎮區',
			C12: '鹽埕區',
			C21: '鼓山區',
			C26: '三民區',
			'city-hall': '苓雅區',
			'sky-tower-85': '苓雅區',
			'dream-mall': '前鎮區',
			'pier-2': '鹽埕區',
			airport: '小港區',
			arena: '左營區',
			'lotus-pond': '左營區',
			nsysu: '鼓山區'
		};
		for (const [id, district] of Object.entries(expected)) {
			const p = places.find((x) => x.id === id)!;
			expect((await lookupPoint(database.db, p.lon, p.lat))?.district.nameZh, id).toBe(district);
		}
	});
});

describe('geocode', () => {
	it('resolves a landmark from the gazetteer with landmark confidence', async () => {
		const hit = await geocode(database.db, { address: '高雄市政府' });
		expect(hit).toMatchObject({
			source: 'gazetteer',
			confidence: 'landmark',
			label: '高雄市政府',
			point: { lon: 120.312, lat: 22.6204 },
			normalized: '高雄市政府'
		});
		expect(hit?.area.district.nameZh).toBe('苓雅區');
	});

	it('finds stations said with 站, with 捷運, by their old name, in full-width', async () => {
		expect((await geocode(database.db, { address: '捷運美麗島站' }))?.label).toMatch(
			/美麗島.*(R10|O5)/u
		);
		expect((await geocode(database.db, { address: '小港站' }))?.label).toBe('捷運小港站 (R3)');
		expect((await geocode(database.db, { address: '南岡山站' }))?.label).toBe(
			'捷運岡山高醫站 (R24)'
		);
		expect((await geocode(database.db, { address: '台鐵美術館' }))?.label).toBe(
			'輕軌臺鐵美術館站 (C20)'
		);
		expect((await geocode(database.db, { address: '８５大樓' }))?.label).toBe('高雄85大樓');
	});

	it('prefers the longest name: 橋頭火車站 is not 高雄車站’s 火車站', async () => {
		expect((await geocode(database.db, { address: '橋頭火車站' }))?.label).toBe(
			'捷運橋頭火車站 (R23)'
		);
		expect((await geocode(database.db, { address: '火車站' }))?.label).toBe('高雄車站');
	});

	it('does not read a station name inside a road name as the station (凱旋 in 凱旋四路)', async () => {
		const hit = await geocode(database.db, { address: '前鎮區凱旋四路100號' });
		expect(hit?.source).toBe('centroid');
		expect(hit?.confidence).toBe('district');
	});

	it('gives a district-only text district confidence inside that district', async () => {
		for (const text of ['苓雅區', '高雄市苓雅區', '高雄縣鳳山市']) {
			const hit = await geocode(database.db, { address: text });
			expect(hit, text).toMatchObject({ source: 'centroid', confidence: 'district' });
			expect(hit?.area.district.nameZh, text).toBe(text.includes('鳳山') ? '鳳山區' : '苓雅區');
		}
	});

	it('gives a village its own point, inside that village', async () => {
		const [v] = await rows<{ code: string; name: string }>(
			database.db,
			sql`select code, name_zh as name from villages where district_code = '64000080'
			    order by code limit 1`
		);
		const hit = await geocode(database.db, { address: `苓雅區${v!.name}` });
		expect(hit).toMatchObject({ source: 'centroid', confidence: 'village' });
		expect(hit?.area.village?.code).toBe(v!.code);
	});

	it('answers null for text it cannot place, and for an address in another city', async () => {
		expect(await geocode(database.db, { address: '某個沒有人知道的地方' })).toBeNull();
		expect(await geocode(database.db, { address: '   ' })).toBeNull();
		expect(await geocode(database.db, { address: '小港' })).toBeNull();
		asked.length = 0;
		answerWith(nsysu.lon, nsysu.lat);
		const elsewhere = await geocode(
			database.db,
			{ address: '臺北市中正區重慶南路一段122號' },
			{ providerUrl }
		);
		expect(elsewhere).toBeNull();
		expect(asked).toHaveLength(0);
	});
});

describe('the learned address cache', () => {
	it('beats the gazetteer once a pin was confirmed, and counts its hits', async () => {
		await withRollback(database.db, async (tx) => {
			const pin = { lon: 120.3131, lat: 22.6211 };
			expect(await learnAddress(tx, normalizeAddress('高雄市政府'), pin, null)).toBe(true);
			const hit = await geocode(tx, { address: '高雄市政府' });
			expect(hit).toMatchObject({ source: 'cache', confidence: 'exact', point: pin });
			await geocode(tx, { address: '高雄市政府' });
			const [row] = await rows<{ hits: number }>(
				tx,
				sql`select hits from address_cache where normalized = '高雄市政府'`
			);
			expect(row?.hits).toBe(2);
		});
	});

	it('hits for a full-width variant of a learned address', async () => {
		await withRollback(database.db, async (tx) => {
			const pin = { lon: 120.3118, lat: 22.6199 };
			expect(await learnAddress(tx, '苓雅區四維三路2號', pin, null)).toBe(true);
			const hit = await geocode(tx, { address: '高雄市苓雅區四維三路２號５樓' });
			expect(hit).toMatchObject({
				source: 'cache',
				confidence: 'exact',
				point: pin,
				normalized: '苓雅區四維三路2號'
			});
		});
	});

	it('moves the pin when an address is confirmed again', async () => {
		await withRollback(database.db, async (tx) => {
			await learnAddress(tx, '苓雅區四維三路2號', { lon: 120.3118, lat: 22.6199 }, null);
			await learnAddress(tx, '苓雅區四維三路2號', { lon: 120.3121, lat: 22.6203 }, null);
			const hit = await geocode(tx, { address: '苓雅區四維三路2號' });
			expect(hit?.point).toEqual({ lon: 120.3121, lat: 22.6203 });
		});
	});

	it('learns nothing for a whole district or road, or a pin outside Kaohsiung', async () => {
		await withRollback(database.db, async (tx) => {
			expect(await learnAddress(tx, '苓雅區', { lon: 120.3118, lat: 22.6199 }, null)).toBe(false);
			expect(await learnAddress(tx, '四維三路', { lon: 120.3118, lat: 22.6199 }, null)).toBe(false);
			expect(
				await learnAddress(tx, '苓雅區四維三路2號', { lon: 121.5654, lat: 25.033 }, null)
			).toBe(false);
			const [r] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from address_cache`);
			expect(r?.n).toBe(0);
		});
	});
});

describe('the external provider', () => {
	const address = '鼓山區蓮海路70號';

	it('is asked Nominatim-style and its answer used when given', async () => {
		asked.length = 0;
		answerWith(nsysu.lon, nsysu.lat);
		const hit = await geocode(database.db, { address }, { providerUrl });
		expect(hit).toMatchObject({ source: 'provider', confidence: 'street', point: nsysu });
		expect(hit?.area.district.nameZh).toBe('鼓山區');
		expect(asked).toHaveLength(1);
		const url = asked[0]!;
		expect(url.pathname).toBe('/search');
		expect(url.searchParams.get('q')).toBe('高雄市鼓山區蓮海路70號');
		expect(url.searchParams.get('format')).toBe('jsonv2');
		expect(url.searchParams.get('limit')).toBe('1');
		expect(url.searchParams.get('countrycodes')).toBe('tw');
	});

	it('is not asked without a URL', async () => {
		asked.length = 0;
		answerWith(nsysu.lon, nsysu.lat);
		expect((await geocode(database.db, { address }))?.source).toBe('centroid');
		expect(asked).toHaveLength(0);
	});

	it('falls through quickly when the provider hangs past the timeout', async () => {
		handle = () => undefined; // never answers
		const started = performance.now();
		const hit = await geocode(database.db, { address }, { providerUrl, timeoutMs: 200 });
		expect(performance.now() - started).toBeLessThan(2000);
		expect(hit).toMatchObject({ source: 'centroid', confidence: 'district' });
		expect(hit?.area.district.nameZh).toBe('鼓山區');
	});

	it('ignores an answer outside Kaohsiung (a point in Taipei)', async () => {
		answerWith(121.5654, 25.033);
		const hit = await geocode(database.db, { address }, { providerUrl });
		expect(hit?.source).toBe('centroid');
	});

	it('ignores an answer coarser than a street, and a failing provider', async () => {
		answerWith(nsysu.lon, nsysu.lat, { place_rank: 12, type: 'city' });
		expect((await geocode(database.db, { address }, { providerUrl }))?.source).toBe('centroid');
		handle = (_req, res) => res.writeHead(500).end('overloaded');
		expect((await geocode(database.db, { address }, { providerUrl }))?.source).toBe('centroid');
		handle = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{');
		expect((await geocode(database.db, { address }, { providerUrl }))?.source).toBe('centroid');
		const refused = `http://127.0.0.1:1`;
		expect((await geocode(database.db, { address }, { providerUrl: refused }))?.source).toBe(
			'centroid'
		);
	});

	it('comes after the gazetteer: a named place is not sent to the provider', async () => {
		asked.length = 0;
		answerWith(nsysu.lon, nsysu.lat);
		expect((await geocode(database.db, { address: '駁二' }, { providerUrl }))?.source).toBe(
			'gazetteer'
		);
		expect(asked).toHaveLength(0);
	});
});
