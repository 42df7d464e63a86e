import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { telephonyEventSchema, type TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import {
	createAmiParser,
	describeEndpoint,
	formatMessage,
	parseAmiUrl,
	type AmiFrame,
	type AmiMessage
} from './ami-protocol.ts';
import { AmiState, type AmiStateOptions } from './ami-state.ts';

export interface BackoffOptions {
	/** First retry after about this long (ms)... */
	initialMs?: number;
	/** ...doubling up to this cap (ms). */
	maxMs?: number;
}

export interface AmiSourceOptions extends AmiStateOptions {
	/** `tcp://user:secret@host:5038` (AMI_URL). */
	url: string;
	log: (line: string) => void;
	/** Receives normalised events in order, in batches; the next batch waits for this one. */
	emit: (events: TelephonyEvent[]) => Promise<void>;
	backoff?: BackoffOptions;
	/** Keep-alive: an `Action: Ping` this often once synchronised. */
	pingIntervalMs?: number;
	/** No banner, login answer, Pong or QueueStatus progress for this long drops the link. */
	responseTimeoutMs?: number;
	/** Event classes asked for at login; every app_queue event is in class `agent`. */
	eventClasses?: string;
	/** Told when the source becomes synchronised (true) and when it loses the PBX (false). */
	onConnectionChange?: (connected: boolean) => void;
	random?: () => number;
}

/** A telephony source reading Asterisk's queues over AMI. */
export interface AmiSource {
	readonly name: 'ami';
	/** Starts connecting (and retrying) in the background; resolves at once. */
	start(): Promise<void>;
	/** Logs off, stops retrying and waits for the events already handed to `emit`. */
	stop(): Promise<void>;
	/** Logged in and synchronised by a QueueStatus snapshot on the current connection. */
	readonly connected: boolean;
}

/** Exponential backoff with jitter: between half and all of min(max, initial × 2^attempt). */
export function backoffDelay(
	attempt: number,
	options: Required<BackoffOptions>,
	random: () => number = Math.random
): number {
	const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Link {
	socket: net.Socket;
	/** Drops a server that never sends the banner. */
	greeting: NodeJS.Timeout;
	/** Why it closed, logged once. */
	reason?: string;
	greeted: boolean;
	/** Answers awaited by ActionID, each with its timeout. */
	expected: Map<string, { onReply: (msg: AmiMessage) => void; timer: NodeJS.Timeout }>;
}

/** How many distinct ignored event names are logged before going quiet. */
const IGNORED_NAMES_LOGGED = 50;

/**
 * The Asterisk Manager Interface source: logs in, asks `QueueStatus` on every (re)connect and
 * emits one `snapshot` from it, then turns live app_queue events into normalised telephony
 * events (workers/telephony/ami-state.ts). Reconnects with capped exponential backoff and
 * jitter; a refused login is retried the same way; a malformed or unknown event is logged and
 * skipped. Every emitted event is checked against the contract first.
 */
export function createAmiSource(options: AmiSourceOptions): AmiSource {
	const endpoint = parseAmiUrl(options.url);
	const where = describeEndpoint(endpoint);
	const log = (line: string) => options.log(`[ami] ${line}`);
	const backoff = {
		initialMs: options.backoff?.initialMs ?? 1000,
		maxMs: options.backoff?.maxMs ?? 30_000
	};
	const pingIntervalMs = options.pingIntervalMs ?? 20_000;
	const responseTimeoutMs = options.responseTimeoutMs ?? 10_000;
	const eventClasses = options.eventClasses ?? 'agent';
	const random = options.random ?? Math.random;
	const state = new AmiState(options);
	const actionPrefix = `citydesk-${randomBytes(3).toString('hex')}`;

	const loginFields = (actionId: string) => ({
		Action: 'Login',
		ActionID: actionId,
		Username: endpoint.username,
		Secret: endpoint.secret,
		Events: eventClasses
	});
	// Fail at wiring time, not on every retry, on a secret that cannot be sent.
	formatMessage(loginFields('check'));

	let running = false;
	let link: Link | undefined;
	let closed: Promise<void> = Promise.resolve();
	let attempt = 0;
	let live = false;
	let actionSeq = 0;
	let reconnectTimer: NodeJS.Timeout | undefined;
	let tickTimer: NodeJS.Timeout | undefined;
	let pingTimer: NodeJS.Timeout | undefined;
	let resyncTimer: NodeJS.Timeout | undefined;
	let statusTimer: NodeJS.Timeout | undefined;
	/** The QueueStatus in progress, and whether its listing has begun. */
	let statusId: string | undefined;
	let listing = false;
	/** Live events that arrive inside the listing: applied after the snapshot. */
	let held: AmiMessage[] = [];
	const ignored = new Set<string>();
	let delivering: Promise<void> = Promise.resolve();
	let inFlight = 0;

	const nextId = () => `${actionPrefix}-${++actionSeq}`;

	function send(current: Link, fields: Record<string, string>): void {
		current.socket.write(formatMessage(fields));
	}

	function drop(current: Link, reason: string): void {
		current.reason ??= reason;
		current.socket.destroy();
	}

	/** Sends an action and calls `onReply` with its response, or drops the link on timeout. */
	function request(
		current: Link,
		fields: Record<string, string>,
		onReply: (msg: AmiMessage) => void
	): string {
		const actionId = nextId();
		const timer = setTimeout(() => {
			current.expected.delete(actionId);
			drop(current, `no answer to ${fields.Action} within ${responseTimeoutMs} ms`);
		}, responseTimeoutMs);
		current.expected.set(actionId, { onReply, timer });
		send(current, { ...fields, ActionID: actionId });
		return actionId;
	}

	function connect(): void {
		reconnectTimer = undefined;
		if (!running) return;
		const socket = net.connect({ host: endpoint.host, port: endpoint.port });
		const current: Link = {
			socket,
			greeting: setTimeout(
				() => drop(current, `no banner within ${responseTimeoutMs} ms`),
				responseTimeoutMs
			),
			greeted: false,
			expected: new Map()
		};
		link = current;
		socket.setNoDelay(true);
		socket.setKeepAlive(true, 30_000);
		const parser = createAmiParser({ expectBanner: true });
		let done: () => void = () => {};
		closed = new Promise((resolve) => (done = resolve));

		socket.on('data', (chunk: Buffer) => {
			const out: TelephonyEvent[] = [];
			try {
				for (const frame of parser.push(chunk)) onFrame(current, frame, out);
			} catch (err) {
				// A bug here must not take the app down; the next snapshot repairs the state.
				log(`error while reading: ${err instanceof Error ? err.message : String(err)}`);
			}
			deliver(out);
		});
		socket.on('error', (err) => {
			current.reason ??= err.message;
		});
		socket.on('close', () => {
			clearTimeout(current.greeting);
			onClose(current);
			done();
		});
	}

	function onFrame(current: Link, frame: AmiFrame, out: TelephonyEvent[]): void {
		if (frame.type === 'banner') {
			clearTimeout(current.greeting);
			current.greeted = true;
			if (!/call manager/i.test(frame.text)) log(`unexpected banner ${JSON.stringify(frame.text)}`);
			login(current);
			return;
		}
		if (frame.type === 'malformed') {
			log(`skipped a malformed message (${frame.reason})`);
			return;
		}
		const msg = frame.message;
		const actionId = msg.actionId;
		if (msg.response !== undefined) {
			const waiter = actionId === undefined ? undefined : current.expected.get(actionId);
			if (waiter) {
				clearTimeout(waiter.timer);
				current.expected.delete(actionId!);
				waiter.onReply(msg);
			}
			return;
		}
		if (msg.event === undefined) {
			log('skipped a message that is neither a response nor an event');
			return;
		}
		if (statusId !== undefined && actionId === statusId) {
			onStatusItem(current, msg, out);
			return;
		}
		if (listing) held.push(msg);
		else applyLive(msg, out);
	}

	function login(current: Link): void {
		request(current, loginFields(''), (reply) => {
			if (reply.response?.toLowerCase() !== 'success') {
				// Asterisk closes the session after a refused login; retried with backoff.
				drop(current, `login refused: ${reply.get('Message') ?? reply.response}`);
				return;
			}
			log(`logged in to ${where}`);
			resync(current);
		});
	}

	/** Asks QueueStatus; its listing rebuilds the state and ends in one snapshot. */
	function resync(current: Link): void {
		if (statusId !== undefined) return;
		state.beginSnapshot();
		held = [];
		listing = false;
		statusId = request(current, { Action: 'QueueStatus' }, (ack) => {
			if (ack.response?.toLowerCase() !== 'success') {
				drop(current, `QueueStatus refused: ${ack.get('Message') ?? ack.response}`);
				return;
			}
			listing = true;
			armStatusTimer(current);
		});
	}

	function armStatusTimer(current: Link): void {
		clearTimeout(statusTimer);
		statusTimer = setTimeout(
			() => drop(current, `QueueStatus stalled for ${responseTimeoutMs} ms`),
			responseTimeoutMs
		);
	}

	function onStatusItem(current: Link, msg: AmiMessage, out: TelephonyEvent[]): void {
		armStatusTimer(current);
		if (msg.event !== 'QueueStatusComplete') {
			try {
				state.addStatusItem(msg);
			} catch (err) {
				log(`skipped ${msg.event} in QueueStatus: ${(err as Error).message}`);
			}
			return;
		}
		clearTimeout(statusTimer);
		const { events, vanished } = state.finishSnapshot(Date.now());
		statusId = undefined;
		listing = false;
		out.push(...events);
		const snapshot = events.at(-1);
		if (snapshot?.type === 'snapshot') {
			log(
				`synchronised: ${snapshot.waiting.length} waiting, ${snapshot.agents.length} agents` +
					(vanished ? `; ${vanished} caller(s) left while disconnected, outcome unknown` : '')
			);
		}
		const replay = held;
		held = [];
		for (const event of replay) applyLive(event, out);
		if (!live) {
			live = true;
			attempt = 0;
			options.onConnectionChange?.(true);
			startPing(current);
		}
	}

	function applyLive(msg: AmiMessage, out: TelephonyEvent[]): void {
		let events: TelephonyEvent[] | null;
		try {
			events = state.handleEvent(msg, Date.now());
		} catch (err) {
			log(`skipped ${msg.event}: ${err instanceof Error ? err.message : String(err)}`);
			return;
		}
		if (events === null) {
			const name = msg.event ?? '';
			if (!ignored.has(name) && ignored.size < IGNORED_NAMES_LOGGED) {
				ignored.add(name);
				log(`ignoring ${name} events (not used by the queue statistics)`);
			}
			return;
		}
		out.push(...events);
	}

	function startPing(current: Link): void {
		clearInterval(pingTimer);
		let waiting = false;
		pingTimer = setInterval(() => {
			if (waiting) return;
			waiting = true;
			request(current, { Action: 'Ping' }, () => (waiting = false));
		}, pingIntervalMs);
	}

	function onClose(current: Link): void {
		for (const { timer } of current.expected.values()) clearTimeout(timer);
		current.expected.clear();
		clearInterval(pingTimer);
		clearTimeout(statusTimer);
		clearTimeout(resyncTimer);
		resyncTimer = undefined;
		if (link === current) link = undefined;
		if (statusId !== undefined) {
			// The listing was cut short: keep the old model, and keep the real events it held.
			state.cancelSnapshot();
			statusId = undefined;
			listing = false;
			const out: TelephonyEvent[] = [];
			const replay = held;
			held = [];
			for (const event of replay) applyLive(event, out);
			deliver(out);
		}
		if (live) {
			live = false;
			options.onConnectionChange?.(false);
		}
		if (!running) return;
		const delay = backoffDelay(attempt++, backoff, random);
		const why = current.reason ?? (current.greeted ? 'connection closed' : 'no connection');
		log(`${current.greeted ? 'lost' : 'cannot reach'} ${where} (${why}); retrying in ${delay} ms`);
		reconnectTimer = setTimeout(connect, delay);
	}

	/** Validates, then hands events to `emit` in order; reading pauses while two batches wait. */
	function deliver(events: TelephonyEvent[]): void {
		const valid = events.filter((event) => {
			const parsed = telephonyEventSchema.safeParse(event);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				log(`dropped an invalid ${event.type}: ${issue?.path.join('.')}: ${issue?.message}`);
			}
			return parsed.success;
		});
		scheduleTick();
		if (valid.length === 0) return;
		inFlight++;
		if (inFlight > 1) link?.socket.pause();
		delivering = delivering.then(async () => {
			try {
				await options.emit(valid);
			} catch (err) {
				log(
					`could not store ${valid.length} event(s): ${err instanceof Error ? err.message : String(err)}; will resynchronise`
				);
				scheduleResync();
			} finally {
				inFlight--;
				if (inFlight <= 1) link?.socket.resume();
			}
		});
	}

	/** After lost events, a fresh snapshot puts the consumer right again. */
	function scheduleResync(): void {
		if (resyncTimer || !running) return;
		resyncTimer = setTimeout(() => {
			resyncTimer = undefined;
			if (link && live) resync(link);
		}, backoff.initialMs);
	}

	function scheduleTick(): void {
		clearTimeout(tickTimer);
		tickTimer = undefined;
		const next = state.nextDeadline();
		if (next === undefined || !running) return;
		tickTimer = setTimeout(
			() => {
				tickTimer = undefined;
				deliver(state.tick(Date.now()));
			},
			Math.max(0, next - Date.now()) + 1
		);
	}

	return {
		name: 'ami',
		get connected() {
			return live;
		},
		async start() {
			if (running) return;
			running = true;
			log(`connecting to ${where}`);
			connect();
		},
		async stop() {
			if (!running) return;
			running = false;
			clearTimeout(reconnectTimer);
			clearTimeout(tickTimer);
			clearTimeout(resyncTimer);
			clearInterval(pingTimer);
			const current = link;
			if (current && !current.socket.destroyed) {
				if (current.greeted) {
					current.socket.end(formatMessage({ Action: 'Logoff', ActionID: nextId() }));
				} else current.socket.destroy();
				const grace = setTimeout(() => current.socket.destroy(), 1000);
				await closed;
				clearTimeout(grace);
			}
			await delivering;
		}
	};
}
