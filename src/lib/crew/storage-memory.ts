import type { CrewFix } from '../contracts/crew.ts';
import type { JobsSnapshot, OutboxChange, OutboxStorage } from './engine.ts';
import type { ActionDraft, Conflict, QueuedAction, QueuedFix, QueuedPhoto } from './outbox.ts';

/**
 * The outbox in memory: for unit tests, and the fallback where IndexedDB is unavailable (some
 * private browsing modes); then nothing survives a reload, and the page says so.
 */
export class MemoryStorage implements OutboxStorage {
	#deviceId: string;
	#seq = 0;
	#fixId = 0;
	readonly #actions = new Map<string, QueuedAction>();
	readonly #fixes = new Map<number, QueuedFix>();
	readonly #photos = new Map<string, QueuedPhoto>();
	readonly #conflicts = new Map<string, Conflict>();
	#snapshot: JobsSnapshot | null = null;

	constructor(deviceId: string) {
		this.#deviceId = deviceId;
	}

	async deviceId(): Promise<string> {
		return this.#deviceId;
	}

	async appendAction(draft: ActionDraft): Promise<QueuedAction> {
		const action: QueuedAction = { ...draft, seq: ++this.#seq };
		this.#actions.set(action.idempotencyKey, action);
		return action;
	}

	async appendFix(fix: CrewFix): Promise<QueuedFix> {
		const queued: QueuedFix = { ...fix, id: ++this.#fixId };
		this.#fixes.set(queued.id, queued);
		return queued;
	}

	async appendPhoto(photo: QueuedPhoto): Promise<void> {
		this.#photos.set(photo.key, photo);
	}

	async actions(): Promise<QueuedAction[]> {
		return [...this.#actions.values()];
	}

	async fixes(limit: number): Promise<QueuedFix[]> {
		return [...this.#fixes.values()].sort((a, b) => a.id - b.id).slice(0, limit);
	}

	async fixCount(): Promise<number> {
		return this.#fixes.size;
	}

	async photos(): Promise<QueuedPhoto[]> {
		return [...this.#photos.values()];
	}

	async conflicts(): Promise<Conflict[]> {
		return [...this.#conflicts.values()];
	}

	async change(change: OutboxChange): Promise<void> {
		for (const key of change.removeActions ?? []) this.#actions.delete(key);
		for (const id of change.removeFixes ?? []) this.#fixes.delete(id);
		for (const key of change.removePhotos ?? []) this.#photos.delete(key);
		for (const c of change.addConflicts ?? []) this.#conflicts.set(c.key, c);
	}

	async dismissConflict(key: string): Promise<void> {
		this.#conflicts.delete(key);
	}

	async loadSnapshot(): Promise<JobsSnapshot | null> {
		return this.#snapshot;
	}

	async saveSnapshot(snapshot: JobsSnapshot): Promise<void> {
		this.#snapshot = snapshot;
	}
}
