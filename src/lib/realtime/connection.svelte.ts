/* eslint-disable svelte/prefer-svelte-reactivity -- listener registries are plumbing, not UI state */
import { io, type Socket } from 'socket.io-client';
import type {
	ClientToServerEvents,
	Envelope,
	FactName,
	ServerToClientEvents
} from '$lib/contracts/events';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';
type Listener<E extends FactName> = (envelope: Envelope<E>) => void;
/** Figures pushed as they are (`queue:stats`, `field:stats`): no sequence number, no replay. */
export type VolatileEvent = Exclude<keyof ServerToClientEvents, FactName | 'session:ended'>;

/**
 * The browser's one Socket.IO connection. It authenticates with the session cookie, and on every
 * (re)connect asks for what it missed since the highest sequence number it applied; each event
 * reaches listeners exactly once, in order, whether it came live or through `sync`.
 * `onReset` runs when the server no longer holds what was missed: refetch snapshots then.
 */
export class RealtimeConnection {
	status = $state<ConnectionStatus>('connecting');
	readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	readonly #listeners = new Map<FactName, Set<Listener<FactName>>>();
	readonly #resetHandlers = new Set<() => void>();
	#seq: number;

	/** `since` is the sequence number the page's snapshot was taken at. */
	constructor(since: number, url?: string) {
		this.#seq = since;
		this.#socket = url ? io(url, { withCredentials: true }) : io({ withCredentials: true });
		this.#socket.on('connect', () => this.#resync());
		this.#socket.on('disconnect', () => (this.status = 'offline'));
		this.#socket.on('connect_error', () => (this.status = 'offline'));
		this.#socket.on('session:ended', () => {
			this.status = 'offline';
			window.location.assign('/login');
		});
		this.#socket.onAny((event: string, envelope: unknown) => {
			if (this.#listeners.has(event as FactName)) this.#apply(envelope as Envelope);
		});
	}

	/** The highest sequence number applied so far. */
	get seq(): number {
		return this.#seq;
	}

	/** Listens to one fact; returns the unsubscribe, for `$effect` cleanup. */
	on<E extends FactName>(event: E, listener: Listener<E>): () => void {
		let set = this.#listeners.get(event);
		if (!set) this.#listeners.set(event, (set = new Set()));
		set.add(listener as Listener<FactName>);
		return () => set.delete(listener as Listener<FactName>);
	}

	/**
	 * Listens to a volatile event: each one replaces the last, nothing is replayed after a
	 * reconnect (refetch over HTTP then). Returns the unsubscribe, for `$effect` cleanup.
	 */
	onVolatile<E extends VolatileEvent>(event: E, listener: ServerToClientEvents[E]): () => void {
		// socket.io-client's typed overloads do not narrow a generic event name.
		const socket = this.#socket as unknown as {
			on(e: string, l: (...args: never[]) => void): void;
			off(e: string, l: (...args: never[]) => void): void;
		};
		socket.on(event, listener);
		return () => socket.off(event, listener);
	}

	/** Runs when events were missed beyond what the server keeps; returns the unsubscribe. */
	onReset(handler: () => void): () => void {
		this.#resetHandlers.add(handler);
		return () => this.#resetHandlers.delete(handler);
	}

	close(): void {
		this.#socket.close();
	}

	#apply(envelope: Envelope): void {
		if (envelope.seq <= this.#seq) return; // already applied (replayed by sync or the relay)
		this.#seq = envelope.seq;
		for (const listener of this.#listeners.get(envelope.event) ?? []) listener(envelope);
	}

	#resync(): void {
		this.status = 'connecting';
		this.#socket.emit('sync', { since: this.#seq }, (result) => {
			if (!result.ok) {
				this.status = 'offline';
				return;
			}
			const { seq, reset, events } = result.data;
			if (reset) {
				this.#seq = Math.max(this.#seq, seq);
				for (const handler of this.#resetHandlers) handler();
			} else {
				for (const envelope of events) this.#apply(envelope);
			}
			this.status = 'online';
		});
	}
}
