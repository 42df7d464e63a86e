/**
 * Collects items and hands them over together once per animation frame, so that a burst of
 * socket events costs one re-render, not one each (immich `TimelineWebsocketExtension.ts`).
 * A hidden tab gets no animation frames: a timer flushes there instead, so alarms still arrive.
 */
export class FrameBatch<T> {
	#items: T[] = [];
	#frame = 0;
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #flush: (items: T[]) => void;
	readonly #fallbackMs: number;

	constructor(flush: (items: T[]) => void, fallbackMs = 250) {
		this.#flush = flush;
		this.#fallbackMs = fallbackMs;
	}

	/** Queues one item for the next frame. */
	push(item: T): void {
		this.#items.push(item);
		if (this.#frame || this.#timer) return;
		if (typeof requestAnimationFrame === 'function') {
			this.#frame = requestAnimationFrame(() => this.flush());
		}
		this.#timer = setTimeout(() => this.flush(), this.#fallbackMs);
	}

	/** Hands over everything queued now. */
	flush(): void {
		if (this.#frame) cancelAnimationFrame(this.#frame);
		clearTimeout(this.#timer);
		this.#frame = 0;
		this.#timer = undefined;
		const items = this.#items;
		if (items.length === 0) return;
		this.#items = [];
		this.#flush(items);
	}

	/** Drops what is queued and stops the timers. */
	cancel(): void {
		if (this.#frame) cancelAnimationFrame(this.#frame);
		clearTimeout(this.#timer);
		this.#frame = 0;
		this.#timer = undefined;
		this.#items = [];
	}
}
