import type { CallRecord } from './engine.ts';
import { isAnswered, isCountedAbandon, isShortAbandon } from './metrics.ts';
import { startOfTaipeiDay } from './time.ts';

/*
 * Running totals over the engine's call records, so the wallboard's figures cost the same with
 * 3,000 calls today as with 3 million. metrics.ts defines each figure as a scan of the records;
 * this keeps, for one pair of thresholds, the sums those scans would add up: per Taipei day (by
 * when the call joined) and per second (by when it joined and when it was decided). The engine
 * takes a call's contribution out before it changes the record and puts it back after, so the
 * totals always describe exactly the records it holds. Durations are summed in whole
 * milliseconds, so taking a contribution out leaves no rounding behind.
 */

/** Today's sums: what countCalls, serviceLevelPct, averageSpeedOfAnswerSec, … add up. */
export interface DayTotals {
	offered: number;
	answered: number;
	/** Answered within the service-level threshold. */
	inTime: number;
	/** Sum of the answered calls' waits, ms. */
	waitMs: number;
	shortAbandoned: number;
	/** Abandons that count (not short). */
	abandoned: number;
	/** Completed calls (handled). */
	completed: number;
	/** Sum of the completed calls' talk and wrap-up, ms. */
	handleMs: number;
}

/** A rolling window's sums: arrivals, and calls decided (answered or abandoned) in it. */
export interface WindowTotals {
	arrivals: number;
	answered: number;
	inTime: number;
	abandoned: number;
}

interface Second extends WindowTotals {
	/** The calls that joined or were decided in this second, for a window edge inside it. */
	calls: CallRecord[];
}

const SECOND = 1000;
const ms = (sec: number | null | undefined) => Math.round((sec ?? 0) * 1000);
const emptyDay = (): DayTotals => ({
	offered: 0,
	answered: 0,
	inTime: 0,
	waitMs: 0,
	shortAbandoned: 0,
	abandoned: 0,
	completed: 0,
	handleMs: 0
});

/** When a call was decided (callsDecidedWithin's definition), or null while it waits. */
function decidedAt(c: CallRecord): number | null {
	if (isAnswered(c)) return c.answeredAt;
	return c.outcome === 'abandoned' ? c.endedAt : null;
}

/** The second an instant falls in. */
const bucketOf = (instant: number) => Math.floor(instant / SECOND);

/** Running totals of call records for one service-level threshold and short-abandon threshold. */
export class CallTally {
	readonly thresholdSec: number;
	readonly shortAbandonSec: number;
	readonly #days = new Map<number, DayTotals>();
	readonly #seconds = new Map<number, Second>();

	constructor(thresholdSec: number, shortAbandonSec: number) {
		this.thresholdSec = thresholdSec;
		this.shortAbandonSec = shortAbandonSec;
	}

	/** Counts a record as it is now. */
	add(c: CallRecord): void {
		this.#count(c, 1);
	}

	/** Takes back what `add` counted for the record as it is now (call before changing it). */
	remove(c: CallRecord): void {
		this.#count(c, -1);
	}

	/** Sums over the calls that joined on `now`'s Taipei day or later (callsToday). */
	today(now: number): DayTotals {
		const from = startOfTaipeiDay(now);
		const sum = emptyDay();
		for (const [day, t] of this.#days) {
			if (day < from) continue;
			for (const key of Object.keys(sum) as (keyof DayTotals)[]) sum[key] += t[key];
		}
		return sum;
	}

	/**
	 * Sums over (now − minutes, now]: calls that joined in it (arrivalsPerHour), and calls
	 * decided in it (callsDecidedWithin). Whole seconds inside the window are taken as summed;
	 * the two seconds at its edges are looked at call by call.
	 */
	window(now: number, minutes: number): WindowTotals {
		const from = now - minutes * 60_000;
		const first = bucketOf(from);
		const last = bucketOf(now);
		const sum: WindowTotals = { arrivals: 0, answered: 0, inTime: 0, abandoned: 0 };
		for (let s = first + 1; s < last; s++) {
			const b = this.#seconds.get(s);
			if (!b) continue;
			sum.arrivals += b.arrivals;
			sum.answered += b.answered;
			sum.inTime += b.inTime;
			sum.abandoned += b.abandoned;
		}
		const inside = (t: number | null) => t !== null && t > from && t <= now;
		for (const s of first === last ? [first] : [first, last]) {
			for (const c of this.#seconds.get(s)?.calls ?? []) {
				// A call can sit in this second twice (joined and decided in it): count each role once.
				if (bucketOf(c.joinedAt) === s && inside(c.joinedAt)) sum.arrivals++;
				const decided = decidedAt(c);
				if (decided === null || bucketOf(decided) !== s || !inside(decided)) continue;
				this.#addDecision(sum, c, 1);
			}
		}
		return sum;
	}

	#count(c: CallRecord, sign: 1 | -1): void {
		const dayKey = startOfTaipeiDay(c.joinedAt);
		let day = this.#days.get(dayKey);
		if (!day) this.#days.set(dayKey, (day = emptyDay()));
		day.offered += sign;
		if (isAnswered(c)) {
			day.answered += sign;
			if ((c.waitSec ?? 0) <= this.thresholdSec) day.inTime += sign;
			day.waitMs += sign * ms(c.waitSec);
		}
		if (c.outcome === 'completed') {
			day.completed += sign;
			day.handleMs += sign * (ms(c.talkSec) + ms(c.wrapSec));
		}
		if (isShortAbandon(c, this.shortAbandonSec)) day.shortAbandoned += sign;
		else if (c.outcome === 'abandoned') day.abandoned += sign;
		if (day.offered === 0) this.#days.delete(dayKey);

		const joined = this.#second(bucketOf(c.joinedAt), c, sign);
		joined.arrivals += sign;
		const decided = decidedAt(c);
		if (decided !== null) this.#addDecision(this.#second(bucketOf(decided), c, sign), c, sign);
		this.#release(bucketOf(c.joinedAt));
		if (decided !== null) this.#release(bucketOf(decided));
	}

	#addDecision(totals: WindowTotals, c: CallRecord, sign: 1 | -1): void {
		if (isAnswered(c)) {
			totals.answered += sign;
			if ((c.waitSec ?? 0) <= this.thresholdSec) totals.inTime += sign;
		} else if (isCountedAbandon(c, this.shortAbandonSec)) totals.abandoned += sign;
	}

	/** The second `key`, with `c` listed in it (added) or not any more (removed). */
	#second(key: number, c: CallRecord, sign: 1 | -1): Second {
		let s = this.#seconds.get(key);
		if (!s) {
			s = { arrivals: 0, answered: 0, inTime: 0, abandoned: 0, calls: [] };
			this.#seconds.set(key, s);
		}
		if (sign === 1) {
			// Joined and decided in the same second: listed once.
			if (s.calls[s.calls.length - 1] !== c) s.calls.push(c);
		} else {
			const i = s.calls.indexOf(c);
			if (i >= 0) s.calls.splice(i, 1);
		}
		return s;
	}

	#release(key: number): void {
		if (this.#seconds.get(key)?.calls.length === 0) this.#seconds.delete(key);
	}
}
