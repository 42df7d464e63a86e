import type { AgentState, TelephonyEvent } from '../../contracts/telephony.ts';
import { CallTally } from './tally.ts';

/*
 * The call-queue engine: the live picture (who waits, what each agent does) and today's calls,
 * built from normalised telephony events and nothing else, so every app node that applies the
 * same inbox in the same order holds the same state. No I/O, no clock: times come from events,
 * and "now" is an argument wherever it matters.
 */

export type CallOutcome = 'waiting' | 'answered' | 'abandoned' | 'completed';

/** One call as the engine knows it; instants are epoch milliseconds. */
export interface CallRecord {
	callId: string;
	queue: string;
	/** Where the call's first event came from (ami | webhook | simulator). */
	source: string;
	joinedAt: number;
	answeredAt: number | null;
	/** Hung up: the abandon, or the end of the conversation. */
	endedAt: number | null;
	outcome: CallOutcome;
	agent: string | null;
	/** Seconds from joining to the answer or the abandon. */
	waitSec: number | null;
	talkSec: number | null;
	/** Seconds of wrap-up after the conversation, once known (measured, or as the source said). */
	wrapSec: number | null;
}

export interface AgentRecord {
	agent: string;
	name: string | null;
	state: AgentState;
	reason: string | null;
	/** Since when the agent is in this state and reason. */
	since: number;
	/** The call the agent is ringing for or talking on. */
	callId: string | null;
	/** The agent's latest call, whose wrap-up is measured when the wrap-up ends. */
	lastCallId: string | null;
	/** A wrap-up of known length ends here by itself (call.completed with wrapUpSec). */
	wrapUntil: number | null;
	/** The source of the latest state change. */
	source: string;
}

/** What an event changed that the reports keep: call records and the agent state history. */
export type EngineChange =
	| { kind: 'call'; record: CallRecord }
	| {
			kind: 'agent';
			agent: string;
			state: AgentState;
			reason: string | null;
			source: string;
			at: number;
	  };

const seconds = (fromMs: number, toMs: number) => Math.max(0, (toMs - fromMs) / 1000);

/** The engine's state; one instance per app node (a replica of the inbox). */
export class QueueEngine {
	readonly #calls = new Map<string, CallRecord>();
	/** Calls waiting now, in the order they joined. */
	readonly #waiting = new Map<string, CallRecord>();
	readonly #agents = new Map<string, AgentRecord>();
	/** Running totals of the call records for the figures, once someone asked for them. */
	#tally: CallTally | undefined;

	/** Applies one event from `source`; returns what changed for the reports. */
	apply(event: TelephonyEvent, source: string): EngineChange[] {
		const at = Date.parse(event.at);
		const changes: EngineChange[] = [];
		this.#settleWrapUps(at, changes);
		switch (event.type) {
			case 'call.joined': {
				if (this.#calls.has(event.callId)) break; // a resend: the first join counts
				const record: CallRecord = {
					callId: event.callId,
					queue: event.queue,
					source,
					joinedAt: at,
					answeredAt: null,
					endedAt: null,
					outcome: 'waiting',
					agent: null,
					waitSec: null,
					talkSec: null,
					wrapSec: null
				};
				this.#calls.set(record.callId, record);
				this.#tally?.add(record);
				this.#waiting.set(record.callId, record);
				changes.push({ kind: 'call', record: { ...record } });
				break;
			}
			case 'call.answered': {
				const record = this.#calls.get(event.callId);
				// A resend, or a call that was abandoned: nothing new.
				if (record && record.outcome !== 'waiting') break;
				if (record) {
					this.#change(record, () => this.#answer(record, at, event.agent));
					changes.push({ kind: 'call', record: { ...record } });
				}
				// A call we never saw join still occupies the agent.
				this.#setAgent(event.agent, 'on_call', null, at, source, changes, event.callId);
				break;
			}
			case 'call.abandoned': {
				const record = this.#calls.get(event.callId);
				if (record?.outcome !== 'waiting') break; // unknown, or already answered
				this.#change(record, () => {
					record.outcome = 'abandoned';
					record.endedAt = at;
					record.waitSec = seconds(record.joinedAt, at);
				});
				this.#waiting.delete(record.callId);
				changes.push({ kind: 'call', record: { ...record } });
				break;
			}
			case 'call.completed': {
				const record = this.#calls.get(event.callId);
				if (record && record.outcome !== 'waiting' && record.outcome !== 'answered') break;
				if (record) {
					this.#change(record, () => {
						// A source that missed the answer: the conversation counts from here.
						if (record.outcome === 'waiting') this.#answer(record, at, event.agent ?? null);
						record.outcome = 'completed';
						record.endedAt = at;
						record.talkSec = seconds(record.answeredAt ?? at, at);
						if (event.wrapUpSec !== undefined) record.wrapSec = event.wrapUpSec;
					});
					changes.push({ kind: 'call', record: { ...record } });
				}
				const agentId = event.agent ?? record?.agent ?? null;
				if (agentId === null) break;
				const wrap = event.wrapUpSec ?? 0;
				this.#setAgent(agentId, wrap > 0 ? 'wrap_up' : 'available', null, at, source, changes);
				const agent = this.#agents.get(agentId)!;
				agent.lastCallId = event.callId;
				agent.wrapUntil = wrap > 0 ? at + wrap * 1000 : null;
				break;
			}
			case 'agent.state': {
				const callId = event.state === 'on_call' || event.state === 'ringing' ? undefined : null;
				this.#setAgent(event.agent, event.state, event.reason ?? null, at, source, changes, callId);
				if (event.name !== undefined) this.#agents.get(event.agent)!.name = event.name || null;
				break;
			}
			case 'snapshot': {
				this.#waiting.clear();
				for (const w of event.waiting) {
					let record = this.#calls.get(w.callId);
					if (!record) {
						record = {
							callId: w.callId,
							queue: w.queue,
							source,
							joinedAt: at - w.waitingSinceSec * 1000,
							answeredAt: null,
							endedAt: null,
							outcome: 'waiting',
							agent: null,
							waitSec: null,
							talkSec: null,
							wrapSec: null
						};
						this.#calls.set(record.callId, record);
						this.#tally?.add(record);
						changes.push({ kind: 'call', record: { ...record } });
					}
					// A call we saw answered cannot wait again; the source's picture of it is stale.
					if (record.outcome === 'waiting') this.#waiting.set(record.callId, record);
				}
				// Calls that were waiting and are not any more left unseen: they stay as they were
				// (offered, neither answered nor abandoned), out of the live queue.
				const listed = new Set<string>();
				for (const a of event.agents) {
					listed.add(a.agent);
					this.#setAgent(a.agent, a.state, a.reason ?? null, at, source, changes, a.callId);
					if (a.name !== undefined) this.#agents.get(a.agent)!.name = a.name || null;
				}
				for (const agent of this.#agents.values()) {
					if (!listed.has(agent.agent)) {
						this.#setAgent(agent.agent, 'logged_out', null, at, source, changes);
					}
				}
				break;
			}
		}
		return changes;
	}

	/** Changes a call record, keeping the running totals in step with it. */
	#change(record: CallRecord, mutate: () => void): void {
		this.#tally?.remove(record);
		mutate();
		this.#tally?.add(record);
	}

	#answer(record: CallRecord, at: number, agent: string | null): void {
		record.outcome = 'answered';
		record.answeredAt = at;
		record.agent = agent;
		record.waitSec = seconds(record.joinedAt, at);
		this.#waiting.delete(record.callId);
	}

	/**
	 * Moves an agent to a state (creating the agent on first sight). Only a different state or
	 * reason is a change; `callId` undefined keeps the current call, null clears it.
	 */
	#setAgent(
		id: string,
		state: AgentState,
		reason: string | null,
		at: number,
		source: string,
		changes: EngineChange[],
		callId?: string | null
	): void {
		let agent = this.#agents.get(id);
		if (!agent) {
			agent = {
				agent: id,
				name: null,
				state: 'logged_out',
				reason: null,
				since: at,
				callId: null,
				lastCallId: null,
				wrapUntil: null,
				source
			};
			this.#agents.set(id, agent);
			if (state === 'logged_out') {
				changes.push({ kind: 'agent', agent: id, state, reason, source, at });
			}
		}
		const changed = agent.state !== state || agent.reason !== reason;
		// Measure the wrap-up before a new call replaces the one it belongs to.
		if (changed && agent.state === 'wrap_up') this.#endWrapUp(agent, at);
		if (callId !== undefined) agent.callId = callId;
		if (agent.callId !== null) agent.lastCallId = agent.callId;
		if (!changed) return;
		agent.state = state;
		agent.source = source;
		agent.reason = reason;
		agent.since = at;
		agent.wrapUntil = null;
		if (state !== 'on_call' && state !== 'ringing') agent.callId = null;
		changes.push({ kind: 'agent', agent: id, state, reason, source, at });
	}

	/** A wrap-up ended at `at`: its length is the last call's wrap-up time. */
	#endWrapUp(agent: AgentRecord, at: number): void {
		const call = agent.lastCallId ? this.#calls.get(agent.lastCallId) : undefined;
		if (call && call.outcome === 'completed') {
			this.#change(call, () => (call.wrapSec = seconds(agent.since, at)));
		}
	}

	/** Wrap-ups of known length that ended by `at` end now, at their own instant. */
	#settleWrapUps(at: number, changes: EngineChange[]): void {
		for (const agent of this.#agents.values()) {
			if (agent.state === 'wrap_up' && agent.wrapUntil !== null && agent.wrapUntil <= at) {
				this.#setAgent(agent.agent, 'available', null, agent.wrapUntil, agent.source, changes);
			}
		}
	}

	/**
	 * Running totals of the call records for these thresholds (see tally.ts), kept in step with
	 * every change from then on. The first call, or one with other thresholds, counts the
	 * records once.
	 */
	tally(thresholdSec: number, shortAbandonSec: number): CallTally {
		const t = this.#tally;
		if (t && t.thresholdSec === thresholdSec && t.shortAbandonSec === shortAbandonSec) return t;
		const fresh = new CallTally(thresholdSec, shortAbandonSec);
		for (const call of this.#calls.values()) fresh.add(call);
		this.#tally = fresh;
		return fresh;
	}

	/** Every call record kept (today's and the last 30 minutes', plus calls still live). */
	calls(): IterableIterator<CallRecord> {
		return this.#calls.values();
	}

	/** Calls waiting now, longest-waiting first. */
	waiting(): CallRecord[] {
		return [...this.#waiting.values()].sort((a, b) => a.joinedAt - b.joinedAt);
	}

	/** The agents as they are at `now`: a wrap-up of known length that has ended shows as over. */
	agents(now: number): AgentRecord[] {
		return [...this.#agents.values()].map((a) =>
			a.state === 'wrap_up' && a.wrapUntil !== null && a.wrapUntil <= now
				? { ...a, state: 'available', reason: null, since: a.wrapUntil, wrapUntil: null }
				: { ...a }
		);
	}

	/**
	 * Forgets calls that joined before `callsFrom` and are over (live calls are kept up to a day
	 * longer), and agents logged out before `agentsFrom`, so memory stays at about a day. A
	 * replica that replays from `agentsFrom` then knows the same agents as one that ran on.
	 */
	prune(callsFrom: number, agentsFrom: number): void {
		const hardLimit = callsFrom - 24 * 3_600_000;
		for (const [id, call] of this.#calls) {
			if (call.joinedAt >= callsFrom) continue;
			const live = this.#waiting.has(id) || call.outcome === 'answered';
			if (!live || call.joinedAt < hardLimit) {
				this.#tally?.remove(call);
				this.#calls.delete(id);
				this.#waiting.delete(id);
			}
		}
		for (const [id, agent] of this.#agents) {
			if (agent.state === 'logged_out' && agent.since < agentsFrom) this.#agents.delete(id);
		}
	}
}
