/**
 * The server's clock as seen from this browser. Countdowns are computed from `deadlineAt` and
 * the server's time, never from the browser's own clock, which may be minutes off
 * (ARCHITECTURE.md, Deadlines). `offset` = server now − client now, measured against
 * `GET /api/time` with the request's round trip halved; re-measure after every reconnect.
 */
export class ServerClock {
	/** Milliseconds to add to the browser's clock to get the server's. */
	offset = $state(0);
	/** The server's time in ms, updated by the one ticker once a second: countdowns read it. */
	now = $state(Date.now());
	#timer: ReturnType<typeof setTimeout> | undefined;

	/** `serverTime` is the time the page's snapshot was taken at: a first, rough offset. */
	constructor(serverTime?: string) {
		const at = serverTime ? Date.parse(serverTime) : NaN;
		if (Number.isFinite(at)) this.offset = at - Date.now();
		this.now = this.serverNow();
	}

	/** The server's time now, in ms (not reactive: for event handlers and batch work). */
	serverNow(): number {
		return Date.now() + this.offset;
	}

	/** Measures the offset against `GET /api/time`; keeps the old one when that fails. */
	async measure(fetchFn: typeof fetch = fetch): Promise<void> {
		try {
			const sent = Date.now();
			const response = await fetchFn('/api/time', { cache: 'no-store' });
			const received = Date.now();
			if (!response.ok) return;
			const { now } = (await response.json()) as { now: string };
			const server = Date.parse(now);
			if (!Number.isFinite(server)) return;
			// The server read its clock about halfway through the round trip.
			this.offset = server - (sent + received) / 2;
			this.now = this.serverNow();
		} catch {
			// Offline: the previous offset stays; the next reconnect measures again.
		}
	}

	/**
	 * Starts the page's one ticker: `now` moves on each whole server second, so every countdown
	 * on the page changes at the same moment. Returns the stop, for `$effect` cleanup.
	 */
	start(): () => void {
		const schedule = () => {
			const wait = 1000 - (this.serverNow() % 1000);
			this.#timer = setTimeout(() => {
				this.now = this.serverNow();
				schedule();
			}, wait + 5);
		};
		schedule();
		return () => clearTimeout(this.#timer);
	}
}
