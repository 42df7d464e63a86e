import { sql } from 'drizzle-orm';
import { rows } from '../src/lib/server/db/client.ts';
import { readOutbox, trimOutbox } from '../src/lib/server/realtime/outbox.ts';
import { purgeIdempotencyKeys } from '../src/lib/server/http/idempotency.ts';
import { purgeExpiredSessions } from '../src/lib/server/auth/sessions.ts';
import type { CityDeskIo } from '../src/lib/server/realtime/io.ts';
import { room, type Envelope, type FactName } from '../src/lib/contracts/events.ts';
import type { Worker, WorkerContext } from './types.ts';
import { createPollLoop } from './poll-loop.ts';

export interface RelayOptions {
	/** Poll interval when nothing nudges the relay. */
	intervalMs?: number;
	batchSize?: number;
	trimEveryMs?: number;
}

/** The relay, plus `nudge()` for writers in the same process to skip the wait. */
export interface Relay extends Worker {
	nudge(): void;
	/** Resolves once every row committed before the call has been broadcast (for tests). */
	drained(): Promise<void>;
}

/**
 * Broadcasts committed outbox rows, in sequence order, to the rooms each row names. The cursor
 * row is claimed with FOR UPDATE SKIP LOCKED, so with several app nodes exactly one relays at a
 * time and the Redis adapter carries the events to the other nodes' sockets. A crash between
 * emit and commit re-sends a batch; clients drop sequence numbers they already applied.
 */
export function createRelay(
	ctx: WorkerContext & { io: CityDeskIo },
	options: RelayOptions = {}
): Relay {
	const intervalMs = options.intervalMs ?? 250;
	const batchSize = options.batchSize ?? 500;
	const trimEveryMs = options.trimEveryMs ?? 10 * 60_000;
	let lastTrim = 0;
	const waiters: Array<{ seq: number; resolve: () => void }> = [];
	let relayedThrough = 0;

	async function tick(): Promise<number> {
		return ctx.db.transaction(async (tx) => {
			const [cursor] = await rows<{ last_seq: number | string }>(
				tx,
				sql`select last_seq from relay_cursor where id = 1 for update skip locked`
			);
			if (!cursor) return 0; // another node is relaying
			const last = Number(cursor.last_seq);
			const batch = await readOutbox(tx, last, { limit: batchSize });
			const skip = superseded(batch);
			batch.forEach(({ rooms, ...envelope }, i) => {
				if (skip.has(i)) return;
				// Sockets that fell behind get nothing live until they drain, then `sync` (io.ts).
				ctx.io
					.to(rooms)
					.except(room.lagging)
					.emit(envelope.event, envelope as never);
			});
			const newest = batch.at(-1)?.seq ?? last;
			if (newest !== last) {
				await tx.execute(sql`update relay_cursor set last_seq = ${newest} where id = 1`);
			}
			relayedThrough = newest;
			return batch.length;
		});
	}

	const loop = createPollLoop({
		name: 'relay',
		intervalMs,
		log: ctx.log,
		async tick() {
			const sent = await tick();
			settleWaiters();
			if (Date.now() - lastTrim > trimEveryMs) {
				lastTrim = Date.now();
				const trimmed = await trimOutbox(ctx.db, ctx.env.OUTBOX_RETENTION_HOURS);
				if (trimmed > 0) ctx.log(`[relay] trimmed ${trimmed} outbox rows`);
				// Housekeeping rides on the same slow clock: keys live IDEMPOTENCY_RETENTION_HOURS (the crew sync contract
				// promises at least 24 h), expired sessions go.
				await purgeIdempotencyKeys(ctx.db, ctx.env.IDEMPOTENCY_RETENTION_HOURS);
				await purgeExpiredSessions(ctx.db);
			}
			return sent === batchSize;
		}
	});

	function settleWaiters(): void {
		for (let i = waiters.length - 1; i >= 0; i--) {
			const w = waiters[i];
			if (w && w.seq <= relayedThrough) {
				waiters.splice(i, 1);
				w.resolve();
			}
		}
	}

	return {
		name: 'relay',
		async start() {
			await ctx.db.execute(
				sql`insert into relay_cursor (id, last_seq) values (1, 0) on conflict (id) do nothing`
			);
			loop.start();
		},
		stop: () => loop.stop(),
		nudge: () => loop.nudge(),
		async drained() {
			const [r] = await rows<{ newest: number | string | null }>(
				ctx.db,
				sql`select max(seq) as newest from outbox`
			);
			const seq = Number(r?.newest ?? 0);
			if (seq <= relayedThrough) return;
			await new Promise<void>((resolve) => {
				waiters.push({ seq, resolve });
				this.nudge();
			});
		}
	};
}

/** Facts that carry the whole state of one record: a later one makes an earlier one redundant. */
const stateFacts = new Set<FactName>(['job:updated', 'crew:updated']);

/**
 * Indexes of rows in a relay batch that a later row of the same batch supersedes: a newer full
 * state of the same job or crew, for the same rooms. Coalescing them per tick means a burst
 * (a relay catching up, a crew sending positions) broadcasts each record once; clients apply
 * states by version, and `sync` still returns every row from the outbox.
 */
export function superseded(batch: readonly (Envelope & { rooms: string[] })[]): Set<number> {
	const skip = new Set<number>();
	const seen = new Set<string>();
	for (let i = batch.length - 1; i >= 0; i--) {
		const row = batch[i]!;
		if (!stateFacts.has(row.event)) continue;
		const key = `${row.event} ${(row.data as { id: number }).id} ${[...row.rooms].sort().join(',')}`;
		if (seen.has(key)) skip.add(i);
		else seen.add(key);
	}
	return skip;
}
