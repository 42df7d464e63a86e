import type {
	CrewFix,
	CrewJobsResponse,
	CrewSyncRequest,
	CrewSyncResponse,
	PhotoDto
} from '../contracts/crew.ts';
import {
	MAX_FIXES,
	planBatch,
	rejectItem,
	settle,
	uploadablePhotos,
	type ActionDraft,
	type Conflict,
	type QueuedAction,
	type QueuedFix,
	type QueuedPhoto,
	type Settlement
} from './outbox.ts';

/** What the tablet keeps on the device besides the outbox: the last jobs snapshot. */
export interface JobsSnapshot extends CrewJobsResponse {
	/** Server time − device time when the snapshot was taken, for countdowns offline. */
	clockOffsetMs: number;
}

/** One change to the outbox, written in one transaction. */
export interface OutboxChange {
	removeActions?: string[];
	removeFixes?: number[];
	removePhotos?: string[];
	addConflicts?: Conflict[];
}

/**
 * Where the outbox lives: IndexedDB on the tablet (storage-idb.ts), memory in tests and where
 * IndexedDB is unavailable (storage-memory.ts).
 */
export interface OutboxStorage {
	/** This device's id, made once and kept. */
	deviceId(): Promise<string>;
	/** Numbers the draft with the device's next sequence number and stores it, atomically. */
	appendAction(draft: ActionDraft): Promise<QueuedAction>;
	appendFix(fix: CrewFix): Promise<QueuedFix>;
	appendPhoto(photo: QueuedPhoto): Promise<void>;
	/** Pending actions (in any order; the batch orders them). */
	actions(): Promise<QueuedAction[]>;
	/** The oldest pending fixes, at most `limit`. */
	fixes(limit: number): Promise<QueuedFix[]>;
	fixCount(): Promise<number>;
	photos(): Promise<QueuedPhoto[]>;
	conflicts(): Promise<Conflict[]>;
	change(change: OutboxChange): Promise<void>;
	/** The crew has read a conflict: it may go. */
	dismissConflict(key: string): Promise<void>;
	loadSnapshot(): Promise<JobsSnapshot | null>;
	saveSnapshot(snapshot: JobsSnapshot): Promise<void>;
}

/** An HTTP failure: `status` 0 when the request never got an answer. */
export interface Failure {
	ok: false;
	status: number;
	code: string;
	message: string;
	field?: string;
}

export type SyncOutcome = { ok: true; response: CrewSyncResponse } | Failure;
export type UploadOutcome = { ok: true; photo: PhotoDto | null } | Failure;

/** How the outbox reaches the server (fetch in the browser, a fake in tests). */
export interface Transport {
	sync(request: CrewSyncRequest): Promise<SyncOutcome>;
	upload(photo: QueuedPhoto): Promise<UploadOutcome>;
}

/** The result of one flush. */
export interface FlushResult {
	settlements: Settlement[];
	/** Conflicts raised by this flush (actions, photos, rejected items). */
	conflicts: Conflict[];
	photosUploaded: number;
	/** The photos the server stored, as it answered them. */
	photos: PhotoDto[];
	/** Set when the flush stopped on a failure; what is left stays queued. */
	failure: Failure | null;
}

/** Whether a failed request may succeed later as it is (network, server trouble, throttling). */
export function transient(failure: Failure): boolean {
	return (
		failure.status === 0 ||
		failure.status === 408 ||
		failure.status === 429 ||
		failure.status >= 500
	);
}

/**
 * Replays the outbox: batches of actions (in device order) and fixes until nothing is left or a
 * request fails, then the photos whose actions are settled. Never loses an entry: it leaves the
 * outbox only when the server acknowledged it, or refused it for good (then as a Conflict).
 * One flush at a time per outbox: the caller serialises (CrewSync keeps a single flight).
 */
export async function flush(
	storage: OutboxStorage,
	transport: Transport,
	now: () => string = () => new Date().toISOString()
): Promise<FlushResult> {
	const result: FlushResult = {
		settlements: [],
		conflicts: [],
		photosUploaded: 0,
		photos: [],
		failure: null
	};
	const deviceId = await storage.deviceId();
	// After a whole batch was refused as forbidden, actions go one by one until the one at
	// fault is found: it becomes a conflict, and the crew's other work still goes through.
	let isolate = false;
	for (;;) {
		const actions = await storage.actions();
		const batch = isolate
			? planBatch(deviceId, actions.sort((a, b) => a.seq - b.seq).slice(0, 1), [])
			: planBatch(deviceId, actions, await storage.fixes(MAX_FIXES));
		if (!batch) break;
		const outcome = await transport.sync(batch.request);
		if (!outcome.ok) {
			const forbidden = outcome.status === 403 && outcome.field === 'actions';
			if (forbidden && batch.keys.length > 1) {
				isolate = true;
				continue;
			}
			const rejected =
				outcome.status === 422
					? rejectItem(batch, outcome.field, outcome.code, outcome.message, now())
					: forbidden && batch.keys.length === 1
						? rejectItem(batch, 'actions.0', 'not_assigned', outcome.message, now())
						: null;
			if (!rejected) {
				result.failure = outcome;
				return result;
			}
			isolate = false;
			await storage.change({
				removeActions: rejected.key ? [rejected.key] : [],
				removeFixes: rejected.fixId !== null ? [rejected.fixId] : [],
				addConflicts: rejected.conflict ? [rejected.conflict] : []
			});
			if (rejected.conflict) result.conflicts.push(rejected.conflict);
			continue;
		}
		const s = settle(batch, outcome.response, now());
		await storage.change({
			removeActions: [...s.acknowledged, ...s.conflicts.map((c) => c.key)],
			removeFixes: s.fixIds,
			addConflicts: s.conflicts
		});
		result.settlements.push(s);
		result.conflicts.push(...s.conflicts);
		// An answer that settled nothing would only repeat itself: try again later.
		const progressed = s.remaining.length < batch.keys.length || s.fixIds.length > 0;
		if (!progressed) {
			result.failure = {
				ok: false,
				status: 0,
				code: 'no_progress',
				message: 'the server answered none of the queued actions'
			};
			return result;
		}
	}

	const pending = new Set((await storage.actions()).map((a) => a.idempotencyKey));
	for (const photo of uploadablePhotos(await storage.photos(), pending)) {
		const outcome = await transport.upload(photo);
		if (outcome.ok) {
			await storage.change({ removePhotos: [photo.key] });
			result.photosUploaded++;
			if (outcome.photo) result.photos.push(outcome.photo);
			continue;
		}
		if (transient(outcome) || outcome.status === 401) {
			result.failure = outcome;
			return result;
		}
		const conflict: Conflict = {
			key: photo.key,
			jobId: photo.jobId,
			to: 'photo',
			code: outcome.code,
			reason: outcome.message,
			jobStatus: null,
			at: now()
		};
		await storage.change({ removePhotos: [photo.key], addConflicts: [conflict] });
		result.conflicts.push(conflict);
	}
	return result;
}
