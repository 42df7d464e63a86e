import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '../db/client.ts';
import type { Role } from '../../contracts/auth.ts';
import { insertCrew } from '../crews/repository.ts';
import { countUsers, createUser } from './users.ts';

export interface BootstrapOptions {
	adminPassword?: string;
	/** Create one demo account per role (embedded default only). */
	demoAccounts: boolean;
	log: (line: string) => void;
}

export interface DemoAccount {
	username: string;
	password: string;
	role: Role;
}

/** Kaohsiung City Hall, where the demo crew starts its shift. */
const CITY_HALL = { lon: 120.312, lat: 22.6204 };

/**
 * Creates the first accounts when the users table is empty: `admin` with ADMIN_PASSWORD, or on
 * the embedded demo one account per role with random passwords, printed once. Returns the demo
 * accounts it created.
 */
export async function bootstrapUsers(
	q: Queryable,
	options: BootstrapOptions
): Promise<DemoAccount[]> {
	if ((await countUsers(q)) > 0) return [];
	if (options.adminPassword) {
		await createUser(q, { username: 'admin', password: options.adminPassword, role: 'admin' });
		options.log('[auth] created user "admin" with ADMIN_PASSWORD');
		return [];
	}
	if (!options.demoAccounts) {
		options.log('[auth] no users yet: set ADMIN_PASSWORD and restart to create "admin"');
		return [];
	}
	const crewId = await insertCrew(q, {
		name: 'Demo crew 1',
		agencyCode: await busiestAgency(q),
		status: 'available',
		location: CITY_HALL
	});
	const accounts: DemoAccount[] = [];
	for (const role of ['admin', 'supervisor', 'dispatcher', 'coordinator', 'crew'] as const) {
		const password = randomBytes(9).toString('base64url');
		await createUser(q, {
			username: role,
			password,
			role,
			...(role === 'crew' ? { crewId } : {})
		});
		accounts.push({ username: role, password, role });
	}
	options.log(
		[
			'[auth] demo accounts (shown once; change them before real use):',
			...accounts.map((a) => `         ${a.role.padEnd(12)} ${a.username} / ${a.password}`)
		].join('\n')
	);
	return accounts;
}

/** The agency owning the most sub-queues: where the demo crew works. */
async function busiestAgency(q: Queryable): Promise<string> {
	const [row] = await rows<{ code: string }>(
		q,
		sql`select agency_code as code from category_queues
		    group by agency_code order by count(*) desc, agency_code limit 1`
	);
	if (!row) throw new Error('the category catalog is empty: seed it before the demo accounts');
	return row.code;
}
