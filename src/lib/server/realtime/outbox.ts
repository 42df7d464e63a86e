import { and, asc, gt, sql } from 'drizzle-orm';
import { outbox } from '../db/schema.ts';
import { rows, type Queryable, type Tx } from '../db/client.ts';
import type { Envelope, FactName, FactPayloads } from '../../contracts/events.ts';

/**
 * Any constant: the advisory lock that serialises outbox inserts. Holding it until commit makes
 * sequence order equal commit order, so a relay that has seen seq N can never later find a
 * smaller seq committing behind it (the classic outbox gap).
 */
const OUTBOX_LOCK = 7_246_019_991;

/**
 * Records a fact in the outbox inside the caller's transaction; the relay broadcasts it after
 * commit. Call it last in the transaction: the lock it takes is held until commit.
 */
export async function publish<E extends FactName>(
	tx: Tx,
	event: E,
	rooms: string[],
	data: FactPayloads[E]
): Promise<number> {
	if (rooms.length === 0) throw new Error(`publish(${event}) needs at least one room`);
	await tx.execute(sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`);
	const [row] = await tx
		.insert(outbox)
		.values({ event, rooms, payload: data })
		.returning({ seq: outbox.seq });
	if (!row) throw new Error('outbox insert returned no row');
	return row.seq;
}

type OutboxRow = typeof outbox.$inferSelect;

function toEnvelope(row: OutboxRow): Envelope & { rooms: string[] } {
	return {
		seq: row.seq,
		event: row.event as FactName,
		at: row.at.toISOString(),
		data: row.payload as never,
		rooms: row.rooms
	};
}

/** Committed outbox rows after `since`, oldest first, optionally only those for some rooms. */
export async function readOutbox(
	q: Queryable,
	since: number,
	options: { limit: number; rooms?: string[] }
): Promise<(Envelope & { rooms: string[] })[]> {
	const roomFilter = options.rooms
		? sql`${outbox.rooms} && ${sql.param(options.rooms)}::text[]`
		: undefined;
	const found = await q
		.select()
		.from(outbox)
		.where(and(gt(outbox.seq, since), roomFilter))
		.orderBy(asc(outbox.seq))
		.limit(options.limit);
	return found.map(toEnvelope);
}

/** The newest committed sequence number and the oldest one still kept. */
export async function outboxBounds(q: Queryable): Promise<{ newest: number; oldest: number }> {
	const [r] = await rows<{ newest: number | string | null; oldest: number | string | null }>(
		q,
		sql`select max(seq) as newest, min(seq) as oldest from outbox`
	);
	return { newest: Number(r?.newest ?? 0), oldest: Number(r?.oldest ?? 0) };
}

/** Deletes outbox rows older than the retention, always keeping the newest one. */
export async function trimOutbox(q: Queryable, retentionHours: number): Promise<number> {
	const gone = await rows<{ seq: number }>(
		q,
		sql`delete from outbox
		    where at < now() - make_interval(secs => ${retentionHours * 3600})
		      and seq < (select max(seq) from outbox)
		    returning seq`
	);
	return gone.length;
}

/**
 * The write path's last step: runs `change` in one transaction (which publishes its facts) and,
 * once committed, wakes the relay so the facts go out without waiting for its next poll.
 */
export async function commit<T>(
	ctx: { db: Queryable & { transaction: Tx['transaction'] }; relay: { nudge(): void } },
	change: (tx: Tx) => Promise<T>
): Promise<T> {
	const result = await ctx.db.transaction((tx) => change(tx as Tx));
	ctx.relay.nudge();
	return result;
}
