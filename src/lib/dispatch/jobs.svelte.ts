/* eslint-disable svelte/prefer-svelte-reactivity -- thousands of jobs live in a plain Map on purpose (svelte #11851); readers subscribe to `version` or to the change feed */
import { untrack } from 'svelte';
import type { DeadlineState, JobDto, JobSummaryRow, Point } from '$lib/contracts/jobs';
import type { JobStatus } from '$lib/domain/workflow';
import { FrameBatch } from './frame-batch.ts';
import { MinHeap } from './min-heap.ts';
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

/** A district as jobs name it. */
export interface DistrictName {
	code: string;
	nameZh: string;
	nameEn: string;
}

/**
 * What the console keeps of every open job: what the map, the deadline list, the filters and
 * the alarms read. The detail of one job (description, reporter, history) is fetched apart.
 */
export interface JobSummary {
	id: number;
	status: JobStatus;
	version: number;
	categoryCode: string;
	agencyCode: string;
	priority: number;
	location: Point;
	district: DistrictName;
	crewId: number | null;
	escalationLevel: number;
}

/** A job with its instants as epoch milliseconds: what the store is fed. */
export interface JobRecord {
	job: JobSummary;
	deadlineMs: number;
	warnMs: number;
}

/**
 * A job as the store keeps it, never changed in place: a change (an event, or passing time
 * moving its deadline state) replaces the whole object, so listeners get both versions.
 */
export interface LiveJob extends Readonly<JobRecord> {
	/** Web Mercator x and y (0–1) of its location, computed once for the map's grid. */
	readonly mx: number;
	readonly my: number;
	/** As of when it was made; open jobs only, so never 'stopped'. */
	readonly state: Exclude<DeadlineState, 'stopped'>;
}

/** One job that changed: `before` undefined when it arrived, `after` undefined when it left. */
export interface JobChange {
	id: number;
	before: LiveJob | undefined;
	after: LiveJob | undefined;
}

/** Told of every applied batch; `null` means everything was replaced (a fresh snapshot). */
export type JobListener = (changes: readonly JobChange[] | null) => void;

/** Due soon from `warnMs` on, overdue from `deadlineMs` on (both inclusive), as the domain rule. */
export function stateAt(now: number, warnMs: number, deadlineMs: number): LiveJob['state'] {
	if (now >= deadlineMs) return 'overdue';
	if (now >= warnMs) return 'due_soon';
	return 'on_time';
}

/** The instant at which a job leaves its current deadline state (Infinity once overdue). */
function crossingOf(live: LiveJob): number {
	if (live.state === 'on_time') return live.warnMs;
	if (live.state === 'due_soon') return live.deadlineMs;
	return Infinity;
}

/** The store's record of a DTO from an event or an API answer (the reporter is never kept). */
export function recordFromDto(dto: JobDto): JobRecord {
	return {
		job: {
			id: dto.id,
			status: dto.status,
			version: dto.version,
			categoryCode: dto.categoryCode,
			agencyCode: dto.agencyCode,
			priority: dto.priority,
			location: dto.location,
			district: dto.district,
			crewId: dto.crewId,
			escalationLevel: dto.escalationLevel
		},
		deadlineMs: Date.parse(dto.deadlineAt),
		warnMs: Date.parse(dto.warnAt)
	};
}

/**
 * The store's record of a row of `GET /api/jobs?view=summary`; the district's names come from
 * `districts` (one shared object per district, not one per job).
 */
export function recordFromRow(
	row: JobSummaryRow,
	districts: ReadonlyMap<string, DistrictName>
): JobRecord {
	const [id, version, status, categoryCode, agencyCode, priority, lon, lat, districtCode] = row;
	const district = districts.get(districtCode) ?? {
		code: districtCode,
		nameZh: districtCode,
		nameEn: districtCode
	};
	return {
		job: {
			id,
			status,
			version,
			categoryCode,
			agencyCode,
			priority,
			location: { lon, lat },
			district,
			crewId: row[9],
			escalationLevel: row[12]
		},
		deadlineMs: row[10],
		warnMs: row[11]
	};
}

/** A full job with the newer summary fields the store holds laid over it. */
export function withLive(job: JobDto, live: LiveJob): JobDto {
	return {
		...job,
		...live.job,
		deadlineAt: new Date(live.deadlineMs).toISOString(),
		warnAt: new Date(live.warnMs).toISOString()
	};
}

/** A job as the store keeps it, with its deadline state at `now` (the server's clock, ms). */
export function liveJob(record: JobRecord, now: number): LiveJob {
	const { job, deadlineMs, warnMs } = record;
	return {
		job,
		deadlineMs,
		warnMs,
		mx: mercatorX(job.location.lon),
		my: mercatorY(job.location.lat),
		state: stateAt(now, warnMs, deadlineMs)
	};
}

/**
 * The open jobs, keyed by id in a plain Map: thousands of jobs must not become deep reactive
 * proxies (svelte #11851). Socket events are queued and applied together on the next animation
 * frame. Each applied batch bumps `version` once and tells the listeners exactly which jobs
 * changed, so the map and the list update what changed instead of rebuilding from every job.
 * Versions guard order: an event older than what the store holds (or than a job's removal) is
 * dropped.
 */
export class JobStore {
	readonly byId = new Map<number, LiveJob>();
	/** Bumps once per applied batch, snapshot, or deadline-state change. */
	version = $state(0);
	/** Jobs that turned overdue while watched: passing time, or a change of deadline. */
	onOverdue: ((jobs: JobSummary[]) => void) | undefined;
	/** Every job a batch changed or removed, after the batch is applied. */
	onApplied: ((jobs: JobSummary[]) => void) | undefined;

	readonly #now: () => number;
	readonly #listeners = new Set<JobListener>();
	/** Versions of jobs that left the open set, so a late event cannot bring them back. */
	readonly #gone = new Map<number, number>();
	/** Job ids by the instant their deadline state next changes; stale entries are skipped. */
	readonly #crossings = new MinHeap<number>();
	readonly #batch = new FrameBatch<JobRecord>((records) => this.#apply(records));
	/** Jobs events changed since `beginSnapshot`, until the snapshot replaces the rest. */
	#changedSince: Set<number> | undefined;

	/** `now` is the server's clock in ms. */
	constructor(now: () => number, snapshot: JobRecord[] = []) {
		this.#now = now;
		this.replaceAll(snapshot);
	}

	get size(): number {
		return this.byId.size;
	}

	get(id: number): JobSummary | undefined {
		return this.byId.get(id)?.job;
	}

	/** Listens to applied changes; returns the unsubscribe, for `$effect` cleanup. */
	subscribe(listener: JobListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Starts noting the jobs that events change, for a snapshot about to be fetched: its
	 * `replaceAll` then keeps what events taught the store meanwhile when it is newer.
	 */
	beginSnapshot(): void {
		this.#changedSince = new Set();
	}

	/**
	 * Replaces everything with a fresh snapshot (first load, or after a missed-events reset).
	 * After `beginSnapshot`, a job an event changed since is kept as the event left it when that
	 * is newer than the snapshot's (a job closed since stays closed).
	 */
	replaceAll(records: JobRecord[]): void {
		this.#batch.flush();
		const recent = new Map<number, LiveJob | number>();
		for (const id of this.#changedSince ?? []) {
			const kept = this.byId.get(id) ?? this.#gone.get(id);
			if (kept !== undefined) recent.set(id, kept);
		}
		this.#changedSince = undefined;
		this.byId.clear();
		this.#crossings.clear();
		const now = this.#now();
		for (const record of records) {
			const { job } = record;
			if ((this.#gone.get(job.id) ?? 0) < job.version) this.#gone.delete(job.id);
			if (!open.has(job.status)) continue;
			const current = this.byId.get(job.id);
			if (current && current.job.version >= job.version) continue;
			this.byId.set(job.id, liveJob(record, now));
		}
		for (const [id, kept] of recent) {
			const fresh = this.byId.get(id);
			if (typeof kept === 'number') {
				if (fresh && fresh.job.version <= kept) this.byId.delete(id);
			} else if (!fresh || fresh.job.version < kept.job.version) {
				this.byId.set(id, liveJob(kept, now));
			}
		}
		for (const live of this.byId.values()) this.#schedule(live);
		this.version++;
		this.#tell(null);
	}

	/**
	 * Adds a snapshot to what the store holds, job by job by version (a later, fuller snapshot
	 * while events already flow): nothing newer is overwritten and nothing is removed.
	 */
	merge(records: JobRecord[]): void {
		this.#batch.flush();
		this.#apply(records);
	}

	/** Queues a job from a socket event; applied with the rest of its frame's batch. */
	enqueue(job: JobDto): void {
		this.#batch.push(recordFromDto(job));
	}

	/** Applies a job now (an API answer this page is waiting for). */
	upsert(job: JobDto): void {
		this.#batch.flush();
		this.#apply([recordFromDto(job)]);
	}

	/**
	 * Moves the jobs whose warn or deadline instant has passed to their new deadline state:
	 * only those jobs are looked at, from a heap of next crossings.
	 */
	tick(now: number): void {
		const heap = this.#crossings;
		if (now < heap.peekKey()) return;
		const changes: JobChange[] = [];
		const turned: JobSummary[] = [];
		while (heap.peekKey() <= now) {
			const key = heap.peekKey();
			const id = heap.pop()!;
			const current = this.byId.get(id);
			// Stale: the job left, or changed and was scheduled again under another instant.
			if (!current || crossingOf(current) !== key) continue;
			const next: LiveJob = { ...current, state: stateAt(now, current.warnMs, current.deadlineMs) };
			this.byId.set(id, next);
			this.#schedule(next);
			changes.push({ id, before: current, after: next });
			if (next.state === 'overdue') turned.push(next.job);
		}
		if (changes.length === 0) return;
		this.version++;
		this.#tell(changes);
		if (turned.length) this.onOverdue?.(turned);
	}

	/** Stops the pending batch (page teardown). */
	destroy(): void {
		this.#batch.cancel();
		this.#listeners.clear();
	}

	/** Tells the listeners; untracked, as a tick may run inside an effect. */
	#tell(changes: readonly JobChange[] | null): void {
		untrack(() => {
			for (const listener of this.#listeners) listener(changes);
		});
	}

	#schedule(live: LiveJob): void {
		const at = crossingOf(live);
		if (at !== Infinity) this.#crossings.push(at, live.job.id);
	}

	/** Drops stale heap entries once they outnumber the live ones (many deadline changes). */
	#compactCrossings(): void {
		if (this.#crossings.size <= 2 * this.byId.size + 1024) return;
		this.#crossings.clear();
		for (const live of this.byId.values()) this.#schedule(live);
	}

	#apply(records: JobRecord[]): void {
		const now = this.#now();
		const applied: JobSummary[] = [];
		const changes: JobChange[] = [];
		const turned: JobSummary[] = [];
		for (const record of records) {
			const { job } = record;
			const current = this.byId.get(job.id);
			const newest = current?.job.version ?? this.#gone.get(job.id) ?? 0;
			if (job.version <= newest) continue;
			applied.push(job);
			this.#changedSince?.add(job.id);
			if (!open.has(job.status)) {
				this.#gone.set(job.id, job.version);
				if (current) {
					this.byId.delete(job.id);
					changes.push({ id: job.id, before: current, after: undefined });
				}
				continue;
			}
			this.#gone.delete(job.id);
			const live = liveJob(record, now);
			this.byId.set(job.id, live);
			if (!current || crossingOf(current) !== crossingOf(live)) this.#schedule(live);
			changes.push({ id: job.id, before: current, after: live });
			if (current && current.state !== 'overdue' && live.state === 'overdue') turned.push(job);
		}
		if (applied.length === 0) return;
		this.#compactCrossings();
		this.version++;
		if (changes.length) this.#tell(changes);
		this.onApplied?.(applied);
		if (turned.length) this.onOverdue?.(turned);
	}
}
