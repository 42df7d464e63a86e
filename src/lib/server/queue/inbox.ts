import { asc, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { telephonyEventSchema, type TelephonyEvent } from '../../contracts/telephony.ts';
import { rows, type Db, type Queryable, type Tx } from '../db/client.ts';
import { telephonyEvents } from '../db/schema.ts';

/*
 * The telephony inbox: every source (Asterisk AMI, the webhook, the simulator) appends
 * normalised events here, and every app node's queue engine reads them back in sequence order.
 * Appends hold a transaction-scoped advisory lock until commit, so sequence order is commit
 * order: a reader that has applied seq N can never later find a smaller seq committing behind
 * it (the same reasoning as the outbox, see realtime/outbox.ts).
 */

/** Any constant of our own: serialises inbox appends (the outbox uses another). */
const INBOX_LOCK = 7_246_019_992;
/** Rows per INSERT, well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;

/** Where events come from; stored with each row and each call record. */
export type TelephonySourceName = 'ami' | 'webhook' | 'simulator' | (string & {});

/** What an append did: stored rows, and events already stored under the same (source, eventId). */
export interface AppendResult {
	accepted: number;
	duplicates: number;
}

const eventList = z.array(telephonyEventSchema);

/**
 * Appends normalised events from one source to the inbox, in the order given. An event whose
 * `eventId` that source already sent is skipped (a duplicate); events without an id are always
 * stored. Validates the events again (a source bug must not poison every node's replica); throws
 * a ZodError, storing nothing, when one is malformed.
 */
export async function appendTelephonyEvents(
	db: Db | Tx,
	source: TelephonySourceName,
	events: readonly TelephonyEvent[]
): Promise<AppendResult> {
	if (events.length === 0) return { accepted: 0, duplicates: 0 };
	const valid = eventList.parse(events);
	const accepted = await (db as Db).transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${INBOX_LOCK})`);
		let stored = 0;
		for (let i = 0; i < valid.length; i += CHUNK) {
			const inserted = await tx
				.insert(telephonyEvents)
				.values(
					valid.slice(i, i + CHUNK).map((event) => ({
						source,
						eventId: event.eventId ?? null,
						type: event.type,
						payload: event,
						at: new Date(event.at)
					}))
				)
				.onConflictDoNothing()
				.returning({ seq: telephonyEvents.seq });
			stored += inserted.length;
		}
		return stored;
	});
	return { accepted, duplicates: valid.length - accepted };
}

/** One stored event, as a replica reads it. */
export interface InboxRow {
	seq: number;
	source: string;
	event: TelephonyEvent;
}

/**
 * Inbox rows after `afterSeq`, oldest first. A row that no longer parses (stored by an older
 * version with another schema) comes back with `event: null` so the reader can skip past it.
 */
export async function readInbox(
	q: Queryable,
	afterSeq: number,
	limit: number
): Promise<(Omit<InboxRow, 'event'> & { event: TelephonyEvent | null })[]> {
	const found = await q
		.select({
			seq: telephonyEvents.seq,
			source: telephonyEvents.source,
			payload: telephonyEvents.payload
		})
		.from(telephonyEvents)
		.where(gt(telephonyEvents.seq, afterSeq))
		.orderBy(asc(telephonyEvents.seq))
		.limit(limit);
	return found.map((r) => {
		const parsed = telephonyEventSchema.safeParse(r.payload);
		return { seq: r.seq, source: r.source, event: parsed.success ? parsed.data : null };
	});
}

/** The first sequence number received at or after `from`; null when nothing was. */
export async function firstSeqSince(q: Queryable, from: Date): Promise<number | null> {
	const [r] = await rows<{ seq: number | string | null }>(
		q,
		sql`select min(seq) as seq from telephony_events where received_at >= ${from.toISOString()}`
	);
	return r?.seq === null || r?.seq === undefined ? null : Number(r.seq);
}

/**
 * Deletes inbox rows received more than `retentionHours` ago that the leader has already
 * persisted (never beyond the cursor). Returns how many went.
 */
export async function purgeInbox(q: Queryable, retentionHours: number): Promise<number> {
	const gone = await rows<{ seq: number }>(
		q,
		sql`delete from telephony_events
		    where received_at < now() - make_interval(secs => ${retentionHours * 3600})
		      and seq <= coalesce((select last_seq from telephony_cursor where id = 1), 0)
		    returning seq`
	);
	return gone.length;
}
