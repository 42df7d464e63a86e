/* eslint-disable svelte/prefer-svelte-reactivity -- plain values (timestamps, sets replaced whole into $state.raw), never mutated in place */
import type { CrewJobDto, CrewJobsResponse, PhotoDto } from '$lib/contracts/crew';
import { crewActionSchema } from '$lib/contracts/crew';
import type { JobDto } from '$lib/contracts/jobs';
import type { JobStatus } from '$lib/domain/workflow';
import type { ServerClock } from '$lib/dispatch/clock.svelte';
import {
	flush,
	transient,
	type Failure,
	type JobsSnapshot,
	type OutboxStorage,
	type Transport
} from './engine.ts';
import { applyJobUpdate, mergeSnapshot, viewJobs } from './jobs.ts';
import { newKey } from './keys.ts';
import { retryDelay, type Conflict, type QueuedAction, type QueuedPhoto } from './outbox.ts';
import type { DeviceFix } from './throttle.ts';
import { fetchCrewJobs, fetchFinishedJob } from './transport.ts';

/** Until the server's settings arrive (CREW_POSITION_* defaults). */
export const defaultSettings: CrewJobsResponse['settings'] = {
	positionIntervalSec: 15,
	positionMinMeters: 50,
	photoMaxBytes: 5 * 1024 * 1024
};

/** How often the tablet looks at its outbox even when nothing told it to. */
const PERIODIC_MS = 30_000;

/** What the page hears about, to announce and show. */
export interface TabletEvents {
	/** Entries the server acknowledged in one flush (actions and photos). */
	onSynced?: (count: number) => void;
	onConflicts?: (conflicts: Conflict[]) => void;
	/** A job newly assigned to the crew arrived live. */
	onNewJob?: (job: CrewJobDto) => void;
	/** A job left the crew (reassigned, handed back, cancelled away). */
	onJobLeft?: (jobId: number) => void;
}

/**
 * The crew tablet's state: the jobs (cached on the device, refreshed from the server), the
 * outbox (actions, fixes, photos, conflicts) and its replay. Every action is written to the
 * outbox before anything else happens; the list shows it at once (optimistically) and marks it
 * pending until the server acknowledges it. Replays run one at a time: on `online`, on the
 * socket's reconnect, after each new entry, periodically, and with backoff after a failure.
 */
export class CrewTablet {
	jobs = $state.raw<CrewJobDto[]>([]);
	crew = $state.raw<CrewJobsResponse['crew'] | null>(null);
	settings = $state.raw<CrewJobsResponse['settings']>(defaultSettings);
	pending = $state.raw<QueuedAction[]>([]);
	photos = $state.raw<QueuedPhoto[]>([]);
	fixesPending = $state(0);
	conflicts = $state.raw<Conflict[]>([]);
	/** The browser's own idea of the network (`navigator.onLine` and its events). */
	online = $state(true);
	syncing = $state(false);
	/** The last replay's failure, until one succeeds. */
	failure = $state.raw<Failure | null>(null);
	/** When the next retry runs after a failure (ms, device clock), or null. */
	retryAt = $state<number | null>(null);
	/** When the jobs shown were fetched from the server (ms, server clock), or null. */
	fetchedAt = $state<number | null>(null);
	/** Jobs are showing (from the device or the server). */
	loaded = $state(false);
	/** Jobs assigned while the tablet was open that the crew has not opened yet. */
	unseen = $state.raw<ReadonlySet<number>>(new Set());

	readonly views = $derived(viewJobs(this.jobs, this.pending));
	/** Actions and photos waiting for the server: what "N pending" counts. */
	readonly pendingCount = $derived(this.pending.length + this.photos.length);

	readonly #storage: OutboxStorage;
	readonly #transport: Transport;
	readonly #clock: ServerClock;
	readonly #crewId: number;
	readonly #lockName: string;
	readonly #events: TabletEvents;
	#failures = 0;
	#again = false;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#periodic: ReturnType<typeof setInterval> | undefined;
	#refreshing: Promise<void> | null = null;
	#flushing: Promise<void> | null = null;
	#refreshAgain = false;
	#stopped = false;

	constructor(options: {
		storage: OutboxStorage;
		transport: Transport;
		clock: ServerClock;
		crewId: number;
		userId: number;
		events?: TabletEvents;
	}) {
		this.#storage = options.storage;
		this.#transport = options.transport;
		this.#clock = options.clock;
		this.#crewId = options.crewId;
		this.#lockName = `citydesk-crew-outbox-${options.userId}`;
		this.#events = options.events ?? {};
	}

	/** Shows what the device holds, then goes to the server; returns the stop. */
	start(): () => void {
		this.online = navigator.onLine;
		const goOnline = () => {
			this.online = true;
			this.sync();
			void this.refresh();
		};
		const goOffline = () => (this.online = false);
		window.addEventListener('online', goOnline);
		window.addEventListener('offline', goOffline);
		this.#periodic = setInterval(() => {
			if (this.retryAt === null && (this.pendingCount > 0 || this.fixesPending > 0)) this.sync();
		}, PERIODIC_MS);
		void (async () => {
			const snapshot = await this.#storage.loadSnapshot();
			if (snapshot && !this.#stopped && this.fetchedAt === null) this.#show(snapshot);
			await this.#reloadOutbox();
			this.loaded = this.loaded || snapshot !== null;
			if (this.online) {
				await this.refresh();
				this.sync();
			}
		})();
		return () => {
			this.#stopped = true;
			window.removeEventListener('online', goOnline);
			window.removeEventListener('offline', goOffline);
			clearInterval(this.#periodic);
			clearTimeout(this.#retryTimer);
		};
	}

	/**
	 * Stops starting new requests and waits for those under way: before signing out, so that no
	 * request races the end of the session. What is queued stays queued.
	 */
	async quiesce(): Promise<void> {
		this.#stopped = true;
		clearInterval(this.#periodic);
		clearTimeout(this.#retryTimer);
		await Promise.allSettled([this.#flushing, this.#refreshing]);
	}

	/** The live connection came (back): catch up on both sides. */
	reconnected(): void {
		this.online = navigator.onLine;
		void this.#clock.measure();
		void this.refresh();
		this.sync();
	}

	/**
	 * Records a crew action: outbox first, then the screen; photos (already scaled) wait in the
	 * outbox behind the action and upload once it is acknowledged.
	 */
	async act(
		jobId: number,
		to: QueuedAction['to'],
		note?: string,
		photos: { photo: Blob; thumbnail: Blob }[] = []
	): Promise<QueuedAction> {
		const now = new Date().toISOString();
		const draft = {
			idempotencyKey: newKey(),
			jobId,
			to,
			...(note?.trim() ? { note: note.trim() } : {}),
			at: now,
			queuedAt: now
		};
		// The same schema the server applies: a malformed action never enters the outbox.
		const { queuedAt: _queuedAt, ...wire } = draft;
		crewActionSchema.parse({ ...wire, seq: 1 });
		const action = await this.#storage.appendAction(draft);
		for (const p of photos) {
			await this.#storage.appendPhoto({
				key: newKey(),
				jobId,
				afterKey: action.idempotencyKey,
				photo: p.photo,
				thumbnail: p.thumbnail,
				queuedAt: new Date().toISOString()
			});
		}
		await this.#reloadOutbox();
		this.sync();
		return action;
	}

	/** Queues a position fix (already throttled), with the device's timestamp. */
	async addFix(fix: DeviceFix): Promise<void> {
		await this.#storage.appendFix({
			lon: round6(fix.lon),
			lat: round6(fix.lat),
			at: new Date(fix.atMs).toISOString(),
			...(fix.heading !== undefined && Number.isFinite(fix.heading)
				? { heading: fix.heading }
				: {}),
			...(fix.accuracy !== undefined && Number.isFinite(fix.accuracy)
				? { accuracy: Math.min(100_000, fix.accuracy) }
				: {})
		});
		this.fixesPending = await this.#storage.fixCount();
		this.sync();
	}

	/** The crew has read a conflict. */
	async dismiss(key: string): Promise<void> {
		await this.#storage.dismissConflict(key);
		this.conflicts = await this.#storage.conflicts();
	}

	/** The crew opened a job: it is no longer new. */
	seen(jobId: number): void {
		if (!this.unseen.has(jobId)) return;
		const next = new Set(this.unseen);
		next.delete(jobId);
		this.unseen = next;
	}

	/** A `job:updated` from the crew's room. */
	apply(update: JobDto): void {
		const before = this.jobs.some((j) => j.id === update.id);
		const r = applyJobUpdate(this.jobs, update, this.#crewId);
		if (!r.changed) return;
		this.jobs = r.jobs;
		if (r.isNew) {
			this.unseen = new Set([...this.unseen, update.id]);
			const added = r.jobs.find((j) => j.id === update.id);
			if (added) this.#events.onNewJob?.(added);
		} else if (before && !r.jobs.some((j) => j.id === update.id)) {
			this.#events.onJobLeft?.(update.id);
		}
		void this.#persist();
		if (r.refetch) void this.refresh();
	}

	/**
	 * Fetches the crew's jobs; keeps the device copy when offline. Calls made while one runs
	 * are folded into one more run after it.
	 */
	refresh(): Promise<void> {
		if (this.#refreshing) {
			this.#refreshAgain = true;
			return this.#refreshing;
		}
		this.#refreshing = (async () => {
			do {
				this.#refreshAgain = false;
				if (!navigator.onLine || this.#stopped) break;
				const sent = Date.now();
				const r = await fetchCrewJobs();
				const received = Date.now();
				if (!r.ok || this.#stopped) break;
				const server = Date.parse(r.data.serverTime);
				const offset = Number.isFinite(server)
					? server - (sent + received) / 2
					: this.#clock.offset;
				this.#clock.offset = offset;
				this.#clock.now = this.#clock.serverNow();
				const merged = mergeSnapshot(r.data.jobs, this.jobs, this.pending, this.#clock.serverNow());
				// Finished work the server no longer lists: its final history and photos, once.
				for (const job of merged.finish) {
					const final = await fetchFinishedJob(job);
					const i = merged.jobs.findIndex((j) => j.id === job.id);
					if (final.ok && final.data.status === 'done' && final.data.crewId === this.#crewId) {
						merged.jobs[i] = final.data;
					} else if (!final.ok && (final.status === 403 || final.status === 404)) {
						merged.jobs.splice(i, 1);
						merged.gone.push(job.id);
					}
				}
				if (this.#stopped) break;
				const snapshot: JobsSnapshot = { ...r.data, jobs: merged.jobs, clockOffsetMs: offset };
				this.#show(snapshot);
				for (const id of merged.gone) this.#events.onJobLeft?.(id);
				await this.#storage.saveSnapshot($state.snapshot(snapshot));
			} while (this.#refreshAgain);
		})().finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	/** Replays the outbox now (or right after the replay that is running). */
	sync(): void {
		if (this.#stopped) return;
		if (this.syncing) {
			this.#again = true;
			return;
		}
		if (!navigator.onLine) {
			this.online = false;
			return;
		}
		clearTimeout(this.#retryTimer);
		this.retryAt = null;
		this.syncing = true;
		this.#flushing = this.#runExclusive(() => flush(this.#storage, this.#transport))
			.then(async (result) => {
				await this.#reloadOutbox();
				for (const s of result.settlements) {
					for (const job of s.jobs) this.apply(job);
					for (const id of s.lostJobIds) {
						if (this.jobs.some((j) => j.id === id)) {
							this.jobs = this.jobs.filter((j) => j.id !== id);
							this.#events.onJobLeft?.(id);
						}
					}
				}
				for (const photo of result.photos) this.#addPhoto(photo);
				const acknowledged =
					result.settlements.reduce((n, s) => n + s.acknowledged.length, 0) + result.photosUploaded;
				if (acknowledged > 0) this.#events.onSynced?.(acknowledged);
				if (result.conflicts.length > 0) this.#events.onConflicts?.(result.conflicts);
				if (result.settlements.length > 0 || result.photosUploaded > 0) void this.refresh();
				this.failure = result.failure;
				if (result.failure) this.#retryLater(result.failure);
				else this.#failures = 0;
			})
			.catch((err: unknown) => {
				// Storage trouble (quota, a closed database): keep everything and try again later.
				const failure: Failure = {
					ok: false,
					status: 0,
					code: 'storage',
					message: err instanceof Error ? err.message : String(err)
				};
				this.failure = failure;
				this.#retryLater(failure);
			})
			.finally(() => {
				this.syncing = false;
				this.#flushing = null;
				if (this.#again) {
					this.#again = false;
					this.sync();
				}
			});
	}

	/** The status a job shows for the crew's own next step, for messages. */
	statusOf(jobId: number): JobStatus | null {
		return this.views.find((v) => v.job.id === jobId)?.status ?? null;
	}

	#retryLater(failure: Failure): void {
		// Signed out: retrying cannot help until the crew signs in again.
		if (failure.status === 401) return;
		if (!transient(failure) && failure.status !== 403 && failure.status !== 404) return;
		this.#failures++;
		const wait = retryDelay(this.#failures, Math.random());
		this.retryAt = Date.now() + wait;
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => {
			this.retryAt = null;
			this.sync();
		}, wait);
	}

	/** Another tab of the same crew member replays the same outbox: one at a time. */
	async #runExclusive<T>(fn: () => Promise<T>): Promise<T> {
		if (typeof navigator !== 'undefined' && navigator.locks) {
			return navigator.locks.request(this.#lockName, fn);
		}
		return fn();
	}

	/** A photo the server stored: on its job at once, before the next refresh. */
	#addPhoto(photo: PhotoDto): void {
		const i = this.jobs.findIndex((j) => j.id === photo.jobId);
		const job = this.jobs[i];
		if (!job || job.photos.some((p) => p.id === photo.id)) return;
		const { id, contentType, sizeBytes, createdAt } = photo;
		const next = [...this.jobs];
		next[i] = { ...job, photos: [...job.photos, { id, contentType, sizeBytes, createdAt }] };
		this.jobs = next;
		void this.#persist();
	}

	#show(snapshot: JobsSnapshot): void {
		this.crew = snapshot.crew;
		this.settings = snapshot.settings;
		this.jobs = snapshot.jobs;
		this.#clock.offset = snapshot.clockOffsetMs;
		this.#clock.now = this.#clock.serverNow();
		this.fetchedAt = Date.parse(snapshot.serverTime);
		this.loaded = true;
	}

	async #persist(): Promise<void> {
		if (!this.crew || this.fetchedAt === null) return;
		await this.#storage.saveSnapshot({
			crew: $state.snapshot(this.crew),
			settings: $state.snapshot(this.settings),
			jobs: $state.snapshot(this.jobs),
			serverTime: new Date(this.fetchedAt).toISOString(),
			clockOffsetMs: this.#clock.offset
		});
	}

	async #reloadOutbox(): Promise<void> {
		const [pending, photos, fixes, conflicts] = await Promise.all([
			this.#storage.actions(),
			this.#storage.photos(),
			this.#storage.fixCount(),
			this.#storage.conflicts()
		]);
		this.pending = pending.sort((a, b) => a.seq - b.seq);
		this.photos = photos;
		this.fixesPending = fixes;
		this.conflicts = conflicts.sort((a, b) => a.at.localeCompare(b.at));
	}
}

function round6(v: number): number {
	return Math.round(v * 1e6) / 1e6;
}
