import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { sessions, users } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';

export const SESSION_COOKIE = 'citydesk_session';

/** Hash of a session token: the database never holds a usable token. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; returns the bearer token (also the cookie value) and its expiry. */
export async function createSession(
	q: Queryable,
	userId: number,
	ttlHours: number
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
	await q.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt });
	return { token, expiresAt };
}

/** The user behind a live session token, or null (unknown, expired, or disabled user). */
export async function resolveSession(
	q: Queryable,
	token: string
): Promise<{ user: SessionUser; tokenHash: string } | null> {
	const tokenHash = hashToken(token);
	const [row] = await q
		.select({
			id: users.id,
			username: users.username,
			role: users.role,
			crewId: users.crewId
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(
			and(
				eq(sessions.tokenHash, tokenHash),
				gt(sessions.expiresAt, sql`now()`),
				eq(users.disabled, false)
			)
		)
		.limit(1);
	return row ? { user: row, tokenHash } : null;
}

/** Ends one session. */
export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
	await q.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Removes expired sessions; returns how many. */
export async function purgeExpiredSessions(q: Queryable): Promise<number> {
	const gone = await q
		.delete(sessions)
		.where(lt(sessions.expiresAt, sql`now()`))
		.returning({ tokenHash: sessions.tokenHash });
	return gone.length;
}
