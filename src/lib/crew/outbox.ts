import type { CrewAction, CrewFix, CrewSyncRequest, CrewSyncResponse } from '../contracts/crew.ts';
import type { JobDto } from '../contracts/jobs.ts';
import type { JobStatus } from '../domain/workflow.ts';

/*
 * The tablet's offline outbox (issue 4). Every action and position fix is stored on the device
 * first; `POST /api/crew/sync` replays them in order and the server applies each idempotency
 * key once. This module is the outbox's logic with no I/O: what goes into the next batch, and
 * what an answer settles. Storage (IndexedDB, or memory in tests) sits behind `OutboxStorage`.
 */

/** The most a batch carries (the sync schema's own limits). */
export const MAX_ACTIONS = 500;
export const MAX_FIXES = 5000;

/** An action waiting for the server; `seq` numbers the device's actions 1, 2, 3 … */
export interface QueuedAction extends CrewAction {
	/** When it was queued on the device (ISO); `at` is when the crew did it. */
	queuedAt: string;
}

/** A draft action before the storage numbers it. */
export type ActionDraft = Omit<QueuedAction, 'seq'>;

/** A position fix waiting for the server; `id` is the local key, in the order fixes arrived. */
export interface QueuedFix extends CrewFix {
	id: number;
}

/** A photo waiting to upload; it goes once the action it belongs to is no longer pending. */
export interface QueuedPhoto {
	/** The upload's idempotency key. */
	key: string;
	jobId: number;
	/** The idempotency key of the action it belongs to (done), or null. */
	afterKey: string | null;
	photo: Blob;
	thumbnail: Blob | null;
	queuedAt: string;
}

/** Something the server refused; kept until the crew acknowledges it. */
export interface Conflict {
	/** The refused action's (or photo's) idempotency key. */
	key: string;
	jobId: number;
	/** The status the crew asked for, or 'photo' for a refused upload. */
	to: JobStatus | 'photo';
	/** Machine-readable: illegal_transition, not_assigned, not_found, invalid_request … */
	code: string;
	/** The server's own words, shown when there is no plainer sentence for the code. */
	reason: string;
	/** The job's status as the server answered it, when it did. */
	jobStatus: JobStatus | null;
	at: string;
}

/** The next batch and the local ids of the fixes it carries. */
export interface Batch {
	request: CrewSyncRequest & {
		actions: CrewAction[];
		positions: CrewFix[];
	};
	keys: string[];
	fixIds: number[];
}

/**
 * The next batch: actions in device sequence order (whatever order storage returned them in),
 * and fixes in the order they were taken, up to the schema's limits. Null when nothing waits.
 */
export function planBatch(
	deviceId: string,
	actions: readonly QueuedAction[],
	fixes: readonly QueuedFix[]
): Batch | null {
	if (actions.length === 0 && fixes.length === 0) return null;
	const ordered = [...actions].sort((a, b) => a.seq - b.seq).slice(0, MAX_ACTIONS);
	const sentFixes = [...fixes].sort((a, b) => a.id - b.id).slice(0, MAX_FIXES);
	return {
		request: {
			deviceId,
			actions: ordered.map(toWireAction),
			positions: sentFixes.map(toWireFix)
		},
		keys: ordered.map((a) => a.idempotencyKey),
		fixIds: sentFixes.map((f) => f.id)
	};
}

function toWireAction(a: QueuedAction): CrewAction {
	return {
		idempotencyKey: a.idempotencyKey,
		seq: a.seq,
		jobId: a.jobId,
		to: a.to,
		...(a.note ? { note: a.note } : {}),
		at: a.at
	};
}

function toWireFix(f: QueuedFix): CrewFix {
	return {
		lon: f.lon,
		lat: f.lat,
		at: f.at,
		...(f.heading !== undefined ? { heading: f.heading } : {}),
		...(f.accuracy !== undefined ? { accuracy: f.accuracy } : {})
	};
}

/** What an answer settles: to delete, to keep for the crew, and what the server now holds. */
export interface Settlement {
	/** Actions the server applied or had already applied: done with. */
	acknowledged: string[];
	/** Actions the server refused: out of the outbox, into the crew's conflicts. */
	conflicts: Conflict[];
	/** Actions the answer did not mention: they stay, in order, for the next batch. */
	remaining: string[];
	/** Fixes the server received. */
	fixIds: number[];
	/** The jobs as the server answered them (the newest version per job). */
	jobs: JobDto[];
	/** Jobs the server says are not (or no longer) this crew's. */
	lostJobIds: number[];
}

/**
 * Settles a batch with the server's answer. `applied` and `duplicate` both acknowledge (a
 * duplicate is an action the server already holds: the first answer was lost). A `conflict` is
 * never dropped silently: it becomes a Conflict for the crew. Actions the answer does not name
 * stay pending; so does every fix of a batch that got no answer (the caller never settles then).
 */
export function settle(batch: Batch, response: CrewSyncResponse, now: string): Settlement {
	const sent = new Map(batch.request.actions.map((a) => [a.idempotencyKey, a]));
	const acknowledged: string[] = [];
	const conflicts: Conflict[] = [];
	const answered = new Set<string>();
	const jobs = new Map<number, JobDto>();
	const lost = new Set<number>();
	for (const r of response.results) {
		const action = sent.get(r.idempotencyKey);
		if (!action || answered.has(r.idempotencyKey)) continue;
		answered.add(r.idempotencyKey);
		if (r.job) {
			const known = jobs.get(r.job.id);
			if (!known || known.version <= r.job.version) jobs.set(r.job.id, r.job);
		}
		if (r.result === 'conflict') {
			conflicts.push({
				key: r.idempotencyKey,
				jobId: action.jobId,
				to: action.to,
				code: r.code,
				reason: r.reason,
				jobStatus: r.job?.status ?? null,
				at: now
			});
			if (r.code === 'not_assigned' || r.code === 'not_found') lost.add(action.jobId);
		} else {
			acknowledged.push(r.idempotencyKey);
		}
	}
	for (const job of jobs.values()) if (job.crewId === null) lost.add(job.id);
	return {
		acknowledged,
		conflicts,
		remaining: batch.keys.filter((k) => !answered.has(k)),
		fixIds: batch.fixIds,
		jobs: [...jobs.values()],
		lostJobIds: [...lost]
	};
}

/**
 * A batch the server rejected as a whole for one bad item (422 naming `actions.N…` or
 * `positions.N…`): that item leaves the outbox, the action as a conflict, so that one bad
 * entry never blocks the rest forever. Null when the field names no item.
 */
export function rejectItem(
	batch: Batch,
	field: string | undefined,
	code: string,
	reason: string,
	now: string
): { conflict: Conflict | null; key: string | null; fixId: number | null } | null {
	const match = /^(actions|positions)\.(\d+)(\.|$)/.exec(field ?? '');
	if (!match) return null;
	const index = Number(match[2]);
	if (match[1] === 'positions') {
		const fixId = batch.fixIds[index];
		return fixId === undefined ? null : { conflict: null, key: null, fixId };
	}
	const action = batch.request.actions[index];
	if (!action) return null;
	return {
		key: action.idempotencyKey,
		fixId: null,
		conflict: {
			key: action.idempotencyKey,
			jobId: action.jobId,
			to: action.to,
			code,
			reason,
			jobStatus: null,
			at: now
		}
	};
}

/**
 * Photos that may upload now: those whose action is no longer pending (acknowledged, or refused
 * — the server then decides about the photo on its own), in the order they were taken.
 */
export function uploadablePhotos(
	photos: readonly QueuedPhoto[],
	pendingKeys: ReadonlySet<string>
): QueuedPhoto[] {
	return photos
		.filter((p) => p.afterKey === null || !pendingKeys.has(p.afterKey))
		.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

/**
 * How long to wait before the next attempt after `failures` failed ones in a row: doubling from
 * `baseMs`, at most `maxMs`. `jitter` (0–1, e.g. Math.random()) spreads a fleet of tablets that
 * lost the network together, so they do not all come back in the same second.
 */
export function retryDelay(failures: number, jitter = 0.5, baseMs = 2000, maxMs = 60_000): number {
	if (failures <= 0) return 0;
	const plain = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 20));
	return Math.round(plain * (0.75 + 0.5 * Math.min(1, Math.max(0, jitter))));
}
