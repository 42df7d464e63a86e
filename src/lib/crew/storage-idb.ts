import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CrewFix } from '../contracts/crew.ts';
import type { JobsSnapshot, OutboxChange, OutboxStorage } from './engine.ts';
import type { ActionDraft, Conflict, QueuedAction, QueuedFix, QueuedPhoto } from './outbox.ts';
import { newKey } from './keys.ts';

interface CrewDb extends DBSchema {
	/** deviceId, the last action sequence number, the jobs snapshot. */
	meta: { key: 'deviceId' | 'seq' | 'snapshot'; value: string | number | JobsSnapshot };
	actions: { key: string; value: QueuedAction; indexes: { seq: number } };
	fixes: { key: number; value: QueuedFix };
	photos: { key: string; value: QueuedPhoto };
	conflicts: { key: string; value: Conflict };
}

/**
 * The tablet's outbox and jobs cache in IndexedDB, one database per signed-in user: a shared
 * tablet never replays one crew member's actions under another's session, and each user's
 * device id (and so its sequence) is its own.
 */
export class IdbStorage implements OutboxStorage {
	readonly #db: IDBPDatabase<CrewDb>;

	private constructor(db: IDBPDatabase<CrewDb>) {
		this.#db = db;
	}

	/** Opens (or creates) the user's database. */
	static async open(userId: number): Promise<IdbStorage> {
		const db = await openDB<CrewDb>(`citydesk-crew-${userId}`, 1, {
			upgrade(database) {
				database.createObjectStore('meta');
				database
					.createObjectStore('actions', { keyPath: 'idempotencyKey' })
					.createIndex('seq', 'seq', {
						unique: true
					});
				database.createObjectStore('fixes', { keyPath: 'id', autoIncrement: true });
				database.createObjectStore('photos', { keyPath: 'key' });
				database.createObjectStore('conflicts', { keyPath: 'key' });
			},
			// Another tab upgrades: let it, this page reloads into the new version.
			blocking() {
				db.close();
			}
		});
		return new IdbStorage(db);
	}

	async deviceId(): Promise<string> {
		const tx = this.#db.transaction('meta', 'readwrite');
		let id = await tx.store.get('deviceId');
		if (typeof id !== 'string') {
			id = newKey();
			await tx.store.put(id, 'deviceId');
		}
		await tx.done;
		return id;
	}

	async appendAction(draft: ActionDraft): Promise<QueuedAction> {
		// One transaction: the number and the entry are stored together or not at all.
		const tx = this.#db.transaction(['meta', 'actions'], 'readwrite');
		const last = await tx.objectStore('meta').get('seq');
		const seq = (typeof last === 'number' ? last : 0) + 1;
		const action: QueuedAction = { ...draft, seq };
		await tx.objectStore('meta').put(seq, 'seq');
		await tx.objectStore('actions').add(action);
		await tx.done;
		return action;
	}

	async appendFix(fix: CrewFix): Promise<QueuedFix> {
		const id = await this.#db.add('fixes', fix as QueuedFix);
		return { ...fix, id };
	}

	async appendPhoto(photo: QueuedPhoto): Promise<void> {
		await this.#db.put('photos', photo);
	}

	async actions(): Promise<QueuedAction[]> {
		return this.#db.getAllFromIndex('actions', 'seq');
	}

	async fixes(limit: number): Promise<QueuedFix[]> {
		return this.#db.getAll('fixes', undefined, limit);
	}

	async fixCount(): Promise<number> {
		return this.#db.count('fixes');
	}

	async photos(): Promise<QueuedPhoto[]> {
		return this.#db.getAll('photos');
	}

	async conflicts(): Promise<Conflict[]> {
		return this.#db.getAll('conflicts');
	}

	async change(change: OutboxChange): Promise<void> {
		const tx = this.#db.transaction(['actions', 'fixes', 'photos', 'conflicts'], 'readwrite');
		const work: Promise<unknown>[] = [];
		for (const key of change.removeActions ?? []) work.push(tx.objectStore('actions').delete(key));
		for (const id of change.removeFixes ?? []) work.push(tx.objectStore('fixes').delete(id));
		for (const key of change.removePhotos ?? []) work.push(tx.objectStore('photos').delete(key));
		for (const c of change.addConflicts ?? []) work.push(tx.objectStore('conflicts').put(c));
		await Promise.all([...work, tx.done]);
	}

	async dismissConflict(key: string): Promise<void> {
		await this.#db.delete('conflicts', key);
	}

	async loadSnapshot(): Promise<JobsSnapshot | null> {
		const value = await this.#db.get('meta', 'snapshot');
		return value && typeof value === 'object' ? value : null;
	}

	async saveSnapshot(snapshot: JobsSnapshot): Promise<void> {
		await this.#db.put('meta', snapshot, 'snapshot');
	}
}
