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
 * (re)connect, or when the server says it skipped live events to this slow client, asks for
 * what it missed since the highest sequence number it applied; each event reaches listeners
 * exactly once, in order, whether it came live or through `sync`. Live events that arrive while
 * a `sync` is answered wait for it, so a newer live event can never hide an older missed one.
 * `onReset` runs when the server no longer holds what was missed: refetch snapshots then.
 */
export class RealtimeConnection {
	status = $state<ConnectionStatus>('connecting');
	readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	readonly #listeners = new Map<FactName, Set<Listener<FactName>>>();
	readonly #resetHandlers = new Set<() => void>();
	#seq: number;
	/** Live events held back until a `sync` has answered; null when none is awaited. */
	#held: Envelope[] | null = null;
	/** The `sync` request awaited (0: none); an answer to an older one is ignored. */
	#request = 0;
	#requests = 0;
	/** Another `sync` was asked for while one was under way. */
	#again = false;
	#retry: ReturnType<typeof setTimeout> | undefined;

	/** `since` is the sequence number the page's snapshot was taken at. */
	constructor(since: number, url?: string) {
		this.#seq = since;
		this.#socket = url ? io(url, { withCredentials: true }) : io({ withCredentials: true });
		this.#socket.on('connect', () => this.#resync(true));
		this.#socket.on('events:skipped', () => this.#resync(false));
		this.#socket.on('disconnect', () => {
			// An answer to a request sent before the drop may never come: the reconnect asks again.
			this.#request = 0;
			this.status = 'offline';
		});
		this.#socket.on('connect_error', () => (this.status = 'offline'));
		this.#socket.on('session:ended', () => {
			this.status = 'offline';
			window.location.assign('/login');
		});
		this.#socket.onAny((event: string, envelope: unknown) => {
			if (!this.#listeners.has(event as FactName)) return;
			if (this.#held) this.#held.push(envelope as Envelope);
			else this.#apply(envelope as Envelope);
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
		clearTimeout(this.#retry);
		this.#socket.close();
	}

	#apply(envelope: Envelope): void {
		if (envelope.seq <= this.#seq) return; // already applied (replayed by sync or the relay)
		this.#seq = envelope.seq;
		for (const listener of this.#listeners.get(envelope.event) ?? []) listener(envelope);
	}

	/** Asks for what was missed since the last applied event; `connecting` on a (re)connect. */
	#resync(connecting: boolean): void {
		if (this.#request !== 0) {
			this.#again = true;
			return;
		}
		clearTimeout(this.#retry);
		if (connecting) this.status = 'connecting';
		this.#held ??= [];
		const request = (this.#request = ++this.#requests);
		this.#socket.emit('sync', { since: this.#seq }, (result) => {
			if (request !== this.#request) return;
			this.#request = 0;
			if (!result.ok) {
				// Keep holding live events and ask again shortly: applying newer ones now would
				// move past the ones still missing.
				this.status = 'offline';
				this.#retry = setTimeout(() => {
					if (this.#socket.connected) this.#resync(true);
				}, 2000);
				return;
			}
			const held = this.#held ?? [];
			this.#held = null;
			const { seq, reset, events } = result.data;
			if (reset) {
				this.#seq = Math.max(this.#seq, seq);
				for (const handler of this.#resetHandlers) handler();
			} else {
				for (const envelope of events) this.#apply(envelope);
			}
			for (const envelope of held) this.#apply(envelope);
			this.status = 'online';
			if (this.#again) {
				this.#again = false;
				this.#resync(false);
			}
		});
	}
}
