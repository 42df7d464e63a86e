import net from 'node:net';
import {
	AmiMessage,
	createAmiParser,
	formatMessage
} from '../../workers/telephony/ami-protocol.ts';

/*
 * A fake Asterisk Manager Interface on loopback, for tests and for the demo
 * (`npm run fake-ami`). It keeps a small app_queue model (queues, members, device states,
 * waiting callers) and speaks the protocol as Asterisk 16-20 does: the banner line, Login,
 * Ping, Logoff, QueueStatus answered from the model, and the queue events in the order
 * app_queue.c sends them (QueueCallerLeave before AgentConnect; QueueCallerAbandon before
 * QueueCallerLeave; one QueueMemberStatus per queue of the member). The model changes while
 * nobody is connected, as a PBX does, so a client that reconnects must resync.
 */

type Fields = Array<[string, string | number]>;

export interface FakeAmiOptions {
	host?: string;
	/** 0 (the default) picks a free port. */
	port?: number;
	username?: string;
	secret?: string;
	/** Adds `Timestamp:` to events, as manager.conf `timestampevents = yes` does. */
	timestampEvents?: boolean;
	log?: (line: string) => void;
}

export interface FakeMember {
	queue: string;
	iface: string;
	name: string;
	paused: boolean;
	reason: string;
	/** The member's own wrap-up (Asterisk 16+ `Wrapuptime`), 0 = the queue's. */
	wrapUpSec: number;
	calls: number;
	/** Epoch seconds of the end of the last call, 0 = none. */
	lastCall: number;
	lastPause: number;
	loginTime: number;
	inCall: boolean;
}

export interface FakeCaller {
	uid: string;
	linkedId: string;
	channel: string;
	queue: string;
	callerIdNum: string;
	joinedAt: number;
	originalPosition: number;
	ringing: Set<string>;
	ringStartedAt?: number;
	/** Set once answered: the member's interface and its channel. */
	agent?: string;
	agentChannel?: string;
	agentUid?: string;
	answeredAt?: number;
}

interface FakeQueue {
	name: string;
	/** queues.conf wrapuptime: used by the scenario, never sent (Asterisk does not either). */
	wrapUpSec: number;
	members: Map<string, FakeMember>;
	callers: FakeCaller[];
	completed: number;
	abandoned: number;
}

interface Session {
	socket: net.Socket;
	authenticated: boolean;
	events: boolean;
	writing: Promise<void>;
}

/** The app_queue device states (AST_DEVICE_*), by name. */
export const Device = {
	unknown: 0,
	notInUse: 1,
	inUse: 2,
	busy: 3,
	invalid: 4,
	unavailable: 5,
	ringing: 6,
	ringInUse: 7,
	onHold: 8
} as const;

export class FakeAmi {
	readonly host: string;
	readonly username: string;
	readonly secret: string;
	/** Refuse every login (tests of a wrong secret or a locked account). */
	rejectLogins = false;
	/** Write everything in pieces of at most this many bytes, each flushed on its own. */
	chunkBytes: number | undefined;
	/**
	 * Runs once inside the next QueueStatus listing, after its items were taken: the events it
	 * causes are written between the listing's first line and its items, as on a busy PBX.
	 */
	duringQueueStatus: (() => void) | undefined;
	/** Every action received, in order. */
	readonly actions: AmiMessage[] = [];
	/** Connections accepted so far. */
	connections = 0;

	readonly #server: net.Server;
	readonly #sessions = new Set<Session>();
	readonly #queues = new Map<string, FakeQueue>();
	readonly #devices = new Map<string, number>();
	readonly #callers = new Map<string, FakeCaller>();
	readonly #timestampEvents: boolean;
	readonly #log: (line: string) => void;
	readonly #waiters: Array<() => void> = [];
	#channelSeq = 0;
	#uidSeq = 0;
	#port = 0;

	private constructor(options: FakeAmiOptions) {
		this.host = options.host ?? '127.0.0.1';
		this.username = options.username ?? 'citydesk';
		this.secret = options.secret ?? 'secret';
		this.#timestampEvents = options.timestampEvents ?? false;
		this.#log = options.log ?? (() => {});
		this.#server = net.createServer((socket) => this.#accept(socket));
	}

	/** Starts listening; resolves once the port is known. */
	static async start(options: FakeAmiOptions = {}): Promise<FakeAmi> {
		const fake = new FakeAmi(options);
		await new Promise<void>((resolve, reject) => {
			fake.#server.once('error', reject);
			fake.#server.listen(options.port ?? 0, fake.host, () => resolve());
		});
		const address = fake.#server.address();
		fake.#port = typeof address === 'object' && address ? address.port : 0;
		return fake;
	}

	get port(): number {
		return this.#port;
	}

	/** An AMI_URL for this server (with its credentials unless others are given). */
	url(username = this.username, secret = this.secret): string {
		return `tcp://${encodeURIComponent(username)}:${encodeURIComponent(secret)}@${this.host}:${this.#port}`;
	}

	/** Sessions logged in now. */
	get loggedIn(): number {
		return [...this.#sessions].filter((s) => s.authenticated && !s.socket.destroyed).length;
	}

	/** Resolves when `check()` holds, re-checked after every action and connection change. */
	async until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`fake AMI: timed out waiting for ${what}`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, Math.min(left, 50));
				this.#waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** How many actions of this name arrived so far. */
	count(action: string): number {
		return this.actions.filter((a) => a.get('Action')?.toLowerCase() === action.toLowerCase())
			.length;
	}

	/** Drops every connection, as a PBX restart or a network cut does. */
	dropConnections(): void {
		for (const session of this.#sessions) session.socket.destroy();
	}

	async close(): Promise<void> {
		this.dropConnections();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	// --- the model -----------------------------------------------------------------------

	addQueue(name: string, options: { wrapUpSec?: number } = {}): void {
		this.#queues.set(name, {
			name,
			wrapUpSec: options.wrapUpSec ?? 0,
			members: new Map(),
			callers: [],
			completed: 0,
			abandoned: 0
		});
	}

	queueNames(): string[] {
		return [...this.#queues.keys()];
	}

	/** A member of a queue, if it is one. */
	member(queue: string, iface: string): Readonly<FakeMember> | undefined {
		return this.#queues.get(queue)?.members.get(iface);
	}

	/** Every membership of an interface. */
	memberships(iface: string): Readonly<FakeMember>[] {
		return [...this.#queues.values()].flatMap((q) => q.members.get(iface) ?? []);
	}

	device(iface: string): number {
		return this.#devices.get(iface) ?? Device.unknown;
	}

	/** Callers waiting in a queue, head first. */
	callers(queue: string): readonly Readonly<FakeCaller>[] {
		return this.#queue(queue).callers;
	}

	/** A caller, waiting or talking. */
	caller(uid: string): Readonly<FakeCaller> | undefined {
		return this.#callers.get(uid);
	}

	addMember(
		queue: string,
		iface: string,
		name: string,
		options: { paused?: boolean; reason?: string; wrapUpSec?: number; device?: number } = {}
	): void {
		const q = this.#queue(queue);
		const now = this.#nowSec();
		const member: FakeMember = {
			queue,
			iface,
			name,
			paused: options.paused ?? false,
			reason: options.paused ? (options.reason ?? '') : '',
			wrapUpSec: options.wrapUpSec ?? 0,
			calls: 0,
			lastCall: 0,
			lastPause: options.paused ? now : 0,
			loginTime: now,
			inCall: false
		};
		q.members.set(iface, member);
		if (options.device !== undefined || !this.#devices.has(iface)) {
			this.#devices.set(iface, options.device ?? Device.notInUse);
		}
		this.#event('QueueMemberAdded', this.#memberFields(member));
	}

	removeMember(queue: string, iface: string): void {
		const q = this.#queue(queue);
		const member = q.members.get(iface);
		if (!member) throw new Error(`fake AMI: ${iface} is not in ${queue}`);
		q.members.delete(iface);
		this.#event('QueueMemberRemoved', this.#memberFields(member));
	}

	/** A device state change: one QueueMemberStatus per queue the interface is in. */
	setDevice(iface: string, status: number): void {
		this.#devices.set(iface, status);
		for (const member of this.#membersOf(iface)) {
			this.#event('QueueMemberStatus', this.#memberFields(member));
		}
	}

	/** QueuePause: in one queue, or in all of the member's queues. */
	pause(iface: string, paused: boolean, reason = '', queue?: string): void {
		const members = this.#membersOf(iface).filter((m) => !queue || m.queue === queue);
		if (members.length === 0) throw new Error(`fake AMI: ${iface} is in no such queue`);
		for (const member of members) {
			member.paused = paused;
			member.reason = paused ? reason : '';
			if (paused) member.lastPause = this.#nowSec();
			this.#event('QueueMemberPause', [...this.#memberFields(member), ['Reason', member.reason]]);
		}
	}

	/** A caller enters a queue (Queue() in the dialplan); returns its Uniqueid. */
	join(queue: string, options: { uid?: string; callerIdNum?: string } = {}): string {
		const q = this.#queue(queue);
		const uid = options.uid ?? this.#nextUid();
		const caller: FakeCaller = {
			uid,
			linkedId: uid,
			channel: `PJSIP/hinet-${this.#nextChannel()}`,
			queue,
			callerIdNum: options.callerIdNum ?? `07${String(3000000 + this.#uidSeq).padStart(7, '0')}`,
			joinedAt: Date.now(),
			originalPosition: q.callers.length + 1,
			ringing: new Set()
		};
		q.callers.push(caller);
		this.#callers.set(uid, caller);
		this.#event('QueueCallerJoin', [
			...this.#channelFields(caller),
			['Queue', queue],
			['Position', q.callers.length],
			['Count', q.callers.length]
		]);
		return uid;
	}

	/** The queue rings a member for a caller (AgentCalled, then the phone rings). */
	ring(uid: string, iface: string): void {
		const caller = this.#waitingCaller(uid);
		const member = this.#memberFor(caller, iface);
		caller.ringing.add(iface);
		caller.ringStartedAt ??= Date.now();
		this.#event('AgentCalled', [...this.#agentFields(caller, member), ...this.#who(member)]);
		this.setDevice(iface, Device.ringing);
	}

	/** The member did not pick up in time. */
	ringNoAnswer(uid: string, iface: string): void {
		const caller = this.#waitingCaller(uid);
		const member = this.#memberFor(caller, iface);
		caller.ringing.delete(iface);
		this.#event('AgentRingNoAnswer', [
			...this.#agentFields(caller, member),
			...this.#who(member),
			['RingTime', Math.round((Date.now() - (caller.ringStartedAt ?? Date.now())) / 1000)]
		]);
		this.setDevice(iface, Device.notInUse);
	}

	/** The member answers: the caller leaves the queue, then AgentConnect, then the phones. */
	answer(uid: string, iface: string): void {
		const caller = this.#waitingCaller(uid);
		const member = this.#memberFor(caller, iface);
		caller.agent = iface;
		caller.agentChannel = `${iface}-${this.#nextChannel()}`;
		caller.agentUid = this.#nextUid();
		caller.answeredAt = Date.now();
		this.#leave(caller);
		this.#event('AgentConnect', [
			...this.#agentFields(caller, member),
			...this.#who(member),
			['HoldTime', this.#secondsSince(caller.joinedAt)],
			['RingTime', this.#secondsSince(caller.ringStartedAt ?? caller.answeredAt)]
		]);
		for (const m of this.#membersOf(iface)) m.inCall = true;
		const others = [...caller.ringing].filter((i) => i !== iface);
		caller.ringing.clear();
		this.setDevice(iface, Device.inUse);
		// ringall: the other phones just stop ringing, with no AgentRingNoAnswer.
		for (const other of others) this.setDevice(other, Device.notInUse);
	}

	/** An answered call ends (AgentComplete), then the member's phone is free. */
	hangup(uid: string, by: 'caller' | 'agent' = 'caller'): void {
		const caller = this.#callers.get(uid);
		if (!caller?.agent || caller.answeredAt === undefined) {
			throw new Error(`fake AMI: ${uid} is not an answered call`);
		}
		const member = this.#memberFor(caller, caller.agent);
		this.#event('AgentComplete', [
			...this.#agentFields(caller, member),
			...this.#who(member),
			['HoldTime', Math.round((caller.answeredAt - caller.joinedAt) / 1000)],
			['TalkTime', this.#secondsSince(caller.answeredAt)],
			['Reason', by]
		]);
		const now = this.#nowSec();
		for (const m of this.#membersOf(caller.agent)) {
			m.inCall = false;
			m.lastCall = now;
		}
		member.calls++;
		this.#queue(caller.queue).completed++;
		this.#callers.delete(uid);
		this.setDevice(caller.agent, Device.notInUse);
	}

	/** The caller hangs up while waiting (or the queue times out: the same events). */
	abandon(uid: string): void {
		const caller = this.#waitingCaller(uid);
		const q = this.#queue(caller.queue);
		this.#event('QueueCallerAbandon', [
			...this.#channelFields(caller),
			['Queue', caller.queue],
			['Position', q.callers.indexOf(caller) + 1],
			['OriginalPosition', caller.originalPosition],
			['HoldTime', this.#secondsSince(caller.joinedAt)]
		]);
		q.abandoned++;
		this.#leave(caller);
		this.#callers.delete(uid);
		for (const iface of caller.ringing) this.setDevice(iface, Device.notInUse);
	}

	/** The caller presses a key to leave the queue: QueueCallerLeave alone. */
	exitWithKey(uid: string): void {
		const caller = this.#waitingCaller(uid);
		this.#leave(caller);
		this.#callers.delete(uid);
		for (const iface of caller.ringing) this.setDevice(iface, Device.notInUse);
	}

	/** Sends an arbitrary event to every listening session. */
	event(name: string, fields: Fields = []): void {
		this.#event(name, fields);
	}

	/** Sends raw bytes to every logged-in session (malformed input, split messages...). */
	sendRaw(text: string): void {
		for (const session of this.#sessions) {
			if (session.authenticated) this.#write(session, text);
		}
	}

	/** Resolves once everything written so far has been handed to the kernel. */
	async flushed(): Promise<void> {
		await Promise.all([...this.#sessions].map((s) => s.writing));
	}

	// --- protocol ------------------------------------------------------------------------

	#accept(socket: net.Socket): void {
		this.connections++;
		socket.setNoDelay(true);
		const session: Session = {
			socket,
			authenticated: false,
			events: true,
			writing: Promise.resolve()
		};
		this.#sessions.add(session);
		const parser = createAmiParser();
		socket.on('data', (chunk) => {
			for (const frame of parser.push(chunk)) {
				if (frame.type === 'message') this.#action(session, frame.message);
				else if (frame.type === 'malformed') this.#log(`[fake-ami] malformed: ${frame.reason}`);
			}
		});
		socket.on('error', () => {});
		socket.on('close', () => {
			this.#sessions.delete(session);
			this.#wake();
		});
		this.#write(session, 'Asterisk Call Manager/7.0.3\r\n');
		this.#wake();
	}

	#action(session: Session, action: AmiMessage): void {
		this.actions.push(action);
		const name = action.get('Action')?.toLowerCase();
		const id: Fields = action.actionId !== undefined ? [['ActionID', action.actionId]] : [];
		const reply = (fields: Fields) => this.#write(session, formatMessage(fields));
		try {
			if (name === 'login') {
				const ok =
					!this.rejectLogins &&
					action.get('Username') === this.username &&
					action.get('Secret') === this.secret;
				if (!ok) {
					reply([['Response', 'Error'], ...id, ['Message', 'Authentication failed']]);
					// Asterisk ends the session after a failed login.
					void session.writing.then(() => session.socket.end());
					return;
				}
				session.authenticated = true;
				session.events = action.get('Events')?.toLowerCase() !== 'off';
				reply([['Response', 'Success'], ...id, ['Message', 'Authentication accepted']]);
				if (session.events) {
					this.#write(
						session,
						formatMessage([
							['Event', 'FullyBooted'],
							['Privilege', 'system,all'],
							['Uptime', 3600],
							['LastReload', 3600],
							['Status', 'Fully Booted']
						])
					);
				}
				return;
			}
			if (!session.authenticated) {
				reply([['Response', 'Error'], ...id, ['Message', 'Authentication Required']]);
				return;
			}
			switch (name) {
				case 'ping':
					reply([
						['Response', 'Success'],
						...id,
						['Ping', 'Pong'],
						['Timestamp', (Date.now() / 1000).toFixed(6)]
					]);
					return;
				case 'logoff':
					reply([['Response', 'Goodbye'], ...id, ['Message', 'Thanks for all the fish.']]);
					void session.writing.then(() => session.socket.end());
					return;
				case 'queuestatus':
					this.#queueStatus(session, action, id);
					return;
				default:
					reply([['Response', 'Error'], ...id, ['Message', 'Invalid/unknown command']]);
			}
		} finally {
			this.#wake();
		}
	}

	/** The QueueStatus listing, as manager_queues_status() writes it. */
	#queueStatus(session: Session, action: AmiMessage, id: Fields): void {
		const filter = action.get('Queue');
		this.#write(
			session,
			formatMessage([
				['Response', 'Success'],
				...id,
				['EventList', 'start'],
				['Message', 'Queue status will follow']
			])
		);
		const out: Fields[] = [];
		const now = Date.now();
		for (const q of this.#queues.values()) {
			if (filter && filter !== q.name) continue;
			const done = q.completed + q.abandoned;
			out.push([
				['Event', 'QueueParams'],
				['Queue', q.name],
				['Max', 0],
				['Strategy', 'ringall'],
				['Calls', q.callers.length],
				['Holdtime', 0],
				['TalkTime', 0],
				['Completed', q.completed],
				['Abandoned', q.abandoned],
				['ServiceLevel', 20],
				['ServicelevelPerf', done ? ((100 * q.completed) / done).toFixed(1) : '0.0'],
				['ServicelevelPerf2', '0.0'],
				['Weight', 0],
				...id
			]);
			for (const m of q.members.values()) {
				out.push([
					['Event', 'QueueMember'],
					['Queue', q.name],
					['Name', m.name],
					['Location', m.iface],
					['StateInterface', m.iface],
					['Membership', 'dynamic'],
					['Penalty', 0],
					['CallsTaken', m.calls],
					['LastCall', m.lastCall],
					['LastPause', m.lastPause],
					['LoginTime', m.loginTime],
					['InCall', m.inCall ? 1 : 0],
					['Status', this.device(m.iface)],
					['Paused', m.paused ? 1 : 0],
					['PausedReason', m.reason],
					['Wrapuptime', m.wrapUpSec],
					...id
				]);
			}
			q.callers.forEach((c, i) => {
				out.push([
					['Event', 'QueueEntry'],
					['Queue', q.name],
					['Position', i + 1],
					['Channel', c.channel],
					['Uniqueid', c.uid],
					['CallerIDNum', c.callerIdNum],
					['CallerIDName', 'unknown'],
					['ConnectedLineNum', 'unknown'],
					['ConnectedLineName', 'unknown'],
					['Wait', Math.floor((now - c.joinedAt) / 1000)],
					['Priority', 0],
					...id
				]);
			});
		}
		out.push([
			['Event', 'QueueStatusComplete'],
			...id,
			['EventList', 'Complete'],
			['ListItems', out.length]
		]);
		const during = this.duringQueueStatus;
		this.duringQueueStatus = undefined;
		during?.();
		this.#write(session, out.map((fields) => formatMessage(fields)).join(''));
	}

	#event(name: string, fields: Fields): void {
		const head: Fields = [
			['Event', name],
			['Privilege', 'agent,all']
		];
		if (this.#timestampEvents) head.push(['Timestamp', (Date.now() / 1000).toFixed(6)]);
		const text = formatMessage([...head, ...fields]);
		for (const session of this.#sessions) {
			if (session.authenticated && session.events) this.#write(session, text);
		}
	}

	/** Ordered writes per session; with `chunkBytes`, each piece is flushed before the next. */
	#write(session: Session, text: string): void {
		const bytes = Buffer.from(text, 'utf8');
		const size = this.chunkBytes;
		session.writing = session.writing.then(async () => {
			if (session.socket.destroyed) return;
			if (!size) {
				session.socket.write(bytes);
				return;
			}
			for (let at = 0; at < bytes.length; at += size) {
				if (session.socket.destroyed) return;
				await new Promise<void>((resolve) => {
					session.socket.write(bytes.subarray(at, at + size), () => setImmediate(resolve));
				});
			}
		});
	}

	#wake(): void {
		for (const wake of this.#waiters.splice(0)) wake();
	}

	// --- fields --------------------------------------------------------------------------

	#queue(name: string): FakeQueue {
		const q = this.#queues.get(name);
		if (!q) throw new Error(`fake AMI: no queue ${name}`);
		return q;
	}

	#membersOf(iface: string): FakeMember[] {
		return [...this.#queues.values()].flatMap((q) => q.members.get(iface) ?? []);
	}

	#memberFor(caller: FakeCaller, iface: string): FakeMember {
		const member = this.#queue(caller.queue).members.get(iface);
		if (!member) throw new Error(`fake AMI: ${iface} is not in ${caller.queue}`);
		return member;
	}

	#waitingCaller(uid: string): FakeCaller {
		const caller = this.#callers.get(uid);
		if (!caller || caller.answeredAt !== undefined) {
			throw new Error(`fake AMI: ${uid} is not waiting`);
		}
		return caller;
	}

	#leave(caller: FakeCaller): void {
		const q = this.#queue(caller.queue);
		const position = q.callers.indexOf(caller) + 1;
		q.callers = q.callers.filter((c) => c !== caller);
		this.#event('QueueCallerLeave', [
			...this.#channelFields(caller),
			['Queue', caller.queue],
			['Count', q.callers.length],
			['Position', position]
		]);
	}

	#memberFields(m: FakeMember): Fields {
		return [
			['Queue', m.queue],
			['MemberName', m.name],
			['Interface', m.iface],
			['StateInterface', m.iface],
			['Membership', 'dynamic'],
			['Penalty', 0],
			['CallsTaken', m.calls],
			['LastCall', m.lastCall],
			['LastPause', m.lastPause],
			['LoginTime', m.loginTime],
			['InCall', m.inCall ? 1 : 0],
			['Status', this.device(m.iface)],
			['Paused', m.paused ? 1 : 0],
			['PausedReason', m.reason],
			['Ringinuse', 0],
			['Wrapuptime', m.wrapUpSec]
		];
	}

	#who(m: FakeMember): Fields {
		return [
			['Queue', m.queue],
			['MemberName', m.name],
			['Interface', m.iface]
		];
	}

	/** A channel snapshot (ast_manager_build_channel_state_string), optionally prefixed. */
	#snapshot(
		prefix: '' | 'Dest',
		channel: string,
		uid: string,
		linkedId: string,
		callerIdNum: string
	): Fields {
		return [
			[`${prefix}Channel`, channel],
			[`${prefix}ChannelState`, 6],
			[`${prefix}ChannelStateDesc`, 'Up'],
			[`${prefix}CallerIDNum`, callerIdNum],
			[`${prefix}CallerIDName`, '<unknown>'],
			[`${prefix}ConnectedLineNum`, '<unknown>'],
			[`${prefix}ConnectedLineName`, '<unknown>'],
			[`${prefix}Language`, 'zh_TW'],
			[`${prefix}AccountCode`, ''],
			[`${prefix}Context`, prefix ? 'from-queue' : 'from-pstn'],
			[`${prefix}Exten`, '1999'],
			[`${prefix}Priority`, 1],
			[`${prefix}Uniqueid`, uid],
			[`${prefix}Linkedid`, linkedId]
		];
	}

	#channelFields(c: FakeCaller): Fields {
		return this.#snapshot('', c.channel, c.uid, c.linkedId, c.callerIdNum);
	}

	#agentFields(c: FakeCaller, m: FakeMember): Fields {
		const channel = c.agentChannel ?? `${m.iface}-${this.#nextChannel()}`;
		const uid = c.agentUid ?? this.#nextUid();
		return [
			...this.#channelFields(c),
			...this.#snapshot('Dest', channel, uid, c.linkedId, m.iface)
		];
	}

	#nextUid(): string {
		return `${Math.floor(Date.now() / 1000)}.${++this.#uidSeq}`;
	}

	#nextChannel(): string {
		return (++this.#channelSeq).toString(16).padStart(8, '0');
	}

	#nowSec(): number {
		return Math.floor(Date.now() / 1000);
	}

	#secondsSince(ms: number): number {
		return Math.max(0, Math.round((Date.now() - ms) / 1000));
	}
}
