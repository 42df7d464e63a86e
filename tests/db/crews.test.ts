import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/client.ts';
import { insertCrew, nearestAvailableCrews } from '../../src/lib/server/crews/repository.ts';
import { openTestDatabase, withRollback } from './harness.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database.close());

const cityHall = { lon: 120.312, lat: 22.6204 };

describe('nearest available crews (KNN on geography)', () => {
	it('orders by distance across former-area lines and skips busy crews and other agencies', async () => {
		await withRollback(database.db, async (tx) => {
			const near = await insertCrew(tx, {
				name: 'near',
				agencyCode: 'EPB',
				status: 'available',
				location: { lon: 120.315, lat: 22.621 }
			});
			const fengshan = await insertCrew(tx, {
				name: 'fengshan',
				agencyCode: 'EPB',
				status: 'available',
				location: { lon: 120.357, lat: 22.626 }
			});
			await insertCrew(tx, {
				name: 'busy',
				agencyCode: 'EPB',
				status: 'busy',
				location: { lon: 120.3121, lat: 22.6205 }
			});
			await insertCrew(tx, {
				name: 'other agency',
				agencyCode: 'TPC',
				status: 'available',
				location: { lon: 120.3121, lat: 22.6205 }
			});
			await insertCrew(tx, { name: 'no fix', agencyCode: 'EPB', status: 'available' });
			const found = await nearestAvailableCrews(tx, cityHall, { agencyCode: 'EPB' });
			expect(found.map((c) => c.id)).toEqual([near, fengshan]);
			expect(found[0]!.distanceM).toBeGreaterThan(200);
			expect(found[0]!.distanceM).toBeLessThan(500);
			expect(found[1]!.distanceM).toBeGreaterThan(4000);
		});
	});

	it('keeps only crews with the required skill, and caps the list', async () => {
		await withRollback(database.db, async (tx) => {
			for (let i = 0; i < 7; i++) {
				await insertCrew(tx, {
					name: `tree ${i}`,
					agencyCode: 'EPB',
					skills: i % 2 === 0 ? ['tree'] : ['cleaning'],
					status: 'available',
					location: { lon: 120.31 + i * 0.01, lat: 22.62 }
				});
			}
			const trees = await nearestAvailableCrews(tx, cityHall, { agencyCode: 'EPB', skill: 'tree' });
			expect(trees.map((c) => c.name)).toEqual(['tree 0', 'tree 2', 'tree 4', 'tree 6']);
			const any = await nearestAvailableCrews(tx, cityHall, { agencyCode: 'EPB', limit: 5 });
			expect(any).toHaveLength(5);
		});
	});
});
