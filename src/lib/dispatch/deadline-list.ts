import type { JobChange, LiveJob } from './jobs.svelte.ts';
import { byDeadline } from './select.ts';
import { SortedIndex } from './sorted-index.ts';

/**
 * The side panel's list: the first `limit` matching jobs by deadline, and how many match in all.
 * Every open job sits in one sorted index by deadline; a changed job is moved within it, the
 * count is adjusted by the change, and the shown rows are read again only when the change could
 * touch them (it is, or now belongs, among them). A new filter counts once over all jobs.
 * Plain TypeScript: the component copies `rows` and `total` into its state when they change.
 */
export class DeadlineList {
	/** The rows shown, soonest deadline first; a new array whenever they change. */
	rows: readonly LiveJob[] = [];
	/** Matching jobs in all. */
	total = 0;

	readonly #limit: number;
	readonly #source: () => Iterable<LiveJob>;
	readonly #index = new SortedIndex<LiveJob>(byDeadline);
	#matches: (live: LiveJob) => boolean = () => true;

	/** `source` gives every job, for the first load and for batches too large to apply singly. */
	constructor(limit: number, source: () => Iterable<LiveJob>) {
		this.#limit = limit;
		this.#source = source;
	}

	/** Loads every job from the source again (a fresh snapshot). */
	reset(): void {
		this.#index.load(this.#source());
		this.#recount();
		this.#readRows();
	}

	/** Shows the jobs that pass `matches` (new filters). */
	setMatcher(matches: (live: LiveJob) => boolean): void {
		this.#matches = matches;
		this.#recount();
		this.#readRows();
	}

	/** Applies changed jobs from the store; true when the rows or the count changed. */
	apply(changes: readonly JobChange[] | null): boolean {
		// A snapshot, or a batch the size of a good share of all jobs: one sort is cheaper.
		if (changes === null || changes.length > 2000 + this.#index.size / 4) {
			this.reset();
			return true;
		}
		const total = this.total;
		const rows = this.rows;
		const last = rows.length >= this.#limit ? rows[rows.length - 1] : undefined;
		const touchesRows = (live: LiveJob) => last === undefined || byDeadline(live, last) <= 0;
		let dirty = false;
		for (const { before, after } of changes) {
			if (before) {
				this.#index.delete(before);
				if (this.#matches(before)) {
					this.total--;
					dirty ||= touchesRows(before);
				}
			}
			if (after) {
				this.#index.insert(after);
				if (this.#matches(after)) {
					this.total++;
					dirty ||= touchesRows(after);
				}
			}
		}
		if (dirty) this.#readRows();
		return dirty || total !== this.total;
	}

	#recount(): void {
		let n = 0;
		for (const live of this.#index) if (this.#matches(live)) n++;
		this.total = n;
	}

	#readRows(): void {
		this.rows = this.#index.take(this.#limit, this.#matches);
	}
}
