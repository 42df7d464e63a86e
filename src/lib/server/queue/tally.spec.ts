import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../contracts/telephony.ts';
import { seededRandom } from '../../domain/random.ts';
import { QueueEngine } from './engine.ts';
import {
	abandonRatePct,
	arrivalsPerHour,
	averageHandleTimeSec,
	averageSpeedOfAnswerSec,
	callsDecidedWithin,
	callsToday,
	countCalls,
	serviceLevelPct
} from './metrics.ts';
import { callFigures, WINDOW_MIN, type CallFigures, type QueueSettings } from './stats.ts';

const settings: QueueSettings = {
	serviceLevelThresholdSec: 20,
	serviceLevelTargetPct: 80,
	shortAbandonSec: 5,
	longestWaitAlarmSec: 60
};

/** The figures as metrics.ts defines them: scans of every call record the engine holds. */
function scanned(engine: QueueEngine, now: number, s: QueueSettings): CallFigures {
	const all = [...engine.calls()];
	const today = callsToday(all, now);
	const counts = countCalls(today, s.shortAbandonSec);
	const sl = (calls: typeof all) =>
		serviceLevelPct(calls, s.serviceLevelThresholdSec, s.shortAbandonSec);
	return {
		offered: counts.offered,
		answered: counts.answered,
		abandoned: counts.abandoned,
		handled: counts.handled,
		serviceLevelPct: sl(today),
		serviceLevelPct30m: sl(callsDecidedWithin(all, now, WINDOW_MIN)),
		asaSec: averageSpeedOfAnswerSec(today),
		abandonRatePct: abandonRatePct(today, s.shortAbandonSec),
		arrivalsPerHour: arrivalsPerHour(all, now, WINDOW_MIN),
		ahtSec: averageHandleTimeSec(today)
	};
}

/** Equal counts and nulls; sums of durations agree to far below what the wallboard shows. */
function expectSame(actual: CallFigures, expected: CallFigures, where: string): void {
	for (const key of Object.keys(expected) as (keyof CallFigures)[]) {
		const e = expected[key];
		const a = actual[key];
		if (e === null) expect(a, `${where}: ${key}`).toBeNull();
		else expect(a, `${where}: ${key}`).toBeCloseTo(e, 6);
	}
}

/**
 * A messy stream: calls joining, answered, abandoned and completed in any order (with resends,
 * answers for calls never seen, completions without an answer, wrap-ups announced or measured),
 * snapshots, on instants with milliseconds, from 23:40 Taipei across midnight.
 */
function messyStream(seed: number, count: number): TelephonyEvent[] {
	const random = seededRandom(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	let t = Date.parse('2026-11-29T23:40:00.000+08:00');
	const ids: string[] = [];
	const agents = ['A1', 'A2', 'A3', 'A4', 'A5'];
	const events: TelephonyEvent[] = [];
	for (let i = 0; i < count; i++) {
		t += Math.floor(random() * 4_000);
		const at = new Date(t).toISOString();
		const roll = random();
		const known = () => (ids.length > 0 && random() < 0.95 ? pick(ids) : `ghost${i}`);
		if (roll < 0.35 || ids.length === 0) {
			ids.push(`c${i}`);
			events.push({ type: 'call.joined', at, callId: `c${i}`, queue: '1999' });
		} else if (roll < 0.55) {
			events.push({ type: 'call.answered', at, callId: known(), agent: pick(agents) });
		} else if (roll < 0.65) {
			events.push({ type: 'call.abandoned', at, callId: known() });
		} else if (roll < 0.8) {
			const wrap = random() < 0.5 ? { wrapUpSec: Math.round(random() * 40_000) / 1000 } : {};
			events.push({ type: 'call.completed', at, callId: known(), agent: pick(agents), ...wrap });
		} else if (roll < 0.95) {
			const state = pick(['available', 'wrap_up', 'not_ready', 'on_call'] as const);
			events.push({ type: 'agent.state', at, agent: pick(agents), state });
		} else if (roll < 0.97) {
			events.push({
				type: 'snapshot',
				at,
				waiting: [
					{ callId: known(), queue: '1999', waitingSinceSec: Math.round(random() * 90_000) / 1000 }
				],
				agents: agents.map((agent) => ({ agent, state: 'available' as const }))
			});
		} else if (events.length > 0) {
			events.push(pick(events)); // a resend, out of time order
		}
	}
	return events;
}

describe('running totals (tally.ts) against the scans of metrics.ts', () => {
	it('give the same figures at every step of a messy stream, across midnight', () => {
		const events = messyStream(7, 3_000);
		const engine = new QueueEngine();
		// The tally exists from the start and follows every change.
		callFigures(engine, Date.parse(events[0]!.at), settings);
		let checked = 0;
		events.forEach((event, i) => {
			engine.apply(event, 'test');
			if (i % 10 !== 0) return;
			const t = Date.parse(event.at);
			const calls = [...engine.calls()];
			const edge = calls[Math.floor(calls.length / 2)];
			// Now, a little later, and instants where a window edge falls exactly on a call.
			const instants = [t, t + 1_234, t + 45 * 60_000];
			if (edge) instants.push(edge.joinedAt + WINDOW_MIN * 60_000, edge.answeredAt ?? t);
			if (edge?.answeredAt) instants.push(edge.answeredAt + WINDOW_MIN * 60_000);
			for (const now of instants) {
				expectSame(callFigures(engine, now, settings), scanned(engine, now, settings), `#${i}`);
				checked++;
			}
		});
		expect(checked).toBeGreaterThan(1_000);
		// The stream crossed midnight: yesterday's calls are no longer today's.
		const end = Date.parse(events.at(-1)!.at);
		expect(callFigures(engine, end, settings).offered).toBeLessThan([...engine.calls()].length);
		expect(callFigures(engine, end, settings).offered).toBeGreaterThan(0);
	});

	it('stay right when calls are forgotten, and are recounted for other thresholds', () => {
		const events = messyStream(11, 2_000);
		const engine = new QueueEngine();
		events.slice(0, 1_000).forEach((e) => engine.apply(e, 'test'));
		// Built late, from the records as they are.
		let now = Date.parse(events[999]!.at);
		expectSame(callFigures(engine, now, settings), scanned(engine, now, settings), 'late');
		engine.prune(now - 10 * 60_000, now - 10 * 60_000);
		expectSame(callFigures(engine, now, settings), scanned(engine, now, settings), 'pruned');
		events.slice(1_000).forEach((e) => engine.apply(e, 'test'));
		now = Date.parse(events.at(-1)!.at);
		expectSame(callFigures(engine, now, settings), scanned(engine, now, settings), 'after');
		const strict = { ...settings, serviceLevelThresholdSec: 3, shortAbandonSec: 0 };
		expectSame(callFigures(engine, now, strict), scanned(engine, now, strict), 'strict');
		expect(callFigures(engine, now, strict).serviceLevelPct).not.toBe(
			callFigures(engine, now, settings).serviceLevelPct
		);
	});

	it('counts a call decided exactly 30 minutes ago out, and one a millisecond later in', () => {
		const t = Date.parse('2026-11-30T10:00:00.250+08:00');
		const engine = new QueueEngine();
		const apply = (e: TelephonyEvent) => engine.apply(e, 'test');
		apply({ type: 'call.joined', at: new Date(t).toISOString(), callId: 'x', queue: 'q' });
		apply({
			type: 'call.answered',
			at: new Date(t + 3_500).toISOString(),
			callId: 'x',
			agent: 'A'
		});
		const answeredAt = t + 3_500;
		const at = (offsetMs: number) =>
			callFigures(engine, answeredAt + WINDOW_MIN * 60_000 + offsetMs, settings);
		expect(at(-1).serviceLevelPct30m).toBe(100);
		expect(at(0).serviceLevelPct30m).toBeNull();
		expect(callFigures(engine, t, settings).arrivalsPerHour).toBe(2);
		expect(callFigures(engine, t - 1, settings).arrivalsPerHour).toBe(0);
	});

	it('counts a call that joined and was decided in the same second once for each', () => {
		const t = Date.parse('2026-11-30T10:00:00.100+08:00');
		const engine = new QueueEngine();
		const apply = (e: TelephonyEvent) => engine.apply(e, 'test');
		const iso = (ms: number) => new Date(ms).toISOString();
		callFigures(engine, t, settings);
		apply({ type: 'call.joined', at: iso(t), callId: 'y', queue: 'q' });
		apply({ type: 'call.answered', at: iso(t + 300), callId: 'y', agent: 'A' });
		apply({ type: 'call.completed', at: iso(t + 600), callId: 'y', agent: 'A', wrapUpSec: 1 });
		// The window's end falls inside that second, after both instants, and before the answer.
		for (const now of [t + 500, t + 200]) {
			expectSame(callFigures(engine, now, settings), scanned(engine, now, settings), `${now}`);
		}
		expect(callFigures(engine, t + 500, settings)).toMatchObject({
			arrivalsPerHour: 2,
			serviceLevelPct30m: 100
		});
	});
});
