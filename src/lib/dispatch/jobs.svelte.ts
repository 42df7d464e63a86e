/* eslint-disable svelte/prefer-svelte-reactivity -- thousands of jobs and crews live in plain Maps on purpose (svelte #11851); readers subscribe to `version` */
import type { DeadlineState, JobDto } from '$lib/contracts/jobs';
import type { JobStatus } from '$lib/domain/workflow';
import { FrameBatch } from './frame-batch.ts';
import { mercatorX, mercatorY } from './map-points.ts';

/** The statuses the console follows: filed and not yet done (city stages 1–3). */
export const openStatuses: readonly JobStatus[] = [
	'received',
	'awaiting_acceptance',
	'accepted',
	'dispatched',
	'en_route',
	'on_site'
];
const open = new Set<JobStatus>(openStatuses);

/** A job as the store keeps it: the DTO plus its instants parsed once, and its deadline state. */
export interface LiveJob {
	readonly job: JobDto;
	readonly deadlineMs: number;
	readonly warnMs: number;
	/** Web Mercator x and y (0–1) of its location, computed once for the map's grid. */
	readonly mx?: number;
	readonly my?: number;
	/** As of the last tick or change; open jobs only, so never 'stopped'. */
	state: Exclude<DeadlineState, 'stopped'>;
}

/** Due soon from `warnMs` on, overdue from `deadlineMs` on (both inclusive), as the domain rule. */
export function stateAt(now: number, warnMs: number, deadlineMs: number): LiveJob['state'] {
	if (now >= deadlineMs) return 'overdue';
	if (now >= warnMs) return 'due_soon';
	return 'on_time';
}

function nextCrossing(now: number, live: LiveJob): number {
	if (now < live.warnMs) return live.warnMs;
	if (now < live.deadlineMs) return live.deadlineMs;
	return Infinity;
}

/**
 * The open jobs, keyed by id in a plain Map: thousands of DTOs must not become deep reactive
 * proxies (svelte #11851). Readers subscribe to `version`, which bumps once per applied batch:
 * socket events are queued and applied together on the next animation frame. Versions guard
 * order: an event older than what the store holds (or than a job's removal) is dropped.
 */
export class JobStore {
	readonly byId = new Map<number, LiveJob>();
	/** Bumps once per applied batch or snapshot. */
	version = $state(0);
	/** Bumps whenever passing time moved some job to due soon or overdue. */
	stateEpoch = $state(0);
	/** Jobs that turned overdue while watched: passing time, or a change of deadline. */
	onOverdue: ((jobs: JobDto[]) => void) | undefined;
	/** Every job a batch changed or removed, after the batch is applied. */
	onApplied: ((jobs: JobDto[]) => void) | undefined;

	readonly #now: () => number;
	/** Versions of jobs that left the open set, so a late event cannot bring them back. */
	readonly #gone = new Map<number, number>();
	readonly #batch = new FrameBatch<JobDto>((jobs) => this.#apply(jobs));
	#nextCrossing = Infinity;

	/** `now` is the server's clock in ms. */
	constructor(now: () => number, snapshot: JobDto[] = []) {
		this.#now = now;
		this.replaceAll(snapshot);
	}

	get size(): number {
		return this.byId.size;
	}

	get(id: number): JobDto | undefined {
		return this.byId.get(id)?.job;
	}

	/** Replaces everything with a fresh snapshot (first load, or after a missed-events reset). */
	replaceAll(jobs: JobDto[]): void {
		this.#batch.flush();
		this.byId.clear();
		const now = this.#now();
		this.#nextCrossing = Infinity;
		for (const job of jobs) {
			this.#gone.delete(job.id);
			if (!open.has(job.status)) continue;
			const live = liveJob(job, now);
			this.byId.set(job.id, live);
			this.#nextCrossing = Math.min(this.#nextCrossing, nextCrossing(now, live));
		}
		this.version++;
	}

	/**
	 * Adds a snapshot to what the store holds, job by job by version (a later, fuller snapshot
	 * while events already flow): nothing newer is overwritten and nothing is removed.
	 */
	merge(jobs: JobDto[]): void {
		this.#batch.flush();
		this.#apply(jobs);
	}

	/** Queues a job from a socket event; applied with the rest of its frame's batch. */
	enqueue(job: JobDto): void {
		this.#batch.push(job);
	}

	/** Applies a job now (an API answer this page is waiting for). */
	upsert(job: JobDto): void {
		this.#batch.flush();
		this.#apply([job]);
	}

	/** Re-checks deadline states when the clock passed a warn or deadline instant. */
	tick(now: number): void {
		if (now < this.#nextCrossing) return;
		const turned: JobDto[] = [];
		let next = Infinity;
		for (const live of this.byId.values()) {
			const state = stateAt(now, live.warnMs, live.deadlineMs);
			if (state !== live.state) {
				if (state === 'overdue') turned.push(live.job);
				live.state = state;
			}
			next = Math.min(next, nextCrossing(now, live));
		}
		this.#nextCrossing = next;
		this.stateEpoch++;
		if (turned.length) this.onOverdue?.(turned);
	}

	/** Stops the pending batch (page teardown). */
	destroy(): void {
		this.#batch.cancel();
	}

	#apply(jobs: JobDto[]): void {
		const now = this.#now();
		const applied: JobDto[] = [];
		const turned: JobDto[] = [];
		for (const job of jobs) {
			const current = this.byId.get(job.id);
			const newest = current?.job.version ?? this.#gone.get(job.id) ?? 0;
			if (job.version <= newest) continue;
			applied.push(job);
			if (!open.has(job.status)) {
				this.byId.delete(job.id);
				this.#gone.set(job.id, job.version);
				continue;
			}
			this.#gone.delete(job.id);
			const live = liveJob(job, now);
			if (current && current.state !== 'overdue' && live.state === 'overdue') turned.push(job);
			this.byId.set(job.id, live);
			this.#nextCrossing = Math.min(this.#nextCrossing, nextCrossing(now, live));
		}
		if (applied.length === 0) return;
		this.version++;
		this.onApplied?.(applied);
		if (turned.length) this.onOverdue?.(turned);
	}
}

/** A job as the store keeps it, with its deadline state at `now` (the server's clock, ms). */
export function liveJob(job: JobDto, now: number): LiveJob {
	// The API's DTO carries the reporter only for its caller; the store never keeps contacts.
	const { reporter: _reporter, ...rest } = job;
	const deadlineMs = Date.parse(job.deadlineAt);
	const warnMs = Date.parse(job.warnAt);
	const mx = mercatorX(job.location.lon);
	const my = mercatorY(job.location.lat);
	return { job: rest, deadlineMs, warnMs, mx, my, state: stateAt(now, warnMs, deadlineMs) };
}
