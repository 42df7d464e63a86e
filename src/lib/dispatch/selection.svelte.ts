import type { AssignmentConflict, CandidateDto } from '$lib/contracts/crews';
import type { JobDto } from '$lib/contracts/jobs';
import { api, ApiFailure, isAbort, type JobDetail } from './api.ts';
import type { JobStore } from './jobs.svelte.ts';

/** The outcome of the last assignment, for the message next to the candidates. */
export type AssignOutcome =
	| { kind: 'assigned'; crewName: string }
	| { kind: 'conflict' | 'failed'; code: string; message: string };

/**
 * The job the dispatcher works on: its detail with reporter and history, and the crews that
 * could take it, nearest first. Both are fetched on selection and again whenever the job
 * changes (an event, or this page's own assignment).
 */
export class SelectedJob {
	id = $state<number | null>(null);
	detail = $state.raw<JobDetail | null>(null);
	detailStatus = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
	candidates = $state.raw<CandidateDto[]>([]);
	candidatesStatus = $state<'idle' | 'loading' | 'ready' | 'failed'>('idle');
	/** The crew being assigned right now. */
	assigning = $state<number | null>(null);
	outcome = $state.raw<AssignOutcome | null>(null);
	/** Let the assigned crew see the reporter's name and callback number (off by default). */
	shareReporter = $state(false);

	readonly #store: JobStore;
	#detail: AbortController | undefined;
	#candidates: AbortController | undefined;

	constructor(store: JobStore) {
		this.#store = store;
	}

	/** Selects a job (or none) and loads what the detail shows. */
	select(id: number | null): void {
		if (id === this.id) return;
		this.id = id;
		this.detail = null;
		this.candidates = [];
		this.outcome = null;
		this.detailStatus = 'idle';
		this.candidatesStatus = 'idle';
		this.#detail?.abort();
		this.#candidates?.abort();
		if (id !== null) this.refresh();
	}

	/** Reloads the detail and the candidates of the selected job. */
	refresh(): void {
		void this.#loadDetail();
		void this.#loadCandidates();
	}

	/**
	 * Assigns a crew in one action, against the job's version the dispatcher saw. A lost race
	 * (409) shows the server's reason and its refreshed candidates.
	 */
	async assign(candidate: CandidateDto): Promise<JobDto | null> {
		const id = this.id;
		const job = id === null ? undefined : (this.#store.get(id) ?? this.detail ?? undefined);
		if (id === null || !job || this.assigning !== null) return null;
		this.assigning = candidate.crewId;
		this.outcome = null;
		try {
			const updated = await api<JobDto>(`/api/jobs/${id}/assignment`, {
				method: 'POST',
				body: {
					crewId: candidate.crewId,
					expectedVersion: job.version,
					shareReporter: this.shareReporter
				}
			});
			this.#store.upsert(updated);
			this.outcome = { kind: 'assigned', crewName: candidate.name };
			this.refresh();
			return updated;
		} catch (err) {
			if (err instanceof ApiFailure && err.status === 409) {
				const body = err.body as Partial<AssignmentConflict>;
				if (body.job) this.#store.upsert(body.job);
				if (body.candidates && this.id === id) this.candidates = body.candidates;
				this.outcome = { kind: 'conflict', code: err.code, message: err.message };
				void this.#loadDetail();
			} else {
				const code = err instanceof ApiFailure ? err.code : 'network';
				this.outcome = {
					kind: 'failed',
					code,
					message: err instanceof Error ? err.message : String(err)
				};
			}
			return null;
		} finally {
			this.assigning = null;
		}
	}

	async #loadDetail(): Promise<void> {
		const id = this.id;
		if (id === null) return;
		this.#detail?.abort();
		const controller = (this.#detail = new AbortController());
		if (!this.detail) this.detailStatus = 'loading';
		try {
			const detail = await api<JobDetail>(`/api/jobs/${id}`, { signal: controller.signal });
			if (this.id !== id) return;
			this.detail = detail;
			this.detailStatus = 'ready';
		} catch (err) {
			if (!isAbort(err)) this.detailStatus = 'failed';
		}
	}

	async #loadCandidates(): Promise<void> {
		const id = this.id;
		if (id === null) return;
		this.#candidates?.abort();
		const controller = (this.#candidates = new AbortController());
		if (this.candidatesStatus !== 'ready') this.candidatesStatus = 'loading';
		try {
			const candidates = await api<CandidateDto[]>(`/api/jobs/${id}/candidates`, {
				signal: controller.signal
			});
			if (this.id !== id) return;
			this.candidates = candidates;
			this.candidatesStatus = 'ready';
		} catch (err) {
			if (!isAbort(err)) this.candidatesStatus = 'failed';
		}
	}
}
