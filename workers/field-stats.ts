import { sql } from 'drizzle-orm';
import { rows } from '../src/lib/server/db/client.ts';
import { fieldStats, sameFigures } from '../src/lib/server/field/stats.ts';
import { room } from '../src/lib/contracts/events.ts';
import type { FieldStats } from '../src/lib/contracts/field.ts';
import type { CityDeskIo } from '../src/lib/server/realtime/io.ts';
import type { Worker, WorkerContext } from './types.ts';
import { createPollLoop } from './poll-loop.ts';

export interface FieldStatsOptions {
	/** How often the outbox is checked for job changes: the figures' fastest pace. */
	intervalMs?: number;
	/** Figures are recomputed and sent at least this often, even with no job change. */
	refreshMs?: number;
}

export interface FieldStatsWorker extends Worker {
	/** Runs one round now (tests): checks, recomputes if due, sends if needed. */
	tick(): Promise<void>;
}

/**
 * Pushes `field:stats` to this node's wallboard sockets. Every app node runs one and emits only
 * to its own sockets (`io.local`), so several nodes behind a Redis adapter neither elect a
 * leader nor send each wallboard several copies.
 *
 * Why a small poll and not a push from the write path: "overdue" and "due within 1 h" change
 * with the clock when no job changes at all, so a timer is needed anyway; and the outbox already
 * says whether jobs changed, on every node, without touching the write path. Every `intervalMs`
 * (2 s) it looks for job facts committed since its last look (a primary-key range scan of a
 * few rows); if there are any, or `refreshMs` (10 s) has passed, it recomputes (one aggregate
 * over the open jobs) and sends when the figures changed, or as a heartbeat every `refreshMs`
 * so a wallboard can tell "unchanged" from "stale". No wallboard connected, no query.
 */
export function createFieldStatsWorker(
	ctx: WorkerContext & { io: CityDeskIo },
	options: FieldStatsOptions = {}
): FieldStatsWorker {
	const intervalMs = options.intervalMs ?? 2000;
	const refreshMs = options.refreshMs ?? 10_000;
	let seenSeq: number | null = null;
	let computedAt = 0;
	let sentAt = 0;
	let last: FieldStats | null = null;

	const watchers = () => ctx.io.sockets.adapter.rooms.get(room.wallboard)?.size ?? 0;

	/** Whether job or catalog facts were committed since the last look. */
	async function jobsChanged(): Promise<boolean> {
		if (seenSeq === null) {
			const [r] = await rows<{ newest: number | string | null }>(
				ctx.db,
				sql`select max(seq) as newest from outbox`
			);
			seenSeq = Number(r?.newest ?? 0);
			return true;
		}
		const [r] = await rows<{ newest: number | string | null; relevant: boolean | null }>(
			ctx.db,
			sql`select max(seq) as newest,
			           bool_or(event like 'job:%' or event = 'catalog:updated') as relevant
			    from outbox where seq > ${seenSeq}`
		);
		if (r?.newest !== null && r?.newest !== undefined) seenSeq = Number(r.newest);
		return r?.relevant === true;
	}

	async function round(): Promise<void> {
		if (watchers() === 0) {
			// The next wallboard gets fresh figures at once, and no long outbox range to read.
			last = null;
			seenSeq = null;
			return;
		}
		const changed = await jobsChanged();
		const now = Date.now();
		if (!changed && last && now - computedAt < refreshMs) return;
		const stats = await fieldStats(ctx.db, new Date(now));
		computedAt = now;
		if (last && sameFigures(last, stats) && now - sentAt < refreshMs) return;
		last = stats;
		sentAt = now;
		ctx.io.local.to(room.wallboard).emit('field:stats', stats);
	}

	const loop = createPollLoop({
		name: 'field-stats',
		intervalMs,
		log: ctx.log,
		async tick() {
			await round();
			return false;
		}
	});

	return {
		name: 'field-stats',
		async start() {
			loop.start();
		},
		stop: () => loop.stop(),
		tick: round
	};
}
