import type { AgentState, TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { hourSharePct, taipeiHour, weekdaySharePct } from '../../src/lib/domain/simulation.ts';
import { taipeiWeekday } from '../../src/lib/domain/simulation.ts';
import { exponential } from '../../src/lib/domain/random.ts';
import { startOfTaipeiDay } from '../../src/lib/server/queue/time.ts';

/*
 * A discrete-event model of a city hotline's call centre, for the demo and for tests: no I/O,
 * no clock, a seeded random source. Callers arrive as a Poisson process whose rate follows the
 * 1999 feed's hour-of-day and weekday profile; each has an exponential patience and hangs up
 * when it runs out while queued. Agents work shifts, take short breaks and a meal, ring for a
 * few seconds, talk and wrap up for exponential times. It speaks only normalised events.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TAIPEI_OFFSET = 8 * HOUR;

/** A shift in Asia/Taipei hours (end may be 24) and its headcount at 2,500 calls a day. */
export interface Shift {
	name: string;
	startHour: number;
	endHour: number;
	agents: number;
}

/**
 * Shifts sized by Erlang C for 80 % in 20 s at 2,500 calls a day and a 210 s handle time, about
 * one agent short here and there (8:00, 22:00) so the wallboard shows the target missed at times.
 */
export const defaultShifts: readonly Shift[] = [
	{ name: 'night', startHour: 0, endHour: 8, agents: 5 },
	{ name: 'early', startHour: 7, endHour: 16, agents: 7 },
	{ name: 'day', startHour: 8, endHour: 17, agents: 6 },
	{ name: 'peak', startHour: 9, endHour: 13, agents: 3 },
	{ name: 'mid', startHour: 12, endHour: 21, agents: 5 },
	{ name: 'late', startHour: 16, endHour: 24, agents: 8 },
	{ name: 'evening', startHour: 17, endHour: 22, agents: 3 }
];

export interface CallCentreConfig {
	/** Calls on an average day, shaped by the hourly and weekday profile. */
	callsPerDay: number;
	/** Share of the day's calls (%) by Asia/Taipei hour, 0–23; the 1999 feed's by default. */
	hourSharePct: readonly number[];
	talkMeanSec: number;
	wrapMeanSec: number;
	/** Mean caller patience: how long a caller waits before hanging up. */
	patienceMeanSec: number;
	/** Headcount multiplier on top of scaling the shifts with `callsPerDay`. */
	staffing: number;
	shifts: readonly Shift[];
	/** Ring time before an agent answers, seconds [min, max). */
	ringSec: readonly [number, number];
	/** Mean minutes between an agent's short breaks, and their length [min, max). */
	breakEveryMin: number;
	breakMin: readonly [number, number];
	/** Shifts of this many hours or more include one meal break of [min, max) minutes. */
	mealFromHours: number;
	mealMin: readonly [number, number];
	/** At most this share of the agents logged in is on a break at once; others wait. */
	maxOnBreakShare: number;
	queue: string;
}

export const defaultCallCentre: CallCentreConfig = {
	callsPerDay: 2500,
	hourSharePct,
	talkMeanSec: 180,
	wrapMeanSec: 30,
	patienceMeanSec: 120,
	staffing: 1,
	shifts: defaultShifts,
	ringSec: [2, 6],
	breakEveryMin: 120,
	breakMin: [5, 15],
	mealFromHours: 8,
	mealMin: [30, 60],
	maxOnBreakShare: 0.2,
	queue: '1999'
};

/** Demo agents' names: common Taiwanese names, so the wallboard looks like a real floor. */
const names = [
	'陳怡君',
	'林志明',
	'黃淑芬',
	'張家豪',
	'李雅婷',
	'王俊傑',
	'吳佩珊',
	'劉建宏',
	'蔡宜蓁',
	'楊宗翰',
	'許惠雯',
	'鄭文彬',
	'謝佳穎',
	'郭信宏',
	'洪美玲',
	'曾冠宇',
	'邱靜怡',
	'廖志偉',
	'賴詩涵',
	'周承恩',
	'徐玉婷',
	'蘇柏翰',
	'葉欣怡',
	'莊明哲',
	'呂芳儀',
	'江政達',
	'何若瑜',
	'蕭凱文',
	'羅郁婷',
	'高士傑',
	'潘依婷',
	'簡哲瑋',
	'朱曉雯',
	'鍾宇軒',
	'彭麗華',
	'游家銘',
	'詹雅雯',
	'胡子豪',
	'施佩君',
	'沈建志'
];

type AgentPhase = 'off' | 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'break';

interface Agent {
	id: string;
	name: string;
	shift: Shift;
	phase: AgentPhase;
	/** When the agent last became available (the longest idle takes the next call). */
	idleSince: number;
	callId: string | null;
	/** The shift ended during a call: log out after wrap-up. */
	leaving: boolean;
	/** A break fell due during a call: take it after wrap-up. */
	breakDue: 'break' | 'meal' | null;
	/** Bumps on every login, so actions scheduled for an earlier login are ignored. */
	epoch: number;
}

interface Caller {
	callId: string;
	joinedAt: number;
	abandonAt: number;
}

type Action =
	| { kind: 'arrival' }
	| { kind: 'abandon'; callId: string }
	| { kind: 'answer'; agent: Agent; callId: string }
	| { kind: 'hangup'; agent: Agent; callId: string }
	| { kind: 'wrapEnd'; agent: Agent }
	| { kind: 'login'; agent: Agent; until: number }
	| { kind: 'logout'; agent: Agent; epoch: number }
	| { kind: 'break'; agent: Agent; epoch: number; what: 'break' | 'meal' }
	| { kind: 'breakEnd'; agent: Agent; epoch: number }
	| { kind: 'plan'; day: number };

/** The model; `advance(to)` returns the events that happened up to `to`, in time order. */
export class CallCentreModel {
	readonly #config: CallCentreConfig;
	readonly #random: () => number;
	readonly #runId: string;
	readonly #agents: Agent[] = [];
	readonly #queue: Caller[] = [];
	/** Scheduled actions, kept sorted by time (then by insertion). */
	readonly #actions: { at: number; n: number; action: Action }[] = [];
	#now: number;
	#serial = 0;
	#eventSerial = 0;
	#calls = 0;
	#events: TelephonyEvent[] = [];

	constructor(options: {
		start: Date;
		random: () => number;
		/** Makes call and event ids unique across runs of the simulator. */
		runId: string;
		config?: Partial<CallCentreConfig>;
	}) {
		this.#config = { ...defaultCallCentre, ...options.config };
		this.#random = options.random;
		this.#runId = options.runId;
		this.#now = Math.round(options.start.getTime());
		const scale = (this.#config.callsPerDay / 2500) * this.#config.staffing;
		let n = 0;
		for (const shift of this.#config.shifts) {
			const count = Math.max(1, Math.round(shift.agents * scale));
			for (let i = 0; i < count; i++, n++) {
				this.#agents.push({
					id: `${1001 + n}`,
					name:
						names[n % names.length]! +
						(n >= names.length ? ` ${Math.floor(n / names.length) + 1}` : ''),
					shift,
					phase: 'off',
					idleSince: this.#now,
					callId: null,
					leaving: false,
					breakDue: null,
					epoch: 0
				});
			}
		}
	}

	/** Agents in the model (for tests and the start-up log). */
	get agentCount(): number {
		return this.#agents.length;
	}

	/**
	 * Opens the floor at the start instant: agents whose shift is on are logged in, the rest
	 * wait for theirs. Returns a snapshot event, which replaces whatever picture an earlier run
	 * left in the engine.
	 */
	start(): TelephonyEvent[] {
		const t = this.#now;
		const day = startOfTaipeiDay(t);
		for (const agent of this.#agents) {
			const from = day + agent.shift.startHour * HOUR;
			const until = day + agent.shift.endHour * HOUR;
			if (from <= t && t < until) this.#login(agent, t, until, false);
		}
		// Shifts still to come today, then every later day at midnight.
		this.#planDay(day, t);
		this.#schedule(day + DAY, { kind: 'plan', day: day + DAY });
		this.#schedule(this.#nextArrival(t), { kind: 'arrival' });
		const snapshot: TelephonyEvent = {
			type: 'snapshot',
			eventId: this.#eventId(),
			at: iso(t),
			waiting: [],
			agents: this.#agents.map((a) => ({
				agent: a.id,
				name: a.name,
				state: a.phase === 'off' ? 'logged_out' : 'available'
			}))
		};
		this.#events = [];
		return [snapshot];
	}

	/** Runs the model up to `to` and returns what happened, oldest first. */
	advance(to: Date): TelephonyEvent[] {
		const until = to.getTime();
		while (this.#actions.length > 0 && this.#actions[0]!.at <= until) {
			const { at, action } = this.#actions.shift()!;
			this.#now = at;
			this.#handle(action);
		}
		this.#now = Math.max(this.#now, until);
		const out = this.#events;
		this.#events = [];
		return out;
	}

	#handle(action: Action): void {
		const t = this.#now;
		switch (action.kind) {
			case 'plan':
				this.#planDay(action.day, t);
				this.#schedule(action.day + DAY, { kind: 'plan', day: action.day + DAY });
				break;
			case 'arrival': {
				this.#arrive(t);
				this.#schedule(this.#nextArrival(t), { kind: 'arrival' });
				break;
			}
			case 'abandon': {
				const i = this.#queue.findIndex((c) => c.callId === action.callId);
				if (i < 0) break; // already routed to an agent
				this.#queue.splice(i, 1);
				this.#emit({ type: 'call.abandoned', callId: action.callId });
				break;
			}
			case 'answer': {
				action.agent.phase = 'on_call';
				this.#emit({ type: 'call.answered', callId: action.callId, agent: action.agent.id });
				const talk = Math.max(1, Math.round(exponential(this.#config.talkMeanSec, this.#random)));
				this.#schedule(t + talk * SECOND, {
					kind: 'hangup',
					agent: action.agent,
					callId: action.callId
				});
				break;
			}
			case 'hangup': {
				const agent = action.agent;
				// Whole seconds, so the engine's end of wrap-up falls exactly on our wrapEnd event.
				const wrap = Math.max(1, Math.round(exponential(this.#config.wrapMeanSec, this.#random)));
				agent.phase = 'wrap_up';
				agent.callId = null;
				this.#emit({
					type: 'call.completed',
					callId: action.callId,
					agent: agent.id,
					wrapUpSec: wrap
				});
				this.#schedule(t + wrap * SECOND, { kind: 'wrapEnd', agent });
				break;
			}
			case 'wrapEnd': {
				const agent = action.agent;
				if (agent.leaving) this.#logout(agent);
				else if (agent.breakDue) this.#startBreak(agent, agent.breakDue);
				else this.#becomeAvailable(agent);
				break;
			}
			case 'login':
				this.#login(action.agent, t, action.until, true);
				break;
			case 'logout': {
				const agent = action.agent;
				if (agent.epoch !== action.epoch || agent.phase === 'off') break;
				if (agent.phase === 'available' || agent.phase === 'break') this.#logout(agent);
				else agent.leaving = true;
				break;
			}
			case 'break': {
				const agent = action.agent;
				if (agent.epoch !== action.epoch || agent.phase === 'off' || agent.leaving) break;
				if (action.what === 'break') {
					this.#schedule(t + exponential(this.#config.breakEveryMin, this.#random) * MINUTE, {
						kind: 'break',
						agent,
						epoch: agent.epoch,
						what: 'break'
					});
				}
				if (agent.phase === 'break') {
					// Already away: a meal comes after this break; a short one is simply skipped.
					if (action.what === 'meal') this.#schedule(t + 20 * MINUTE, action);
					break;
				}
				if (agent.phase !== 'available') {
					agent.breakDue = agent.breakDue === 'meal' ? 'meal' : action.what;
					break;
				}
				this.#startBreak(agent, action.what);
				break;
			}
			case 'breakEnd': {
				const agent = action.agent;
				if (agent.epoch !== action.epoch || agent.phase !== 'break') break;
				this.#becomeAvailable(agent);
				break;
			}
		}
	}

	#arrive(t: number): void {
		const callId = `${this.#runId}-${++this.#calls}`;
		this.#emit({ type: 'call.joined', callId, queue: this.#config.queue });
		const patience = exponential(this.#config.patienceMeanSec, this.#random);
		const abandonAt = t + Math.max(1, Math.round(patience * SECOND));
		const agent = this.#longestIdle();
		if (agent) return this.#route(agent, callId);
		this.#queue.push({ callId, joinedAt: t, abandonAt });
		this.#schedule(abandonAt, { kind: 'abandon', callId });
	}

	#route(agent: Agent, callId: string): void {
		agent.phase = 'ringing';
		agent.callId = callId;
		this.#emit({ type: 'agent.state', agent: agent.id, state: 'ringing' });
		const [min, max] = this.#config.ringSec;
		const ring = Math.round((min + (max - min) * this.#random()) * SECOND);
		this.#schedule(this.#now + ring, { kind: 'answer', agent, callId });
	}

	#becomeAvailable(agent: Agent): void {
		agent.phase = 'available';
		agent.idleSince = this.#now;
		this.#emitAgent(agent, 'available');
		const next = this.#queue.shift();
		if (next) this.#route(agent, next.callId);
	}

	#startBreak(agent: Agent, what: 'break' | 'meal'): void {
		const onBreak = this.#agents.filter((a) => a.phase === 'break').length;
		const loggedIn = this.#agents.filter((a) => a.phase !== 'off').length;
		agent.breakDue = null;
		if (onBreak + 1 > Math.max(1, Math.floor(loggedIn * this.#config.maxOnBreakShare))) {
			// Too many away already: the team lead says "in a few minutes".
			if (agent.phase !== 'available') this.#becomeAvailable(agent);
			const later = this.#now + (5 + 10 * this.#random()) * MINUTE;
			if (what === 'meal')
				this.#schedule(later, { kind: 'break', agent, epoch: agent.epoch, what });
			return;
		}
		const [min, max] = what === 'meal' ? this.#config.mealMin : this.#config.breakMin;
		// A short break is sometimes a team meeting instead.
		const reason = what === 'meal' ? 'meal' : this.#random() < 0.15 ? 'meeting' : 'break';
		agent.phase = 'break';
		this.#emitAgent(agent, 'not_ready', reason);
		const length = (min + (max - min) * this.#random()) * MINUTE;
		this.#schedule(this.#now + length, { kind: 'breakEnd', agent, epoch: agent.epoch });
	}

	#login(agent: Agent, t: number, until: number, announce: boolean): void {
		if (agent.phase !== 'off') return; // still finishing yesterday's call: stays on
		agent.epoch++;
		agent.leaving = false;
		agent.breakDue = null;
		agent.phase = 'available';
		agent.idleSince = t;
		if (announce) this.#emitAgent(agent, 'available');
		const epoch = agent.epoch;
		// Leave within ten minutes after the shift's end (or after the call in hand).
		this.#schedule(Math.max(t, until) + this.#random() * 10 * MINUTE, {
			kind: 'logout',
			agent,
			epoch
		});
		this.#schedule(t + exponential(this.#config.breakEveryMin, this.#random) * MINUTE, {
			kind: 'break',
			agent,
			epoch,
			what: 'break'
		});
		const hours = (until - t) / HOUR;
		if (agent.shift.endHour - agent.shift.startHour >= this.#config.mealFromHours && hours > 2) {
			// Around the middle of what is left of the shift, give or take an hour.
			const middle = t + (until - t) / 2 + (this.#random() * 2 - 1) * HOUR;
			this.#schedule(middle, { kind: 'break', agent, epoch, what: 'meal' });
		}
		if (announce) {
			const next = this.#queue.shift();
			if (next) this.#route(agent, next.callId);
		}
	}

	#logout(agent: Agent): void {
		agent.phase = 'off';
		agent.leaving = false;
		agent.breakDue = null;
		agent.epoch++; // drops its pending breaks
		this.#emitAgent(agent, 'logged_out');
	}

	/** Schedules the logins of shifts starting at or after `from` on the Taipei day at `day`. */
	#planDay(day: number, from: number): void {
		for (const agent of this.#agents) {
			const start = day + agent.shift.startHour * HOUR;
			if (start < from || (start === from && agent.phase !== 'off')) continue;
			// Agents sign in during the five minutes before their shift, some right on time.
			const at = Math.max(from, start - this.#random() * 5 * MINUTE);
			this.#schedule(at, { kind: 'login', agent, until: day + agent.shift.endHour * HOUR });
		}
	}

	#longestIdle(): Agent | undefined {
		let best: Agent | undefined;
		for (const a of this.#agents) {
			if (a.phase === 'available' && (!best || a.idleSince < best.idleSince)) best = a;
		}
		return best;
	}

	/**
	 * The next arrival after `t` of a Poisson process whose rate is constant within each Taipei
	 * hour: draw an exponential gap at this hour's rate; if it crosses into the next hour, start
	 * over from the boundary at the new rate (memorylessness makes this exact).
	 */
	#nextArrival(t: number): number {
		let at = t;
		for (;;) {
			const boundary = (Math.floor((at + TAIPEI_OFFSET) / HOUR) + 1) * HOUR - TAIPEI_OFFSET;
			const perMs = this.#perHour(new Date(at)) / HOUR;
			if (perMs > 0) {
				const gap = exponential(1 / perMs, this.#random);
				if (at + gap < boundary) return Math.round(at + gap);
			}
			at = boundary;
		}
	}

	/** Expected calls per hour at an instant: the day's volume by hour share and weekday. */
	#perHour(at: Date): number {
		const share = (this.#config.hourSharePct[taipeiHour(at)] ?? 0) / 100;
		// A weekday's share over an even 1/7: Mondays bring about 14 % more, Sundays 23 % fewer.
		const weekday = (weekdaySharePct[taipeiWeekday(at)]! / 100) * 7;
		return this.#config.callsPerDay * share * weekday;
	}

	#schedule(at: number, action: Action): void {
		const entry = { at: Math.round(at), n: this.#serial++, action };
		// Binary search for the first entry later than this one; equal times keep their order.
		let lo = 0;
		let hi = this.#actions.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.#actions[mid]!.at <= entry.at) lo = mid + 1;
			else hi = mid;
		}
		this.#actions.splice(lo, 0, entry);
	}

	#emitAgent(agent: Agent, state: AgentState, reason?: string): void {
		this.#emit({
			type: 'agent.state',
			agent: agent.id,
			name: agent.name,
			state,
			...(reason ? { reason } : {})
		});
	}

	#emit(event: DistributiveOmit<TelephonyEvent, 'at' | 'eventId'>): void {
		this.#events.push({ ...event, eventId: this.#eventId(), at: iso(this.#now) } as TelephonyEvent);
	}

	#eventId(): string {
		return `${this.#runId}:${++this.#eventSerial}`;
	}
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const iso = (ms: number) => new Date(ms).toISOString();
