/**
 * A sorted multiset kept as a list of short sorted chunks (the idea of Python's
 * `sortedcontainers`): insert and delete cost a binary search plus a copy inside one chunk, and
 * reading the first rows in order touches only the first chunks. The dispatch list keeps every
 * open job in one, by deadline, so that an update moves one job instead of re-sorting 100,000.
 */
export class SortedIndex<T> {
	#chunks: T[][] = [];
	#size = 0;
	readonly #compare: (a: T, b: T) => number;
	readonly #chunkSize: number;

	/** `compare` must be a total order; items comparing equal are treated as the same item. */
	constructor(compare: (a: T, b: T) => number, chunkSize = 512) {
		if (chunkSize < 4) throw new Error('chunkSize must be at least 4');
		this.#compare = compare;
		this.#chunkSize = chunkSize;
	}

	get size(): number {
		return this.#size;
	}

	/** Replaces the contents with `items` (in any order): one sort, O(n log n). */
	load(items: Iterable<T>): void {
		const all = [...items].sort(this.#compare);
		const half = this.#chunkSize >> 1;
		this.#chunks = [];
		for (let i = 0; i < all.length; i += half) this.#chunks.push(all.slice(i, i + half));
		this.#size = all.length;
	}

	/** Adds an item; one that compares equal to an item already held replaces it. */
	insert(item: T): void {
		const chunks = this.#chunks;
		if (chunks.length === 0) {
			chunks.push([item]);
			this.#size = 1;
			return;
		}
		// The first chunk whose last item is not before `item`, or the last chunk.
		const c = Math.min(this.#chunkAtOrAfter(item), chunks.length - 1);
		const chunk = chunks[c]!;
		const i = this.#position(chunk, item);
		if (i < chunk.length && this.#compare(chunk[i]!, item) === 0) {
			chunk[i] = item;
			return;
		}
		chunk.splice(i, 0, item);
		this.#size++;
		if (chunk.length > this.#chunkSize) {
			chunks.splice(c + 1, 0, chunk.splice(chunk.length >> 1));
		}
	}

	/** Removes the item comparing equal to `item`; false when there is none. */
	delete(item: T): boolean {
		const chunks = this.#chunks;
		const c = this.#chunkAtOrAfter(item);
		if (c >= chunks.length) return false;
		const chunk = chunks[c]!;
		const i = this.#position(chunk, item);
		if (i >= chunk.length || this.#compare(chunk[i]!, item) !== 0) return false;
		chunk.splice(i, 1);
		this.#size--;
		if (chunk.length === 0) chunks.splice(c, 1);
		return true;
	}

	/** Whether an item comparing equal to `item` is held. */
	has(item: T): boolean {
		const c = this.#chunkAtOrAfter(item);
		const chunk = this.#chunks[c];
		if (!chunk) return false;
		const i = this.#position(chunk, item);
		return i < chunk.length && this.#compare(chunk[i]!, item) === 0;
	}

	/** Empties the index. */
	clear(): void {
		this.#chunks = [];
		this.#size = 0;
	}

	/** The items in order. Do not change the index while iterating. */
	*[Symbol.iterator](): IterableIterator<T> {
		for (const chunk of this.#chunks) yield* chunk;
	}

	/**
	 * The first `limit` items that pass `accept`, in order, and stops there: the cost is the
	 * number of items looked at, not the size of the index.
	 */
	take(limit: number, accept: (item: T) => boolean = () => true): T[] {
		const out: T[] = [];
		if (limit <= 0) return out;
		for (const chunk of this.#chunks) {
			for (const item of chunk) {
				if (!accept(item)) continue;
				out.push(item);
				if (out.length >= limit) return out;
			}
		}
		return out;
	}

	/** Index of the first chunk whose last item is not before `item` (chunks.length if none). */
	#chunkAtOrAfter(item: T): number {
		const chunks = this.#chunks;
		let lo = 0;
		let hi = chunks.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			const chunk = chunks[mid]!;
			if (this.#compare(chunk[chunk.length - 1]!, item) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Index in `chunk` of the first item not before `item`. */
	#position(chunk: T[], item: T): number {
		let lo = 0;
		let hi = chunk.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.#compare(chunk[mid]!, item) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
