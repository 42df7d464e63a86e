import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client.ts';
import { login } from '../../src/lib/server/auth/service.ts';
import { LoginThrottle } from '../../src/lib/server/auth/throttle.ts';
import { createUser, countUsers } from '../../src/lib/server/auth/users.ts';
import { resolveSession } from '../../src/lib/server/auth/sessions.ts';
import { bootstrapUsers } from '../../src/lib/server/auth/bootstrap.ts';
import { insertCrew } from '../../src/lib/server/crews/repository.ts';
import { openTestDatabase, withRollback } from './harness.ts';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase();
});
afterAll(() => database.close());

const throttle = () => new LoginThrottle({ maxFailures: 3, windowSec: 60 });
const attempt = (t: LoginThrottle, password: string, username = 'dana', address = '10.0.0.1') =>
	login(database.db, t, { username, password, address, ttlHours: 1 });

describe('sign-in', () => {
	beforeAll(async () => {
		await createUser(database.db, {
			username: 'dana',
			password: 'correct horse',
			role: 'dispatcher'
		});
	});

	it('opens a session whose token resolves to the user, case-insensitively by username', async () => {
		const result = await login(database.db, throttle(), {
			username: 'DANA',
			password: 'correct horse',
			address: '10.0.0.1',
			ttlHours: 1
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const session = await resolveSession(database.db, result.token);
		expect(session?.user).toMatchObject({ username: 'dana', role: 'dispatcher', crewId: null });
		expect(await resolveSession(database.db, result.token + 'x')).toBeNull();
	});

	it('refuses a wrong password and an unknown user alike', async () => {
		const t = throttle();
		expect(await attempt(t, 'wrong')).toEqual({ ok: false, reason: 'invalid_credentials' });
		expect(await attempt(t, 'whatever', 'nobody')).toEqual({
			ok: false,
			reason: 'invalid_credentials'
		});
	});

	it('locks a username+address out after repeated failures, even with the right password', async () => {
		const t = throttle();
		for (let i = 0; i < 3; i++) await attempt(t, 'wrong');
		const locked = await attempt(t, 'correct horse');
		expect(locked).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!locked.ok && locked.reason === 'rate_limited')
			expect(locked.retryAfterSec).toBeGreaterThan(0);
		// Another address is not locked out by someone else's failures.
		expect((await attempt(t, 'correct horse', 'dana', '10.0.0.2')).ok).toBe(true);
	});

	it('does not resolve an expired session', async () => {
		const result = await attempt(throttle(), 'correct horse', 'dana', '10.0.0.9');
		if (!result.ok) throw new Error('sign-in failed');
		await database.db.execute(sql`update sessions set expires_at = now() - interval '1 second'`);
		expect(await resolveSession(database.db, result.token)).toBeNull();
	});
});

describe('accounts', () => {
	it('refuses a second account with the same username in other case', async () => {
		await withRollback(database.db, async (tx) => {
			expect(
				(await createUser(tx, { username: 'Erin', password: 'long enough 1', role: 'supervisor' }))
					.ok
			).toBe(true);
			expect(
				await createUser(tx, { username: 'erin', password: 'long enough 1', role: 'admin' })
			).toEqual({
				ok: false,
				reason: 'username_taken'
			});
		});
	});

	it('binds a crew account to an existing crew only', async () => {
		await withRollback(database.db, async (tx) => {
			expect(
				await createUser(tx, {
					username: 'c1',
					password: 'long enough 1',
					role: 'crew',
					crewId: 999_999
				})
			).toEqual({
				ok: false,
				reason: 'crew_not_found'
			});
			const crewId = await insertCrew(tx, { name: 'c', agencyCode: 'EPB' });
			const made = await createUser(tx, {
				username: 'c1',
				password: 'long enough 1',
				role: 'crew',
				crewId
			});
			expect(made).toMatchObject({ ok: true, user: { role: 'crew', crewId } });
		});
	});
});

describe('bootstrap', () => {
	it('creates admin from ADMIN_PASSWORD only when there are no users', async () => {
		await withRollback(database.db, async (tx) => {
			await tx.execute(sql`delete from sessions`);
			await tx.execute(sql`delete from users`);
			await bootstrapUsers(tx, {
				adminPassword: 'admin password 1',
				demoAccounts: true,
				log: () => undefined
			});
			expect(await countUsers(tx)).toBe(1);
			await bootstrapUsers(tx, {
				adminPassword: 'another one 22',
				demoAccounts: true,
				log: () => undefined
			});
			expect(await countUsers(tx)).toBe(1);
		});
	});

	it('creates one demo account per role, printed once, only when asked to', async () => {
		await withRollback(database.db, async (tx) => {
			await tx.execute(sql`delete from sessions`);
			await tx.execute(sql`delete from users`);
			await bootstrapUsers(tx, { demoAccounts: false, log: () => undefined });
			expect(await countUsers(tx)).toBe(0);
			const lines: string[] = [];
			const accounts = await bootstrapUsers(tx, { demoAccounts: true, log: (l) => lines.push(l) });
			expect(accounts.map((a) => a.role).sort()).toEqual([
				'admin',
				'coordinator',
				'crew',
				'dispatcher',
				'supervisor'
			]);
			for (const a of accounts) expect(lines.join('\n')).toContain(a.password);
			expect(await bootstrapUsers(tx, { demoAccounts: true, log: (l) => lines.push(l) })).toEqual(
				[]
			);
		});
	});
});
