import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../src/lib/server/db/client.ts';
import { prepareDatabase } from '../../src/lib/server/setup.ts';
import { lookupPoint } from '../../src/lib/server/geo/repository.ts';
import { insertCrew, nearestAvailableCrews } from '../../src/lib/server/crews/repository.ts';

// The default backend from nothing, as `npm start` sees it on a fresh machine.
let dir: string;
let database: Database;
const lines: string[] = [];

beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'citydesk-embedded-'));
	database = await openDatabase({ dataDir: dir });
	await prepareDatabase(database, { demoAccounts: true, log: (l) => lines.push(l) });
});
afterAll(async () => {
	await database?.close();
	await rm(dir, { recursive: true, force: true });
});

describe('embedded PGlite + PostGIS', () => {
	it('migrates from empty with PostGIS and says so', async () => {
		expect(database.backend).toBe('pglite');
		const [r] = await rows<{ v: string }>(database.db, sql`select postgis_lib_version() as v`);
		expect(r?.v).toMatch(/^3\./);
		expect(lines.join('\n')).toMatch(/demo accounts/);
	});

	it('looks up City Hall in 苓雅區 and refuses Taipei', async () => {
		expect((await lookupPoint(database.db, 120.312, 22.6204))?.district.nameZh).toBe('苓雅區');
		expect(await lookupPoint(database.db, 121.5654, 25.033)).toBeNull();
	});

	it('answers a KNN query through the GiST index', async () => {
		const id = await insertCrew(database.db, {
			name: 'smoke',
			agencyCode: 'SKG',
			status: 'available',
			location: { lon: 120.3, lat: 22.63 }
		});
		const found = await nearestAvailableCrews(
			database.db,
			{ lon: 120.312, lat: 22.6204 },
			{ agencyCode: 'SKG' }
		);
		expect(found.map((c) => c.id)).toEqual([id]);
		expect(found[0]?.distanceM).toBeGreaterThan(1000);
	});

	it('keeps its data across a reopen', async () => {
		await database.close();
		database = await openDatabase({ dataDir: dir });
		const [r] = await rows<{ n: number }>(
			database.db,
			sql`select count(*)::int as n from districts`
		);
		expect(r?.n).toBe(38);
	});
});
