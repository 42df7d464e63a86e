import { sql } from 'drizzle-orm';
import type { QueueStats } from '../src/lib/contracts/queue.ts';
import { room } from '../src/lib/contracts/events.ts';
import { rows } from '../src/lib/server/db/client.ts';
import type { CityDeskSocket } from '../src/lib/server/realtime/io.ts';
import { QueueEngine, type EngineChange } from '../src/lib/server/queue/engine.ts';
import { firstSeqSince, purgeInbox, readInbox } from '../src/lib/server/queue/inbox.ts';
import { persistChanges } from '../src/lib/server/queue/records.ts';
import { computeQueueStats, queueSettings, WINDOW_MIN } from '../src/lib/server/queue/stats.ts';
import { replayFrom, startOfTaipeiDay } from '../src/lib/server/queue/time.ts';
import { createPollLoop } from './poll-loop.ts';
import type { Worker, WorkerContext } from './types.ts';

export interface QueueWorkerOptions {
	/** Inbox poll interval when nothing nudges the worker. */
	intervalMs?: number;
	batchSize?: number;
	/** Wallboard sockets get figures at least this often … */
	heartbeatMs?: number;
	/** … and within this long of a change, but never more often. */
	minGapMs?: number;
	/** Replay starts this many hours before today's midnight (Asia/Taipei). */
	lookbackHours?: number;
	/** Inbox rows are kept this long (then purged by the leader). */
	retentionHours?: number;
	housekeepingEveryMs?: number;
	/** The clock (tests). */
	now?: () => number;
}

/** This node's replica of the call queue, plus what request handlers and tests need. */
export interface QueueWorker extends Worker {
	/** The figures now, from this node's replica. */
	stats(): QueueStats;
	/** Skips the wait: a source in this process has just appended events. */
	nudge(): void;
	/** Applies everything committed to the inbox so far, and persists it when leading (tests). */
	catchUp(): Promise<void>;
	/** The newest inbox sequence number this replica has applied. */
	appliedSeq(): number;
}

/**
 * The call-queue engine of one app node. Every node keeps its own replica of the engine by
 * reading the telephony inbox in sequence order (on start it replays today's events and the
 * hours before midnight, so a restart loses nothing) and sends `queue:stats` to its own sockets
 * in the wallboard room. Exactly one node at a time writes call records and agent state changes:
 * the one that claims the telephony_cursor row with FOR UPDATE SKIP LOCKED, in the same
 * transaction that moves the cursor, so each change is written once whichever node writes it.
 */
export function createQueueWorker(
	ctx: WorkerContext,
	options: QueueWorkerOptions = {}
): QueueWorker {
	const intervalMs = options.intervalMs ?? 250;
	const batchSize = options.batchSize ?? 1000;
	const heartbeatMs = options.heartbeatMs ?? 1000;
	const minGapMs = options.minGapMs ?? 200;
	const lookbackHours = options.lookbackHours ?? 12;
	const retentionHours = options.retentionHours ?? 48;
	const housekeepingEveryMs = options.housekeepingEveryMs ?? 10 * 60_000;
	const now = options.now ?? Date.now;
	const settings = queueSettings(ctx.env);

	const engine = new QueueEngine();
	let applied = 0;
	/** Changes not yet known to be persisted, tagged with the inbox row that caused them. */
	let pending: { seq: number; change: EngineChange }[] = [];
	let lastHousekeeping = 0;

	/** Reads and applies one batch; answers whether the batch was full. */
	async function applyBatch(): Promise<{ applied: number; full: boolean }> {
		const batch = await readInbox(ctx.db, applied, batchSize);
		for (const row of batch) {
			if (row.event) {
				for (const change of engine.apply(row.event, row.source)) {
					pending.push({ seq: row.seq, change });
				}
			} else {
				ctx.log(`[queue] inbox row ${row.seq} does not parse; skipped`);
			}
			applied = row.seq;
		}
		return { applied: batch.length, full: batch.length === batchSize };
	}

	/**
	 * The leader's step: claims the cursor, writes the changes after it and moves it to what this
	 * replica applied. A node that cannot claim it learns how far the leader got and drops those.
	 */
	async function persist(housekeeping: boolean): Promise<void> {
		const through = await ctx.db.transaction(async (tx) => {
			const [claimed] = await rows<{ last_seq: number | string }>(
				tx,
				sql`select last_seq from telephony_cursor where id = 1 for update skip locked`
			);
			if (!claimed) {
				const [seen] = await rows<{ last_seq: number | string }>(
					tx,
					sql`select last_seq from telephony_cursor where id = 1`
				);
				return Number(seen?.last_seq ?? 0);
			}
			const last = Number(claimed.last_seq);
			if (applied > last) {
				await persistChanges(
					tx,
					pending.filter((p) => p.seq > last).map((p) => p.change)
				);
				await tx.execute(sql`update telephony_cursor set last_seq = ${applied} where id = 1`);
			}
			if (housekeeping) {
				const purged = await purgeInbox(tx, retentionHours);
				if (purged > 0) ctx.log(`[queue] purged ${purged} inbox rows`);
			}
			return Math.max(last, applied);
		});
		pending = pending.filter((p) => p.seq > through);
	}

	async function tick(): Promise<boolean> {
		const { applied: count, full } = await applyBatch();
		const t = now();
		const housekeeping = t - lastHousekeeping >= housekeepingEveryMs;
		if (pending.length > 0 || housekeeping) await persist(housekeeping);
		if (housekeeping) {
			lastHousekeeping = t;
			engine.prune(
				Math.min(startOfTaipeiDay(t), t - WINDOW_MIN * 60_000),
				replayFrom(t, lookbackHours)
			);
		}
		if (count > 0) changed();
		return full;
	}

	const loop = createPollLoop({
		name: 'queue',
		intervalMs,
		tick: () => serial(tick),
		log: ctx.log
	});

	// Wallboard emission: a snapshot to each new socket, at least every `heartbeatMs`, and within
	// `minGapMs` of a change. Only to this node's sockets: every node has its own replica.
	let emitTimer: NodeJS.Timeout | undefined;
	let emitDue = Infinity;
	let lastEmit = 0;
	let running = false;

	const stats = () => computeQueueStats(engine, now(), settings);

	function emitNow(): void {
		emitTimer = undefined;
		emitDue = Infinity;
		if (!running) return;
		lastEmit = Date.now();
		const io = ctx.io;
		if (io && (io.of('/').adapter.rooms.get(room.wallboard)?.size ?? 0) > 0) {
			io.local.to(room.wallboard).emit('queue:stats', stats());
		}
		schedule(heartbeatMs);
	}

	function schedule(delayMs: number): void {
		const due = Date.now() + delayMs;
		if (!running || due >= emitDue) return;
		clearTimeout(emitTimer);
		emitDue = due;
		emitTimer = setTimeout(emitNow, delayMs);
	}

	function changed(): void {
		schedule(Math.max(0, lastEmit + minGapMs - Date.now()));
	}

	// io.ts has joined the socket to its rooms by the time this later listener runs.
	const onConnection = (socket: CityDeskSocket) => {
		if (socket.rooms.has(room.wallboard)) socket.emit('queue:stats', stats());
	};

	/** One round at a time: the loop and a test's catchUp() must not apply a batch twice. */
	let turn: Promise<unknown> = Promise.resolve();
	function serial<T>(work: () => Promise<T>): Promise<T> {
		const next = turn.then(work, work);
		turn = next.catch(() => undefined);
		return next;
	}

	const catchUp = () =>
		serial(async () => {
			while ((await applyBatch()).full) {
				/* read on */
			}
			if (pending.length > 0) await persist(false);
		});

	return {
		name: 'queue',
		async start() {
			await ctx.db.execute(
				sql`insert into telephony_cursor (id, last_seq) values (1, 0) on conflict (id) do nothing`
			);
			const [cursor] = await rows<{ last_seq: number | string }>(
				ctx.db,
				sql`select last_seq from telephony_cursor where id = 1`
			);
			// Replay today (and the evening before), and anything the leader has not persisted yet.
			const since = await firstSeqSince(ctx.db, new Date(replayFrom(now(), lookbackHours)));
			const unpersisted = Number(cursor?.last_seq ?? 0) + 1;
			applied = Math.min(since ?? unpersisted, unpersisted) - 1;
			const started = Date.now();
			await catchUp();
			ctx.log(`[queue] replayed the inbox through seq ${applied} in ${Date.now() - started} ms`);
			lastHousekeeping = now();
			running = true;
			ctx.io?.sockets.on('connection', onConnection);
			loop.start();
			schedule(heartbeatMs);
		},
		async stop() {
			running = false;
			clearTimeout(emitTimer);
			ctx.io?.sockets.off('connection', onConnection);
			await loop.stop();
		},
		stats,
		nudge: () => loop.nudge(),
		catchUp,
		appliedSeq: () => applied
	};
}
