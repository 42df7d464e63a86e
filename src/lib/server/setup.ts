import type { Database } from './db/client.ts';
import { loadDistricts, loadVillages } from './geo/atlas.ts';
import { countDistricts, upsertDistricts, upsertVillages } from './geo/repository.ts';
import { seedCatalog } from './catalog/repository.ts';
import { agencies, categories } from './catalog/seed-data.ts';
import { bootstrapUsers, type DemoAccount } from './auth/bootstrap.ts';
import type { AgencySeed } from './catalog/seed-data.ts';
import { districts as districtTable } from './db/schema.ts';
import { seedPlaces } from './geo/geocode/index.ts';

export interface PrepareOptions {
	adminPassword?: string;
	demoAccounts: boolean;
	log: (line: string) => void;
}

/**
 * Brings a database to a working state: migrations, then reference data (districts, villages,
 * agencies, categories) loaded only where missing, then the first accounts. Safe to run on
 * every start.
 */
export async function prepareDatabase(
	database: Database,
	options: PrepareOptions
): Promise<{ demoAccounts: DemoAccount[] }> {
	const { db } = database;
	await database.migrate();
	// One transaction loads both tables, so either both are there or neither is.
	const loaded = await countDistricts(db);
	if (loaded.districts === 0 || loaded.villages === 0) {
		const [districts, villages] = await Promise.all([loadDistricts(), loadVillages()]);
		await db.transaction(async (tx) => {
			await upsertDistricts(tx, districts);
			await upsertVillages(tx, villages);
		});
		options.log(`[setup] loaded ${districts.length} districts and ${villages.length} villages`);
	}
	const districtRows = await db
		.select({
			code: districtTable.code,
			townId: districtTable.townId,
			nameZh: districtTable.nameZh,
			nameEn: districtTable.nameEn
		})
		.from(districtTable);
	await db.transaction((tx) =>
		seedCatalog(tx, [...agencies, ...districtRows.map(districtOffice)], categories)
	);
	await seedPlaces(db);
	const demoAccounts = await db.transaction((tx) =>
		bootstrapUsers(tx, {
			adminPassword: options.adminPassword,
			demoAccounts: options.demoAccounts,
			log: options.log
		})
	);
	return { demoAccounts };
}

/** Every district has an office (區公所) that owns the district-office category there. */
function districtOffice(d: {
	code: string;
	townId: string;
	nameZh: string;
	nameEn: string;
}): AgencySeed & {
	districtCode: string;
} {
	return {
		code: `DO-${d.townId}`,
		nameZh: `${d.nameZh}公所`,
		nameEn: `${d.nameEn.replace(/ District$/, '')} District Office`,
		kind: 'district_office',
		districtCode: d.code
	};
}
