import { sql } from 'drizzle-orm';
import { rows, type Queryable, type Tx } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';
import type { ApiErrorBody } from '../../contracts/errors.ts';
import type {
	CrewAction,
	CrewActionResult,
	CrewFix,
	CrewSyncResponse
} from '../../contracts/crew.ts';
import type { JobDto } from '../../contracts/jobs.ts';
import { ApiError } from '../http/api.ts';
import { once } from '../http/idempotency.ts';
import { commit } from '../realtime/outbox.ts';
import { loadJob } from '../jobs/repository.ts';
import { transitionJob, withoutReporter } from '../jobs/service.ts';
import { reportPosition } from './service.ts';

type Ctx = Parameters<typeof commit>[0];

/**
 * Replays a tablet's outbox: actions in device order, each in its own transaction and applied
 * once per idempotency key (a repeat answers `duplicate`, a refusal answers the same `conflict`
 * every time), then the newest of the position fixes.
 *
 * Before anything is applied the whole batch is checked: an action on a job that was never
 * assigned to the caller's crew is not a conflict of a bad connection but a forbidden request,
 * and the batch is refused with 403 without writing anything.
 */
export async function syncCrewDevice(
	ctx: Ctx,
	user: SessionUser,
	request: { deviceId: string; actions: CrewAction[]; positions: CrewFix[] }
): Promise<CrewSyncResponse> {
	const crewId = user.crewId;
	if (user.role !== 'crew' || crewId === null) {
		throw new ApiError(403, 'forbidden', 'only a crew account syncs a crew tablet');
	}
	const actions = [...request.actions].sort((a, b) => a.seq - b.seq);
	const seqs = new Set(actions.map((a) => a.seq));
	if (seqs.size !== actions.length) {
		throw new ApiError(422, 'invalid_request', 'actions: two actions share one seq', 'actions');
	}
	// Checked before anything is applied, so a refused batch writes nothing.
	const future = request.positions.findIndex((p) => Date.parse(p.at) > Date.now() + 5 * 60_000);
	if (future >= 0) {
		throw new ApiError(
			422,
			'invalid_request',
			`positions.${future}.at: a position from the future (check the device clock)`,
			`positions.${future}.at`
		);
	}
	await assertEverAssigned(
		ctx.db,
		crewId,
		actions.map((a) => a.jobId)
	);
	const results: CrewActionResult[] = [];
	for (const action of actions)
		results.push(await applyAction(ctx, user, request.deviceId, action));

	// One transaction for the device's heartbeat and its newest position: a tablet that only
	// reports where it is costs one commit.
	const { positions, lastSeq } = await commit(ctx, async (tx) => {
		const lastSeq = await touchDevice(tx, request.deviceId, crewId, user.id, 0);
		return { positions: await applyNewestPosition(tx, user, crewId, request.positions), lastSeq };
	});
	return {
		deviceId: request.deviceId,
		results,
		positions,
		lastSeq,
		serverTime: new Date().toISOString()
	};
}

/** Refuses (403) a batch touching a job this crew was never assigned. */
async function assertEverAssigned(q: Queryable, crewId: number, jobIds: number[]): Promise<void> {
	if (jobIds.length === 0) return;
	const unique = [...new Set(jobIds)];
	const known = await rows<{ id: number | string }>(
		q,
		sql`select j.id from jobs j
		    where j.id = any(${sql.param(unique)}::bigint[])
		      and (j.crew_id = ${crewId} or exists (
		            select 1 from job_events e
		            where e.job_id = j.id and e.type = 'assigned'
		              and (e.data->>'crewId')::int = ${crewId}))`
	);
	const allowed = new Set(known.map((r) => Number(r.id)));
	const foreign = unique.filter((id) => !allowed.has(id));
	if (foreign.length > 0) {
		throw new ApiError(
			403,
			'forbidden',
			`actions: job ${foreign.join(', ')} was never assigned to your crew`,
			'actions'
		);
	}
}

/**
 * Records the device as seen, bound to the crew (a tablet may change hands between shifts), and
 * raises its highest applied sequence number.
 */
async function touchDevice(
	tx: Tx,
	deviceId: string,
	crewId: number,
	userId: number,
	seq: number
): Promise<number> {
	const [device] = await rows<{ last_seq: number | string }>(
		tx,
		sql`
		insert into crew_devices (device_id, crew_id, user_id, last_seq, last_seen_at)
		values (${deviceId}, ${crewId}, ${userId}, ${seq}, now())
		on conflict (device_id) do update
		set crew_id = excluded.crew_id, user_id = excluded.user_id, last_seen_at = now(),
		    last_seq = greatest(crew_devices.last_seq, excluded.last_seq)
		returning last_seq`
	);
	return Number(device!.last_seq);
}

async function applyAction(
	ctx: Ctx,
	user: SessionUser,
	deviceId: string,
	action: CrewAction
): Promise<CrewActionResult> {
	const { idempotencyKey, seq } = action;
	const stored = await commit(ctx, async (tx) => {
		const result = await once(tx, user.id, `crew:${idempotencyKey}`, (sp) =>
			transitionJob(sp, user, action.jobId, {
				to: action.to,
				note: action.note,
				at: new Date(action.at),
				via: { deviceId, seq }
			})
		);
		await touchDevice(tx, deviceId, user.crewId!, user.id, seq);
		return result;
	});
	if (stored.status < 300) {
		const job = stored.body as JobDto;
		return stored.replayed
			? { idempotencyKey, seq, result: 'duplicate', job: await currentJob(ctx.db, action.jobId) }
			: { idempotencyKey, seq, result: 'applied', job: withoutReporter(job) };
	}
	const { error } = stored.body as ApiErrorBody;
	return {
		idempotencyKey,
		seq,
		result: 'conflict',
		code: error.code === 'forbidden' ? 'not_assigned' : error.code,
		reason: error.message,
		job: await currentJob(ctx.db, action.jobId)
	};
}

/** The job as it is now, for the tablet to show beside a conflict (null when it is not ours). */
async function currentJob(q: Queryable, jobId: number): Promise<JobDto | null> {
	return loadJob(q, jobId);
}

/**
 * Position fixes gathered offline arrive together; the live map only needs the newest, and a
 * fix older than the stored one is ignored by the repository anyway.
 */
async function applyNewestPosition(
	tx: Tx,
	user: SessionUser,
	crewId: number,
	fixes: CrewFix[]
): Promise<{ received: number; applied: number }> {
	if (fixes.length === 0) return { received: 0, applied: 0 };
	const newest = fixes.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
	const { applied } = await reportPosition(tx, user, crewId, {
		lon: newest.lon,
		lat: newest.lat,
		heading: newest.heading,
		at: new Date(newest.at)
	});
	return { received: fixes.length, applied: applied ? 1 : 0 };
}
