import { createHash } from 'node:crypto';
import type { AgentState, TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import type { AmiMessage } from './ami-protocol.ts';

/*
 * What the AMI source knows about Asterisk's queues, and how app_queue's events become the
 * normalised telephony events (src/lib/contracts/telephony.ts). No I/O and no timers: the caller
 * passes the clock, and asks `nextDeadline()` when to call `tick()`.
 *
 * Facts from app_queue.c (Asterisk 12+) this relies on:
 * - On answer, QueueCallerLeave comes BEFORE AgentConnect, and a member macro, gosub or AGI may
 *   run in between; a caller who leaves by pressing a key gets QueueCallerLeave alone. So a
 *   Leave is held for `leaveGraceMs` waiting for AgentConnect before it counts as abandoned.
 * - QueueCallerAbandon precedes QueueCallerLeave, also for queue timeouts and leavewhenempty,
 *   and can come twice for one caller (hang-up just before connect).
 * - QueueMemberStatus is sent once per queue the member is in; Status is the device state
 *   (AST_DEVICE_*), Paused is per queue.
 * - QueueParams carries no wrapuptime; QueueMember/QueueMemberStatus carry the member's own
 *   Wrapuptime from Asterisk 16 on (0 = the queue's, which AMI does not report).
 */

/** AST_DEVICE_* as sent in `Status:`. */
export const DeviceState = {
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

const talking = new Set<number>([
	DeviceState.inUse,
	DeviceState.busy,
	DeviceState.ringInUse,
	DeviceState.onHold
]);
const unreachable = new Set<number>([DeviceState.invalid, DeviceState.unavailable]);

export interface AmiStateOptions {
	/** Wrap-up after a call (seconds) when neither the member nor `wrapUpSecByQueue` says. */
	wrapUpSec?: number;
	/** Per-queue wrap-up, i.e. queues.conf `wrapuptime`, which AMI does not report. */
	wrapUpSecByQueue?: Readonly<Record<string, number>>;
	/** How long a caller who left the queue may still turn out answered (see above). */
	leaveGraceMs?: number;
}

/** A known event with a missing or unusable field: log it and skip it. */
export class AmiEventError extends Error {}

interface Membership {
	paused: boolean;
	reason?: string;
	/** Order of pauses, to pick the latest reason across queues. */
	pausedSeq: number;
	/** The member's own Wrapuptime (Asterisk 16+), 0 = the queue's. */
	wrapUpSec: number;
}

interface AgentModel {
	agent: string;
	name?: string;
	queues: Map<string, Membership>;
	device: number;
	/** On a queue call: from AgentConnect to AgentComplete, or InCall in QueueStatus. */
	inCall: boolean;
	callId?: string;
	ringingFor?: string;
	/** Wrap-up ends (ms, local clock) and the id of the event that will say so. */
	wrapUntil?: number;
	wrapCause?: string;
	/** What the consumer was last told. */
	reported?: { state: AgentState; reason?: string };
}

type CallStage = 'waiting' | 'left' | 'answered' | 'done';

interface CallModel {
	callId: string;
	queue: string;
	linkedId?: string;
	stage: CallStage;
	agent?: string;
	/** When a left call counts as abandoned, or a finished one is forgotten (local ms). */
	deadline?: number;
	leftAt?: number;
}

interface Staging {
	queues: Map<string, { wrapUpSec: number }>;
	members: Map<
		string,
		{
			name?: string;
			queues: Map<string, Membership>;
			device: number;
			inCall: boolean;
			lastCallSec: number;
		}
	>;
	entries: Array<{ callId: string; queue: string; waitSec: number }>;
}

/** The result of a QueueStatus rebuild. */
export interface SnapshotResult {
	/** call.joined for callers first seen in the snapshot, then the snapshot itself. */
	events: TelephonyEvent[];
	/** Callers waiting before the rebuild who are gone from it: their outcome is unknown. */
	vanished: number;
}

const MAX_ID = 128;

/** A deterministic event id: the same AMI event gives the same id on every app node. */
export function amiEventId(...parts: Array<string | number>): string {
	return fitId(['ami', ...parts].join(':'));
}

/** Ids over the contract's 128 characters are replaced by their hash. */
function fitId(raw: string): string {
	if (raw.length <= MAX_ID) return raw;
	return `ami:sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

function flag(value: string | undefined): boolean {
	return value === '1' || value?.toLowerCase() === 'true' || value?.toLowerCase() === 'yes';
}

function int(value: string | undefined, fallback = 0): number {
	if (value === undefined || value.trim() === '') return fallback;
	const n = Number(value);
	return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

function required(msg: AmiMessage, ...names: string[]): string {
	for (const name of names) {
		const value = msg.get(name);
		if (value !== undefined && value !== '') return value;
	}
	throw new AmiEventError(`${msg.event ?? 'message'} without ${names.join('/')}`);
}

function text(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

/** The queues as the AMI source sees them; see the file comment. */
export class AmiState {
	readonly #wrapUpSec: number;
	readonly #wrapUpSecByQueue: Readonly<Record<string, number>>;
	readonly #leaveGraceMs: number;
	#agents = new Map<string, AgentModel>();
	#calls = new Map<string, CallModel>();
	#queueWrapUp = new Map<string, number>();
	/** AgentCalled per call and agent, so that a second ring of one agent gets its own id. */
	#ringAttempts = new Map<string, Map<string, number>>();
	#pauseSeq = 0;
	#staging: Staging | undefined;

	constructor(options: AmiStateOptions = {}) {
		this.#wrapUpSec = options.wrapUpSec ?? 0;
		this.#wrapUpSecByQueue = options.wrapUpSecByQueue ?? {};
		this.#leaveGraceMs = options.leaveGraceMs ?? 10_000;
	}

	/**
	 * One live AMI event → normalised events (often none). Returns null for an event this
	 * source does not consume; throws AmiEventError for a consumed one it cannot use.
	 */
	handleEvent(msg: AmiMessage, now: number): TelephonyEvent[] | null {
		switch (msg.event) {
			case 'QueueCallerJoin':
				return this.#join(msg, now);
			case 'QueueCallerLeave':
				return this.#leave(msg, now);
			case 'QueueCallerAbandon':
				return this.#abandon(msg, now);
			case 'AgentCalled':
				return this.#called(msg, now);
			case 'AgentRingNoAnswer':
				return this.#ringNoAnswer(msg, now);
			case 'AgentConnect':
				return this.#connect(msg, now);
			case 'AgentComplete':
				return this.#complete(msg, now);
			case 'QueueMemberAdded':
			case 'QueueMemberStatus':
			case 'QueueMemberPause':
				return this.#member(msg, now);
			case 'QueueMemberRemoved':
				return this.#removed(msg, now);
			default:
				return null;
		}
	}

	/** Starts a rebuild from a QueueStatus listing. */
	beginSnapshot(): void {
		this.#staging = { queues: new Map(), members: new Map(), entries: [] };
	}

	/** Drops an unfinished rebuild (the connection went away); the model stays as it was. */
	cancelSnapshot(): void {
		this.#staging = undefined;
	}

	get rebuilding(): boolean {
		return this.#staging !== undefined;
	}

	/** One item of the QueueStatus listing: QueueParams, QueueMember or QueueEntry. */
	addStatusItem(msg: AmiMessage): void {
		const staging = this.#staging;
		if (!staging) throw new AmiEventError(`${msg.event} outside a QueueStatus listing`);
		const queue = required(msg, 'Queue');
		switch (msg.event) {
			case 'QueueParams':
				// Not sent by stock Asterisk, read in case a build or proxy adds it.
				staging.queues.set(queue, { wrapUpSec: int(msg.get('Wrapuptime')) });
				return;
			case 'QueueMember': {
				const agent = required(msg, 'Location', 'Interface');
				const name = text(msg.get('Name') ?? msg.get('MemberName'));
				let member = staging.members.get(agent);
				if (!member) {
					member = {
						name: name === agent ? undefined : name,
						queues: new Map(),
						device: DeviceState.unknown,
						inCall: false,
						lastCallSec: 0
					};
					staging.members.set(agent, member);
				}
				const paused = flag(msg.get('Paused'));
				member.queues.set(queue, {
					paused,
					reason: paused ? text(msg.get('PausedReason')) : undefined,
					pausedSeq: paused ? ++this.#pauseSeq : 0,
					wrapUpSec: int(msg.get('Wrapuptime'))
				});
				member.device = int(msg.get('Status'), member.device);
				member.inCall ||= flag(msg.get('InCall'));
				member.lastCallSec = Math.max(member.lastCallSec, int(msg.get('LastCall')));
				return;
			}
			case 'QueueEntry':
				staging.entries.push({
					callId: required(msg, 'Uniqueid'),
					queue,
					waitSec: Math.max(0, int(msg.get('Wait')))
				});
				return;
			default:
				return;
		}
	}

	/** Ends the rebuild: the model is replaced by the listing, and the consumer's state too. */
	finishSnapshot(now: number): SnapshotResult {
		const staging = this.#staging;
		this.#staging = undefined;
		if (!staging) return { events: [], vanished: 0 };

		for (const [queue, params] of staging.queues) {
			if (params.wrapUpSec > 0) this.#queueWrapUp.set(queue, params.wrapUpSec);
		}

		const events: TelephonyEvent[] = [];
		const previous = this.#calls;
		const calls = new Map<string, CallModel>();
		const listed = new Set(staging.entries.map((e) => e.callId));
		for (const entry of staging.entries) {
			const known = previous.get(entry.callId);
			calls.set(entry.callId, {
				callId: entry.callId,
				queue: entry.queue,
				linkedId: known?.linkedId,
				stage: 'waiting'
			});
			if (known?.stage === 'waiting' && known.queue === entry.queue) continue;
			// Joined while we were away (or before this process started): the id dedupes it.
			events.push({
				type: 'call.joined',
				eventId: amiEventId('join', entry.callId, entry.queue),
				at: iso(now - entry.waitSec * 1000),
				callId: entry.callId,
				queue: entry.queue
			});
		}
		let vanished = 0;
		for (const call of previous.values()) {
			if (listed.has(call.callId)) continue;
			if (call.stage === 'waiting') vanished++;
			else if (call.stage === 'left' || call.stage === 'done') calls.set(call.callId, call);
		}

		const agents = new Map<string, AgentModel>();
		for (const [agent, member] of staging.members) {
			const before = this.#agents.get(agent);
			const model: AgentModel = {
				agent,
				name: member.name,
				queues: member.queues,
				device: member.device,
				inCall: member.inCall
			};
			if (member.inCall && before?.callId) {
				const call = previous.get(before.callId);
				if (call?.stage === 'answered') {
					model.callId = call.callId;
					calls.set(call.callId, call);
				}
			}
			// Asterisk keeps a member out of calls until LastCall + wrapuptime: so do we.
			const wrap = Math.max(...[...member.queues.keys()].map((q) => this.#wrapUpFor(model, q)));
			const lastCallEnd = member.lastCallSec * 1000;
			if (!member.inCall && member.lastCallSec > 0 && wrap > 0 && lastCallEnd + wrap * 1000 > now) {
				model.wrapUntil = lastCallEnd + wrap * 1000;
				model.wrapCause = amiEventId('wrapped', agent, member.lastCallSec);
			}
			if (!member.inCall && before?.wrapUntil && before.wrapUntil > (model.wrapUntil ?? now)) {
				model.wrapUntil = before.wrapUntil;
				model.wrapCause = before.wrapCause;
			}
			model.reported = this.#derive(model, now);
			agents.set(agent, model);
		}
		this.#agents = agents;
		this.#calls = calls;
		this.#ringAttempts.clear();

		events.push({
			type: 'snapshot',
			at: iso(now),
			waiting: staging.entries.map((e) => ({
				callId: e.callId,
				queue: e.queue,
				waitingSinceSec: e.waitSec
			})),
			agents: [...agents.values()].map((a) => ({
				agent: a.agent,
				...(a.name ? { name: a.name } : {}),
				state: a.reported!.state,
				...(a.reported!.reason ? { reason: a.reported!.reason } : {}),
				...(a.callId ? { callId: a.callId } : {})
			}))
		});
		return { events, vanished };
	}

	/** Events that fall due by `now`: ends of wrap-up, left callers who were never answered. */
	tick(now: number): TelephonyEvent[] {
		const events: TelephonyEvent[] = [];
		for (const call of [...this.#calls.values()]) {
			if (call.deadline === undefined || call.deadline > now) continue;
			this.#calls.delete(call.callId);
			this.#ringAttempts.delete(call.callId);
			if (call.stage !== 'left') continue;
			const abandoned = this.#abandoned(call.callId, call.leftAt ?? now);
			events.push(abandoned, ...this.#stopRinging(call.callId, now, abandoned.eventId!));
		}
		for (const agent of this.#agents.values()) {
			if (agent.wrapUntil === undefined || agent.wrapUntil > now) continue;
			const at = agent.wrapUntil;
			agent.wrapUntil = undefined;
			events.push(...this.#report(agent, now, at, agent.wrapCause));
		}
		return events;
	}

	/** When `tick` next has something to do (local ms), if ever. */
	nextDeadline(): number | undefined {
		let next: number | undefined;
		for (const call of this.#calls.values()) {
			if (call.deadline !== undefined && (next === undefined || call.deadline < next)) {
				next = call.deadline;
			}
		}
		for (const agent of this.#agents.values()) {
			if (agent.wrapUntil !== undefined && (next === undefined || agent.wrapUntil < next)) {
				next = agent.wrapUntil;
			}
		}
		return next;
	}

	/** Callers waiting now, for tests and diagnostics. */
	get waiting(): string[] {
		return [...this.#calls.values()].filter((c) => c.stage === 'waiting').map((c) => c.callId);
	}

	/** What the consumer was last told about an agent. */
	agentState(agent: string): { state: AgentState; reason?: string } | undefined {
		return this.#agents.get(agent)?.reported;
	}

	// --- calls ---------------------------------------------------------------------------

	/** The caller's id: Uniqueid, or the call we know under the same Linkedid. */
	#callId(msg: AmiMessage): string {
		const uniqueId = text(msg.get('Uniqueid'));
		if (uniqueId && this.#calls.has(uniqueId)) return uniqueId;
		const linkedId = text(msg.get('Linkedid'));
		if (linkedId) {
			// A Local channel optimised away changes the caller's Uniqueid, never its Linkedid.
			for (const call of this.#calls.values()) {
				if (call.linkedId === linkedId && call.stage !== 'done') return call.callId;
			}
		}
		const id = uniqueId ?? linkedId;
		if (!id) throw new AmiEventError(`${msg.event} without Uniqueid/Linkedid`);
		return id;
	}

	#joined(callId: string, queue: string, at: number): TelephonyEvent {
		return {
			type: 'call.joined',
			eventId: amiEventId('join', callId, queue),
			at: iso(at),
			callId,
			queue
		};
	}

	#abandoned(callId: string, at: number): TelephonyEvent {
		return { type: 'call.abandoned', eventId: amiEventId('abandon', callId), at: iso(at), callId };
	}

	/**
	 * The call stopped ringing agents: with ringall the others get no AgentRingNoAnswer when
	 * one answers, nor does anyone when the caller goes.
	 */
	#stopRinging(callId: string, now: number, cause: string): TelephonyEvent[] {
		this.#ringAttempts.delete(callId);
		const events: TelephonyEvent[] = [];
		for (const agent of this.#agents.values()) {
			if (agent.ringingFor !== callId) continue;
			agent.ringingFor = undefined;
			events.push(...this.#report(agent, now, now, fitId(`${cause}:${agent.agent}`)));
		}
		return events;
	}

	#join(msg: AmiMessage, now: number): TelephonyEvent[] {
		const queue = required(msg, 'Queue');
		const callId = required(msg, 'Uniqueid', 'Linkedid');
		const known = this.#calls.get(callId);
		if (known?.stage === 'waiting' && known.queue === queue) return [];
		const events: TelephonyEvent[] = [];
		// Back into a queue after leaving one unanswered: that first leg ends here.
		if (known?.stage === 'left') events.push(this.#abandoned(callId, known.leftAt ?? now));
		this.#calls.set(callId, {
			callId,
			queue,
			linkedId: text(msg.get('Linkedid')),
			stage: 'waiting'
		});
		events.push(this.#joined(callId, queue, now));
		return events;
	}

	#leave(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const call = this.#calls.get(callId);
		if (call?.stage === 'waiting') {
			call.stage = 'left';
			call.leftAt = now;
			call.deadline = now + this.#leaveGraceMs;
		} else if (call?.stage === 'done') {
			this.#calls.delete(callId);
		}
		return [];
	}

	#abandon(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const call = this.#calls.get(callId);
		if (call?.stage === 'done' || call?.stage === 'answered') return [];
		const events: TelephonyEvent[] = [];
		const queue = text(msg.get('Queue'));
		if (!call && queue) {
			// Never saw it join (we started later): HoldTime dates the join.
			events.push(this.#joined(callId, queue, now - int(msg.get('HoldTime')) * 1000));
		}
		this.#calls.set(callId, {
			callId,
			queue: call?.queue ?? queue ?? '',
			linkedId: call?.linkedId ?? text(msg.get('Linkedid')),
			stage: 'done',
			deadline: now + this.#leaveGraceMs
		});
		const abandoned = this.#abandoned(callId, now);
		events.push(abandoned, ...this.#stopRinging(callId, now, abandoned.eventId!));
		return events;
	}

	#connect(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const agentId = required(msg, 'Interface');
		const call = this.#calls.get(callId);
		if (call?.stage === 'answered' && call.agent === agentId) return [];
		const events: TelephonyEvent[] = [];
		const queue = text(msg.get('Queue')) ?? call?.queue;
		if (!call && queue) {
			events.push(this.#joined(callId, queue, now - int(msg.get('HoldTime')) * 1000));
		}
		this.#calls.set(callId, {
			callId,
			queue: queue ?? '',
			linkedId: call?.linkedId ?? text(msg.get('Linkedid')),
			stage: 'answered',
			agent: agentId
		});
		const answerId = amiEventId('answer', callId, agentId);
		events.push({ type: 'call.answered', eventId: answerId, at: iso(now), callId, agent: agentId });
		const agent = this.#agent(agentId, msg, queue);
		agent.inCall = true;
		agent.callId = callId;
		agent.ringingFor = undefined;
		agent.wrapUntil = undefined;
		events.push(...this.#report(agent, now, now, answerId));
		events.push(...this.#stopRinging(callId, now, answerId));
		return events;
	}

	#complete(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const agentId = required(msg, 'Interface');
		const call = this.#calls.get(callId);
		if (call?.stage === 'done') return [];
		const queue = text(msg.get('Queue')) ?? call?.queue;
		const events: TelephonyEvent[] = [];
		if (call?.stage !== 'answered') {
			// Answered before we were connected: HoldTime and TalkTime rebuild its history, and
			// the ids make these a no-op where the consumer already has them.
			const talkMs = int(msg.get('TalkTime')) * 1000;
			if (!call && queue) {
				events.push(this.#joined(callId, queue, now - talkMs - int(msg.get('HoldTime')) * 1000));
			}
			events.push({
				type: 'call.answered',
				eventId: amiEventId('answer', callId, agentId),
				at: iso(now - talkMs),
				callId,
				agent: agentId
			});
		}
		const agent = this.#agent(agentId, msg, queue);
		const wrapUpSec = queue ? this.#wrapUpFor(agent, queue) : this.#wrapUpSec;
		const completeId = amiEventId('complete', callId, agentId);
		events.push({
			type: 'call.completed',
			eventId: completeId,
			at: iso(now),
			callId,
			agent: agentId,
			wrapUpSec
		});
		this.#calls.set(callId, {
			callId,
			queue: queue ?? '',
			stage: 'done',
			deadline: now + this.#leaveGraceMs
		});
		this.#ringAttempts.delete(callId);
		if (agent.callId === callId) agent.callId = undefined;
		agent.inCall = agent.callId !== undefined;
		if (wrapUpSec > 0) {
			agent.wrapUntil = now + wrapUpSec * 1000;
			agent.wrapCause = amiEventId('wrapped', callId, agentId);
		}
		events.push(...this.#report(agent, now, now, completeId));
		return events;
	}

	// --- agents --------------------------------------------------------------------------

	#called(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const agent = this.#agent(required(msg, 'Interface'), msg, text(msg.get('Queue')));
		let attempts = this.#ringAttempts.get(callId);
		if (!attempts) this.#ringAttempts.set(callId, (attempts = new Map()));
		const attempt = (attempts.get(agent.agent) ?? 0) + 1;
		attempts.set(agent.agent, attempt);
		agent.ringingFor = callId;
		return this.#report(agent, now, now, amiEventId('ring', callId, agent.agent, attempt));
	}

	#ringNoAnswer(msg: AmiMessage, now: number): TelephonyEvent[] {
		const callId = this.#callId(msg);
		const agent = this.#agent(required(msg, 'Interface'), msg, text(msg.get('Queue')));
		const attempt = this.#ringAttempts.get(callId)?.get(agent.agent) ?? 0;
		agent.ringingFor = undefined;
		// The phone may still report RINGING until its device state catches up.
		if (agent.device === DeviceState.ringing) agent.device = DeviceState.notInUse;
		return this.#report(agent, now, now, amiEventId('noanswer', callId, agent.agent, attempt));
	}

	#member(msg: AmiMessage, now: number): TelephonyEvent[] {
		const queue = required(msg, 'Queue');
		const agent = this.#agent(required(msg, 'Interface', 'Location'), msg, queue);
		const membership = agent.queues.get(queue)!;
		if (msg.get('Paused') !== undefined) {
			const paused = flag(msg.get('Paused'));
			const reason = paused
				? (text(msg.get('PausedReason')) ?? text(msg.get('Reason')))
				: undefined;
			if (paused && (!membership.paused || membership.reason !== reason)) {
				membership.pausedSeq = ++this.#pauseSeq;
			}
			membership.paused = paused;
			membership.reason = reason;
		}
		if (msg.get('Wrapuptime') !== undefined) membership.wrapUpSec = int(msg.get('Wrapuptime'));
		if (msg.get('Status') !== undefined) agent.device = int(msg.get('Status'), agent.device);
		// InCall in live events can lag AgentComplete; calls are tracked from Agent* events.
		return this.#report(agent, now, now, this.#memberCause(msg, agent.agent));
	}

	#removed(msg: AmiMessage, now: number): TelephonyEvent[] {
		const queue = required(msg, 'Queue');
		const agentId = required(msg, 'Interface', 'Location');
		const agent = this.#agents.get(agentId);
		if (!agent) return [];
		agent.queues.delete(queue);
		if (agent.queues.size === 0) {
			agent.wrapUntil = undefined;
			agent.ringingFor = undefined;
		}
		return this.#report(agent, now, now, this.#memberCause(msg, agentId));
	}

	/**
	 * Member events carry nothing unique per occurrence unless manager.conf has
	 * `timestampevents = yes`; without it they get no id (a repeated state is harmless).
	 */
	#memberCause(msg: AmiMessage, agent: string): string | undefined {
		const timestamp = text(msg.get('Timestamp'));
		return timestamp
			? amiEventId(msg.event ?? 'member', msg.get('Queue') ?? '', agent, timestamp)
			: undefined;
	}

	/** The agent, created on first sight, with a membership in `queue` if one is named. */
	#agent(agentId: string, msg: AmiMessage, queue: string | undefined): AgentModel {
		let agent = this.#agents.get(agentId);
		if (!agent) {
			agent = { agent: agentId, queues: new Map(), device: DeviceState.unknown, inCall: false };
			this.#agents.set(agentId, agent);
		}
		const name = text(msg.get('MemberName') ?? msg.get('Name'));
		if (name && name !== agentId) agent.name = name;
		if (queue && !agent.queues.has(queue)) {
			agent.queues.set(queue, { paused: false, pausedSeq: 0, wrapUpSec: 0 });
		}
		return agent;
	}

	#wrapUpFor(agent: AgentModel, queue: string): number {
		const seconds =
			agent.queues.get(queue)?.wrapUpSec ||
			this.#queueWrapUp.get(queue) ||
			this.#wrapUpSecByQueue[queue] ||
			this.#wrapUpSec;
		return Math.min(3600, Math.max(0, seconds));
	}

	/** The state the wallboard should show, from everything known about the agent. */
	#derive(agent: AgentModel, now: number): { state: AgentState; reason?: string } {
		if (agent.queues.size === 0 || unreachable.has(agent.device)) return { state: 'logged_out' };
		// Talking wins over a pause taken during the call: the pause shows once it ends.
		if (agent.inCall || talking.has(agent.device)) return { state: 'on_call' };
		const memberships = [...agent.queues.values()];
		if (memberships.every((m) => m.paused)) {
			const latest = memberships.reduce((a, b) => (b.pausedSeq > a.pausedSeq ? b : a));
			return latest.reason ? { state: 'not_ready', reason: latest.reason } : { state: 'not_ready' };
		}
		if (agent.wrapUntil !== undefined && agent.wrapUntil > now) return { state: 'wrap_up' };
		if (agent.ringingFor || agent.device === DeviceState.ringing) return { state: 'ringing' };
		return { state: 'available' };
	}

	/** agent.state when the derived state differs from what the consumer was told. */
	#report(agent: AgentModel, now: number, at: number, cause?: string): TelephonyEvent[] {
		const next = this.#derive(agent, now);
		const told = agent.reported;
		if (told && told.state === next.state && told.reason === next.reason) return [];
		agent.reported = next;
		return [
			{
				type: 'agent.state',
				...(cause ? { eventId: fitId(`${cause}:state`) } : {}),
				at: iso(at),
				agent: agent.agent,
				...(agent.name ? { name: agent.name } : {}),
				state: next.state,
				...(next.reason ? { reason: next.reason } : {})
			}
		];
	}
}
