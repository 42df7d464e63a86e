import type { AgentState } from '../../contracts/telephony.ts';
import type { AgentRecord, CallRecord } from './engine.ts';
import { startOfTaipeiDay } from './time.ts';

/*
 * The wallboard's figures as pure functions of call records, the way contact centres define
 * them. Short abandons (callers who hang up within `shortAbandonSec`, usually a wrong number or
 * an impatient redial) are left out of service level and abandon rate, as is common practice.
 */

type Call = Pick<CallRecord, 'joinedAt' | 'answeredAt' | 'endedAt' | 'outcome' | 'waitSec'> &
	Partial<Pick<CallRecord, 'talkSec' | 'wrapSec'>>;

const MINUTE = 60_000;

/** Answered at some point (talking now, or done). */
export const isAnswered = (c: Call) => c.outcome === 'answered' || c.outcome === 'completed';

/** An abandon within the short-abandon threshold (strictly under it). */
export const isShortAbandon = (c: Call, shortAbandonSec: number) =>
	c.outcome === 'abandoned' && (c.waitSec ?? 0) < shortAbandonSec;

/** An abandon that counts against the queue. */
export const isCountedAbandon = (c: Call, shortAbandonSec: number) =>
	c.outcome === 'abandoned' && !isShortAbandon(c, shortAbandonSec);

/** Calls that joined today (Asia/Taipei) as of `now`. */
export function callsToday<C extends Call>(calls: Iterable<C>, now: number): C[] {
	const from = startOfTaipeiDay(now);
	return [...calls].filter((c) => c.joinedAt >= from);
}

/**
 * Calls decided (answered, or abandoned) within the `minutes` before `now`: the window the
 * rolling service level looks at. A call still waiting is not decided yet.
 */
export function callsDecidedWithin<C extends Call>(
	calls: Iterable<C>,
	now: number,
	minutes: number
): C[] {
	const from = now - minutes * MINUTE;
	return [...calls].filter((c) => {
		const decided = isAnswered(c) ? c.answeredAt : c.outcome === 'abandoned' ? c.endedAt : null;
		return decided !== null && decided > from && decided <= now;
	});
}

/**
 * Service level in %: answered within `thresholdSec` ÷ (answered + abandons that count).
 * Null when no call was answered or abandoned (nothing to measure).
 */
export function serviceLevelPct(
	calls: readonly Call[],
	thresholdSec: number,
	shortAbandonSec: number
): number | null {
	let answered = 0;
	let inTime = 0;
	let abandoned = 0;
	for (const c of calls) {
		if (isAnswered(c)) {
			answered++;
			if ((c.waitSec ?? 0) <= thresholdSec) inTime++;
		} else if (isCountedAbandon(c, shortAbandonSec)) abandoned++;
	}
	const base = answered + abandoned;
	return base === 0 ? null : (100 * inTime) / base;
}

/** Average speed of answer in seconds over the answered calls; null when none. */
export function averageSpeedOfAnswerSec(calls: readonly Call[]): number | null {
	const waits = calls.filter(isAnswered).map((c) => c.waitSec ?? 0);
	return waits.length === 0 ? null : waits.reduce((a, b) => a + b, 0) / waits.length;
}

/**
 * Abandon rate in %: abandons that count ÷ (offered − short abandons). Offered is every call
 * given, including those still waiting. Null when nothing was offered beyond short abandons.
 */
export function abandonRatePct(calls: readonly Call[], shortAbandonSec: number): number | null {
	let short = 0;
	let counted = 0;
	for (const c of calls) {
		if (isShortAbandon(c, shortAbandonSec)) short++;
		else if (c.outcome === 'abandoned') counted++;
	}
	const base = calls.length - short;
	return base === 0 ? null : (100 * counted) / base;
}

/** Today's counters for the wallboard. */
export interface CallCounts {
	/** Every call that joined the queue. */
	offered: number;
	/** Picked up by an agent (talking now or done). */
	answered: number;
	/** Abandons that count (short abandons left out). */
	abandoned: number;
	shortAbandoned: number;
	/** Answered and finished: conversations agents completed. */
	handled: number;
}

/** Counts calls by outcome; `abandoned` leaves short abandons out, as the rates do. */
export function countCalls(calls: readonly Call[], shortAbandonSec: number): CallCounts {
	const counts: CallCounts = {
		offered: 0,
		answered: 0,
		abandoned: 0,
		shortAbandoned: 0,
		handled: 0
	};
	for (const c of calls) {
		counts.offered++;
		if (isAnswered(c)) counts.answered++;
		if (c.outcome === 'completed') counts.handled++;
		if (isShortAbandon(c, shortAbandonSec)) counts.shortAbandoned++;
		else if (c.outcome === 'abandoned') counts.abandoned++;
	}
	return counts;
}

/** Calls per hour over the `minutes` before `now`, from the instants callers joined. */
export function arrivalsPerHour(calls: Iterable<Call>, now: number, minutes: number): number {
	const from = now - minutes * MINUTE;
	let n = 0;
	for (const c of calls) if (c.joinedAt > from && c.joinedAt <= now) n++;
	return (n * 60) / minutes;
}

/**
 * Average handle time in seconds: talk plus wrap-up, over completed calls (a wrap-up not yet
 * known counts as none). Null when no call was completed.
 */
export function averageHandleTimeSec(calls: readonly Call[]): number | null {
	const done = calls.filter((c) => c.outcome === 'completed');
	if (done.length === 0) return null;
	const total = done.reduce((sum, c) => sum + (c.talkSec ?? 0) + (c.wrapSec ?? 0), 0);
	return total / done.length;
}

/** The wallboard's agent tile; ringing counts as available (the agent is free to take it). */
export interface AgentCounts {
	available: number;
	onCall: number;
	wrapUp: number;
	notReady: number;
	loggedOut: number;
}

const tile: Record<AgentState, keyof AgentCounts> = {
	available: 'available',
	ringing: 'available',
	on_call: 'onCall',
	wrap_up: 'wrapUp',
	not_ready: 'notReady',
	logged_out: 'loggedOut'
};

/** Agents per wallboard state. */
export function countAgents(agents: readonly Pick<AgentRecord, 'state'>[]): AgentCounts {
	const counts: AgentCounts = { available: 0, onCall: 0, wrapUp: 0, notReady: 0, loggedOut: 0 };
	for (const a of agents) counts[tile[a.state]]++;
	return counts;
}

/** The longest current wait in whole seconds at `now` (0 when nobody waits). */
export function longestWaitSec(waiting: readonly Pick<CallRecord, 'joinedAt'>[], now: number) {
	const oldest = Math.min(...waiting.map((c) => c.joinedAt));
	return waiting.length === 0 ? 0 : Math.max(0, Math.floor((now - oldest) / 1000));
}
