import { sql } from 'drizzle-orm';
import { rows } from '../src/lib/server/db/client.ts';
import { readOutbox, trimOutbox } from '../src/lib/server/realtime/outbox.ts';
import { purgeIdempotencyKeys } from '../src/lib/server/http/idempotency.ts';
import { purgeExpiredSessions } from '../src/lib/server/auth/sessions.ts';
import type { CityDeskIo } from '../src/lib/server/realtime/io.ts';
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
			for (const { rooms, ...envelope } of batch) {
				ctx.io.to(rooms).emit(envelope.event, envelope as never);
			}
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
