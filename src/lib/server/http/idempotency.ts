import { sql } from 'drizzle-orm';
import { rows, type Queryable, type Tx } from '../db/client.ts';
import { ApiError } from './api.ts';

export interface StoredResult {
	status: number;
	body: unknown;
	/** True when this key had been seen before and the stored answer was replayed. */
	replayed: boolean;
}

/**
 * Runs a command once per (user, key): a repeat answers the stored result and changes nothing.
 * Refusals (4xx) are stored too, so a retry of a refused command is refused the same way. The
 * command runs in a savepoint, so a refusal leaves no partial write behind the stored answer.
 */
export async function once(
	tx: Tx,
	userId: number,
	key: string,
	command: (tx: Tx) => Promise<unknown>
): Promise<StoredResult> {
	// Serialise concurrent repeats of one key: the second waits, then finds the first's answer.
	await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${userId}:${key}`}, 0))`);
	const [stored] = await rows<{ status: number; response: unknown }>(
		tx,
		sql`select status, response from idempotency_keys where user_id = ${userId} and key = ${key}`
	);
	if (stored) return { status: stored.status, body: stored.response, replayed: true };
	let result: StoredResult;
	try {
		const body = await tx.transaction((sp) => command(sp as Tx));
		result = { status: 200, body, replayed: false };
	} catch (err) {
		if (!(err instanceof ApiError) || err.status >= 500) throw err;
		result = {
			status: err.status,
			replayed: false,
			body: {
				error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) }
			}
		};
	}
	await tx.execute(sql`
		insert into idempotency_keys (key, user_id, status, response)
		values (${key}, ${userId}, ${result.status}, ${JSON.stringify(result.body)}::jsonb)`);
	return result;
}

/** Forgets keys older than the retention (24 h at least, per the crew sync contract). */
export async function purgeIdempotencyKeys(q: Queryable, olderThanHours: number): Promise<void> {
	await q.execute(sql`
		delete from idempotency_keys where created_at < now() - make_interval(hours => ${olderThanHours})`);
}
