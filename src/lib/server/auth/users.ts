import { count, eq, sql } from 'drizzle-orm';
import { crews, users } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { CreateUser, SessionUser } from '../../contracts/auth.ts';
import { hashPassword } from './passwords.ts';

/** Number of users; bootstrap only acts on an empty table. */
export async function countUsers(q: Queryable): Promise<number> {
	const [row] = await q.select({ n: count() }).from(users);
	return row?.n ?? 0;
}

/** The user with this username (case-insensitive), with the hash, for sign-in. */
export async function findUserForLogin(q: Queryable, username: string) {
	const [row] = await q
		.select()
		.from(users)
		.where(eq(sql`lower(${users.username})`, username.toLowerCase()))
		.limit(1);
	return row ?? null;
}

export type CreateUserResult =
	{ ok: true; user: SessionUser } | { ok: false; reason: 'username_taken' | 'crew_not_found' };

/** Creates a user after checking the username is free and the crew exists. */
export async function createUser(q: Queryable, input: CreateUser): Promise<CreateUserResult> {
	if (input.crewId !== undefined) {
		const [crew] = await q.select({ id: crews.id }).from(crews).where(eq(crews.id, input.crewId));
		if (!crew) return { ok: false, reason: 'crew_not_found' };
	}
	const passwordHash = await hashPassword(input.password);
	const inserted = await q
		.insert(users)
		.values({
			username: input.username,
			passwordHash,
			role: input.role,
			crewId: input.crewId ?? null
		})
		.onConflictDoNothing()
		.returning({ id: users.id, username: users.username, role: users.role, crewId: users.crewId });
	const user = inserted[0];
	return user ? { ok: true, user } : { ok: false, reason: 'username_taken' };
}
