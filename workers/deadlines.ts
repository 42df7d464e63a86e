import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../src/lib/server/db/client.ts';
import { publish } from '../src/lib/server/realtime/outbox.ts';
import { appendJobEvent, jobRooms, loadJob } from '../src/lib/server/jobs/repository.ts';
import { withoutReporter } from '../src/lib/server/jobs/service.ts';
import { room } from '../src/lib/contracts/events.ts';
import { isTerminal } from '../src/lib/domain/workflow.ts';
import type { Worker, WorkerContext } from './types.ts';
import { createPollLoop } from './poll-loop.ts';

/** The deadline timers, plus `nudge()` for a writer that just armed one in the past. */
export interface DeadlineWorker extends Worker {
	nudge(): void;
	/** Fires every due timer now; returns how many fired (tests, and the loop itself). */
	fireDue(): Promise<number>;
}

/**
 * Fires durable deadline timers (rows in job_timers). Each due row is claimed with
 * FOR UPDATE SKIP LOCKED and marked fired in the same transaction as its effects, so a timer
 * fires exactly once however many nodes run this, and a restarted node picks up what came due
 * while it was down. A breach raises the job's escalation level and notifies supervisors.
 */
export function createDeadlineWorker(
	ctx: WorkerContext & { relay: { nudge(): void } },
	options: { intervalMs?: number; batchSize?: number } = {}
): DeadlineWorker {
	const intervalMs = options.intervalMs ?? 1000;
	const batchSize = options.batchSize ?? 100;

	async function fire(tx: Tx, jobId: number, kind: 'warn' | 'breach'): Promise<void> {
		const job = await loadJob(tx, jobId, { forUpdate: true });
		if (!job || isTerminal(job.status) || job.status === 'done') return;
		let escalationLevel = job.escalationLevel;
		if (kind === 'breach') {
			escalationLevel += 1;
			await tx.execute(sql`
				update jobs set escalation_level = ${escalationLevel}, version = version + 1,
				       updated_at = now() where id = ${jobId}`);
		}
		await appendJobEvent(tx, {
			jobId,
			type: kind === 'breach' ? 'deadline_breached' : 'deadline_warning',
			actorUserId: null,
			data: { deadlineAt: job.deadlineAt, escalationLevel }
		});
		const fact = { jobId, kind, escalationLevel, deadlineAt: job.deadlineAt };
		await publish(tx, 'job:deadline', jobRooms(job), fact);
		if (kind !== 'breach') return;
		const data = {
			categoryCode: job.categoryCode,
			agencyCode: job.agencyCode,
			deadlineAt: job.deadlineAt,
			escalationLevel
		};
		const [note] = await rows<{ id: number | string }>(
			tx,
			sql`insert into notifications (kind, role, job_id, data)
			    values ('deadline_breached', 'supervisor', ${jobId}, ${JSON.stringify(data)}::jsonb)
			    returning id`
		);
		await publish(tx, 'notification:created', [room.role('supervisor'), room.role('admin')], {
			id: Number(note!.id),
			kind: 'deadline_breached',
			jobId,
			data
		});
		const updated = (await loadJob(tx, jobId))!;
		await publish(tx, 'job:updated', jobRooms(updated), withoutReporter(updated));
	}

	async function fireDue(): Promise<number> {
		const fired = await ctx.db.transaction(async (tx) => {
			const due = await rows<{ job_id: number | string; kind: 'warn' | 'breach' }>(
				tx,
				sql`select job_id, kind from job_timers
				    where fired_at is null and fire_at <= now()
				    order by fire_at limit ${batchSize}
				    for update skip locked`
			);
			for (const t of due) {
				await tx.execute(sql`
					update job_timers set fired_at = now() where job_id = ${t.job_id} and kind = ${t.kind}`);
				await fire(tx as Tx, Number(t.job_id), t.kind);
			}
			return due.length;
		});
		if (fired > 0) ctx.relay.nudge();
		return fired;
	}

	const loop = createPollLoop({
		name: 'deadlines',
		intervalMs,
		log: ctx.log,
		tick: async () => (await fireDue()) === batchSize
	});

	return {
		name: 'deadlines',
		async start() {
			loop.start();
		},
		stop: () => loop.stop(),
		nudge: () => loop.nudge(),
		fireDue
	};
}
