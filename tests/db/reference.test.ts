import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../src/lib/server/db/client.ts';
import {
	districtFeatures,
	listDistricts,
	lookupPoint
} from '../../src/lib/server/geo/repository.ts';
import {
	getCategory,
	listCategories,
	seedCatalog,
	updateCategory
} from '../../src/lib/server/catalog/repository.ts';
import { agencies, categories } from '../../src/lib/server/catalog/seed-data.ts';
import { prepareDatabase } from '../../src/lib/server/setup.ts';
import { openTestDatabase, withRollback } from './harness.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database.close());

describe('districts and villages', () => {
	it('holds the 38 districts, 11 of the former city, and 886 villages', async () => {
		const districts = await listDistricts(database.db);
		expect(districts).toHaveLength(38);
		expect(districts.filter((d) => d.formerArea === 'city')).toHaveLength(11);
		const [v] = await rows<{ n: number }>(
			database.db,
			sql`select count(*)::int as n from villages`
		);
		expect(v?.n).toBe(886);
	});

	it('serves the districts as GeoJSON multipolygons with names in both languages', async () => {
		const fc = await districtFeatures(database.db);
		expect(fc.features).toHaveLength(38);
		const lingya = fc.features.find((f) => f.properties.nameZh === '苓雅區');
		expect(lingya?.properties).toEqual({
			code: '64000080',
			nameZh: '苓雅區',
			nameEn: 'Lingya District',
			formerArea: 'city'
		});
		expect(lingya?.geometry.type).toBe('MultiPolygon');
	});

	it('finds Kaohsiung City Hall in 苓雅區 of the former city, with its village', async () => {
		const hit = await lookupPoint(database.db, 120.312, 22.6204);
		expect(hit?.district.nameZh).toBe('苓雅區');
		expect(hit?.formerArea).toBe('city');
		expect(hit?.village?.code).toMatch(/^64000080\d{3}$/);
	});

	it('places 鳳山 and the mountain district 桃源 in the former county', async () => {
		expect((await lookupPoint(database.db, 120.3575, 22.6263))?.district.nameZh).toBe('鳳山區');
		const taoyuan = await lookupPoint(database.db, 120.76, 23.16);
		expect(taoyuan?.district.nameZh).toBe('桃源區');
		expect(taoyuan?.formerArea).toBe('county');
	});

	it('answers null outside Kaohsiung (Taipei 101, the open sea)', async () => {
		expect(await lookupPoint(database.db, 121.5654, 25.033)).toBeNull();
		expect(await lookupPoint(database.db, 119.9, 22.4)).toBeNull();
	});

	it('has a GiST index on every geometry and geography column', async () => {
		const columns = await rows<{ table_name: string; column_name: string }>(
			database.db,
			sql`select table_name, column_name from information_schema.columns
			    where table_schema = 'public' and udt_name in ('geometry', 'geography')`
		);
		expect(columns.length).toBeGreaterThanOrEqual(4);
		const indexes = await rows<{ indexdef: string }>(
			database.db,
			sql`select indexdef from pg_indexes where schemaname = 'public' and indexdef ilike '%using gist%'`
		);
		for (const c of columns) {
			const pattern = new RegExp(
				`ON (public\\.)?${c.table_name} USING gist \\(${c.column_name}\\)`
			);
			const indexed = indexes.some((i) => pattern.test(i.indexdef));
			expect(indexed, `${c.table_name}.${c.column_name}`).toBe(true);
		}
	});
});

describe('category catalog', () => {
	it('holds about fifty categories, each routed to agencies that exist', async () => {
		const catalog = await listCategories(database.db);
		expect(catalog.length).toBeGreaterThanOrEqual(45);
		const [a] = await rows<{ codes: string[] }>(
			database.db,
			sql`select array_agg(code) as codes from agencies`
		);
		for (const c of catalog) {
			for (const q of c.queues)
				expect(a?.codes, `${c.code} → ${q.agencyCode}`).toContain(q.agencyCode);
			if (c.routing === 'former_area') expect(c.queues.length, c.code).toBeGreaterThan(0);
		}
	});

	it('splits street lights into the former-city (一) and former-county (二) sub-queues', async () => {
		const catalog = await listCategories(database.db);
		const lights = catalog.find((c) => c.queues.some((q) => q.nameZh === '路燈故障(一)'));
		expect(lights?.queues.map((q) => [q.formerArea, q.nameZh]).sort()).toEqual([
			['city', '路燈故障(一)'],
			['county', '養工-路燈故障(二)']
		]);
	});

	it('has a district office (區公所) agency for each of the 38 districts', async () => {
		const [r] = await rows<{ n: number }>(
			database.db,
			sql`select count(*)::int as n from agencies where kind = 'district_office' and district_code is not null`
		);
		expect(r?.n).toBe(38);
		expect(agencies.some((a) => a.kind === 'utility')).toBe(true);
	});

	it('keeps an admin edit when the catalog is seeded again', async () => {
		await withRollback(database.db, async (tx) => {
			const code = categories[0]!.code;
			await updateCategory(tx, code, { nameEn: 'Edited by admin', deadlineHours: 3 });
			await seedCatalog(tx, agencies, categories);
			const after = await getCategory(tx, code);
			expect(after?.nameEn).toBe('Edited by admin');
			expect(after?.deadlineHours).toBe(3);
		});
		// rolled back: the next test sees the seed again
		expect((await getCategory(database.db, categories[0]!.code))?.nameEn).toBe(
			categories[0]!.nameEn
		);
	});

	it('prepares an already prepared database without duplicating anything', async () => {
		const before = await rows<{ d: number; v: number; c: number; a: number }>(
			database.db,
			sql`select (select count(*)::int from districts) d, (select count(*)::int from villages) v,
			           (select count(*)::int from categories) c, (select count(*)::int from agencies) a`
		);
		await prepareDatabase(database, { demoAccounts: false, log: () => undefined });
		const after = await rows<{ d: number; v: number; c: number; a: number }>(
			database.db,
			sql`select (select count(*)::int from districts) d, (select count(*)::int from villages) v,
			           (select count(*)::int from categories) c, (select count(*)::int from agencies) a`
		);
		expect(after).toEqual(before);
	});
});
