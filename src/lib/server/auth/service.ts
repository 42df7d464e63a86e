import type { Queryable } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';
import { findUserForLogin } from './users.ts';

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; user: SessionUser }
	| { ok: false; reason: 'invalid_credentials' }
	| { ok: false; reason: 'rate_limited'; retryAfterSec: number };

/** Checks credentials under the throttle and opens a session. */
export async function login(
	q: Queryable,
	throttle: LoginThrottle,
	input: { username: string; password: string; address: string; ttlHours: number }
): Promise<LoginResult> {
	const { username, password, address } = input;
	const retryAfterSec = await throttle.retryAfter(username, address);
	if (retryAfterSec > 0) return { ok: false, reason: 'rate_limited', retryAfterSec };

	const user = await findUserForLogin(q, username);
	// Verify against a dummy hash for unknown users so timing does not reveal who exists.
	const good = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
	if (!user || !good || user.disabled) {
		await throttle.failed(username, address);
		return { ok: false, reason: 'invalid_credentials' };
	}
	await throttle.succeeded(username, address);
	const { token, expiresAt } = await createSession(q, user.id, input.ttlHours);
	return {
		ok: true,
		token,
		expiresAt,
		user: { id: user.id, username: user.username, role: user.role, crewId: user.crewId }
	};
}
