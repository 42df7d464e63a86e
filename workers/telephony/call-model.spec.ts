import { describe, expect, it } from 'vitest';
import { telephonyEventSchema, type TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { seededRandom } from '../../src/lib/domain/random.ts';
import { QueueEngine } from '../../src/lib/server/queue/engine.ts';
import { computeQueueStats } from '../../src/lib/server/queue/stats.ts';
import { CallCentreModel, defaultShifts, type CallCentreConfig } from './call-model.ts';

const HOUR = 3_600_000;
// A Monday: the weekday profile gives it 16.217 % × 7 = 1.135 × an average day.
const monday = Date.parse('2026-11-30T00:00:00+08:00');

/** Runs the model from `start` for `hours`, a minute at a time, and returns every event. */
function simulate(
	seed: number,
	hours: number,
	start = monday,
	config: Partial<CallCentreConfig> = {}
): TelephonyEvent[] {
	const model = new CallCentreModel({
		start: new Date(start),
		random: seededRandom(seed),
		runId: 'run',
		config
	});
	const events = model.start();
	for (let t = start + 60_000; t <= start + hours * HOUR; t += 60_000) {
		events.push(...model.advance(new Date(t)));
	}
	return events;
}

const hourOf = (e: TelephonyEvent) => new Date(Date.parse(e.at) + 8 * HOUR).getUTCHours();

describe('call-centre model', () => {
	it('repeats itself exactly for a seed, and differs for another', () => {
		const a = simulate(42, 6);
		const b = simulate(42, 6);
		expect(a.length).toBeGreaterThan(100);
		expect(b).toEqual(a);
		expect(simulate(43, 6)).not.toEqual(a);
	});

	it('does not depend on how often it is stepped', () => {
		const minuteByMinute = simulate(7, 3);
		const model = new CallCentreModel({
			start: new Date(monday),
			random: seededRandom(7),
			runId: 'run'
		});
		const inOneGo = [...model.start(), ...model.advance(new Date(monday + 3 * HOUR))];
		expect(inOneGo).toEqual(minuteByMinute);
	});

	it('speaks only valid events, in time order, with unique ids', () => {
		const events = simulate(1, 24);
		for (const e of events)
			expect(telephonyEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
		const times = events.map((e) => Date.parse(e.at));
		expect(times).toEqual([...times].sort((x, y) => x - y));
		expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
		expect(events[0]).toMatchObject({ type: 'snapshot', waiting: [] });
	});

	it('brings about 2,500 calls on an average day, busy mornings and quiet nights', () => {
		const joins = simulate(1, 24).filter((e) => e.type === 'call.joined');
		// Monday: 2,500 × 1.135 = 2,838 expected; a Poisson day's spread is √2838 ≈ 53, so ±5 %
		// is over 2.5 standard deviations.
		expect(joins.length).toBeGreaterThan(2838 * 0.95);
		expect(joins.length).toBeLessThan(2838 * 1.05);
		const perHour = Array.from(
			{ length: 24 },
			(_, h) => joins.filter((e) => hourOf(e) === h).length
		);
		// 09:00 (8.3 % of the day) against 04:00 (0.26 %): dozens of times busier.
		expect(perHour[9]!).toBeGreaterThan(10 * perHour[4]!);
		// A second, afternoon peak: 16:00–18:59 all busier than 12:00.
		for (const h of [16, 17, 18]) expect(perHour[h]!).toBeGreaterThan(perHour[12]!);
	});

	it('plays a believable day through the queue engine', () => {
		const events = simulate(3, 24);
		const engine = new QueueEngine();
		for (const e of events) engine.apply(e, 'simulator');
		const stats = computeQueueStats(engine, monday + 24 * HOUR - 1, {
			serviceLevelThresholdSec: 20,
			serviceLevelTargetPct: 80,
			shortAbandonSec: 5,
			longestWaitAlarmSec: 60
		});
		// Staffed for the target with a little slack: most calls in time, a few abandons, all handled
		// but the last few.
		expect(stats.serviceLevelPct!).toBeGreaterThan(75);
		expect(stats.abandonRatePct!).toBeGreaterThan(0);
		expect(stats.abandonRatePct!).toBeLessThan(10);
		expect(stats.offered).toBe(
			stats.answered + stats.abandoned + shortAbandons(events) + stats.waiting
		);
		expect(stats.offered - stats.handled).toBeLessThan(stats.offered * 0.1);
		// Mean talk 180 s + wrap-up 30 s.
		expect(stats.staffing.ahtSec!).toBeGreaterThan(190);
		expect(stats.staffing.ahtSec!).toBeLessThan(230);
		// Every agent of every shift appears, and the late shift is gone at midnight.
		const headcount = defaultShifts.reduce((n, s) => n + s.agents, 0);
		expect(stats.agentList).toHaveLength(headcount);
	});

	it('gives agents breaks, meals and meetings, never sending more than a fifth of the floor away', () => {
		const events = simulate(5, 24);
		const reasons = new Map<string, number>();
		const away = new Set<string>();
		const loggedIn = new Set<string>();
		let worst = 0;
		for (const e of events) {
			if (e.type === 'snapshot') {
				for (const a of e.agents) if (a.state !== 'logged_out') loggedIn.add(a.agent);
			}
			if (e.type !== 'agent.state') continue;
			if (e.state === 'logged_out') loggedIn.delete(e.agent);
			else loggedIn.add(e.agent);
			if (e.state === 'not_ready') {
				reasons.set(e.reason ?? '', (reasons.get(e.reason ?? '') ?? 0) + 1);
				away.add(e.agent);
				// When a break starts, the agents away (this one included) stay within the cap.
				worst = Math.max(worst, away.size - Math.max(1, Math.floor(loggedIn.size * 0.2)));
			} else away.delete(e.agent);
		}
		expect([...reasons.keys()].sort()).toEqual(['break', 'meal', 'meeting']);
		// Every agent on a shift of 8 hours or more has one meal.
		expect(reasons.get('meal')).toBe(
			defaultShifts.filter((s) => s.endHour - s.startHour >= 8).reduce((n, s) => n + s.agents, 0)
		);
		expect(worst).toBeLessThanOrEqual(0);
	});

	it('scales the floor with the volume and the staffing factor', () => {
		const small = new CallCentreModel({
			start: new Date(monday),
			random: seededRandom(1),
			runId: 'r',
			config: { callsPerDay: 250 }
		});
		// A tenth of the volume: shifts scale to a tenth, but never below one agent each.
		expect(small.agentCount).toBe(defaultShifts.length);
		const lean = new CallCentreModel({
			start: new Date(monday),
			random: seededRandom(1),
			runId: 'r',
			config: { staffing: 0.5 }
		});
		expect(lean.agentCount).toBeLessThan(defaultShifts.reduce((n, s) => n + s.agents, 0) * 0.6);
	});

	it('opens mid-day with the shifts that are on logged in', () => {
		const noon = monday + 12.5 * HOUR;
		const [snapshot] = simulate(1, 0, noon);
		if (snapshot?.type !== 'snapshot') throw new Error('expected a snapshot first');
		const on = defaultShifts
			.filter((s) => s.startHour <= 12.5 && 12.5 < s.endHour)
			.reduce((n, s) => n + s.agents, 0);
		expect(snapshot.agents.filter((a) => a.state === 'available')).toHaveLength(on);
	});
});

function shortAbandons(events: TelephonyEvent[]): number {
	const joined = new Map<string, number>();
	let short = 0;
	for (const e of events) {
		if (e.type === 'call.joined') joined.set(e.callId, Date.parse(e.at));
		if (e.type === 'call.abandoned' && Date.parse(e.at) - joined.get(e.callId)! < 5000) short++;
	}
	return short;
}
