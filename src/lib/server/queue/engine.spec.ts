import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../contracts/telephony.ts';
import { QueueEngine, type EngineChange } from './engine.ts';
import { computeQueueStats, type QueueSettings } from './stats.ts';

const t0 = Date.parse('2026-11-29T09:00:00+08:00');
const at = (sec: number) => new Date(t0 + sec * 1000).toISOString();
const settings: QueueSettings = {
	serviceLevelThresholdSec: 20,
	serviceLevelTargetPct: 80,
	shortAbandonSec: 5,
	longestWaitAlarmSec: 60
};

/** A morning's first two minutes and a bit, in seconds after 09:00. */
const morning: TelephonyEvent[] = [
	{ type: 'agent.state', at: at(0), agent: 'A1', name: '王小明', state: 'available' },
	{ type: 'agent.state', at: at(0), agent: 'A2', state: 'available' },
	{ type: 'agent.state', at: at(0), agent: 'A3', state: 'not_ready', reason: 'lunch' },
	{ type: 'call.joined', at: at(10), callId: 'c1', queue: '1999' },
	{ type: 'call.joined', at: at(12), callId: 'c2', queue: '1999' },
	{ type: 'call.answered', at: at(15), callId: 'c1', agent: 'A1' }, // waited 5 s
	{ type: 'call.answered', at: at(40), callId: 'c2', agent: 'A2' }, // waited 28 s
	{ type: 'call.joined', at: at(50), callId: 'c3', queue: '1999' },
	{ type: 'call.abandoned', at: at(52), callId: 'c3' }, // 2 s: a short abandon
	{ type: 'call.joined', at: at(60), callId: 'c4', queue: '1999' },
	// Talked 75 − 15 = 60 s; A1 wraps up for 30 s, until 105 s.
	{ type: 'call.completed', at: at(75), callId: 'c1', agent: 'A1', wrapUpSec: 30 },
	{ type: 'call.abandoned', at: at(90), callId: 'c4' }, // 30 s: counted
	{ type: 'call.joined', at: at(100), callId: 'c5', queue: '1999' },
	{ type: 'call.joined', at: at(110), callId: 'c6', queue: '1999' },
	// Talked 115 − 40 = 75 s; no wrap-up announced, so A2 is available …
	{ type: 'call.completed', at: at(115), callId: 'c2' },
	// … until the source says A2 wraps up after all, for 136 − 116 = 20 s.
	{ type: 'agent.state', at: at(116), agent: 'A2', state: 'wrap_up' },
	{ type: 'agent.state', at: at(136), agent: 'A2', state: 'available' }
];

function run(events: TelephonyEvent[]): { engine: QueueEngine; changes: EngineChange[] } {
	const engine = new QueueEngine();
	const changes = events.flatMap((e) => engine.apply(e, 'test'));
	return { engine, changes };
}

describe('QueueEngine', () => {
	it('keeps call records with waits, talk and wrap-up times', () => {
		const { engine } = run(morning);
		const byId = new Map([...engine.calls()].map((c) => [c.callId, c]));
		expect(byId.get('c1')).toMatchObject({
			outcome: 'completed',
			agent: 'A1',
			waitSec: 5,
			talkSec: 60,
			wrapSec: 30
		});
		// The wrap-up A2 did after the call was measured when it ended: 20 s.
		expect(byId.get('c2')).toMatchObject({
			outcome: 'completed',
			agent: 'A2',
			waitSec: 28,
			talkSec: 75,
			wrapSec: 20
		});
		expect(byId.get('c3')).toMatchObject({ outcome: 'abandoned', waitSec: 2 });
		expect(byId.get('c4')).toMatchObject({ outcome: 'abandoned', waitSec: 30 });
		expect(engine.waiting().map((c) => c.callId)).toEqual(['c5', 'c6']);
	});

	it('reports each agent state change once, a timed wrap-up ending at its own instant', () => {
		const { changes } = run(morning);
		const agentChanges = changes
			.filter((c) => c.kind === 'agent')
			.map(
				(c) => `${(c.at - t0) / 1000}s ${c.agent} ${c.state}${c.reason ? ` (${c.reason})` : ''}`
			);
		expect(agentChanges).toEqual([
			'0s A1 available',
			'0s A2 available',
			'0s A3 not_ready (lunch)',
			'15s A1 on_call',
			'40s A2 on_call',
			'75s A1 wrap_up',
			// Seen when the next event (110 s) arrives, dated when the 30 s wrap-up ended.
			'105s A1 available',
			'115s A2 available',
			'116s A2 wrap_up',
			'136s A2 available'
		]);
		// Every call change carries the record as it is after the event: c1 joined, answered, done.
		const c1 = changes.filter((c) => c.kind === 'call' && c.record.callId === 'c1');
		expect(c1.map((c) => (c.kind === 'call' ? c.record.outcome : ''))).toEqual([
			'waiting',
			'answered',
			'completed'
		]);
	});

	it('computes the wallboard figures for that morning', () => {
		const { engine } = run(morning);
		const stats = computeQueueStats(engine, t0 + 140_000, settings);
		// Offered c1–c6 = 6; answered c1, c2; abandons: c4 counts, c3 (2 s) is short; handled c1, c2.
		expect(stats).toMatchObject({
			waiting: 2,
			longestWaitSec: 40, // c5 joined at 100 s, now is 140 s
			offered: 6,
			answered: 2,
			abandoned: 1,
			handled: 2,
			// Within 20 s: c1 (5 s), not c2 (28 s). SL = 1 / (2 answered + 1 counted abandon) = 33.3 %.
			serviceLevelPct: 33.3,
			serviceLevelPct30m: 33.3,
			asaSec: 16.5, // (5 + 28) / 2
			abandonRatePct: 20, // 1 / (6 offered − 1 short)
			agents: { available: 2, onCall: 0, wrapUp: 0, notReady: 1, loggedOut: 0 },
			agentsAvailableNow: 2
		});
		// Staffing: 6 arrivals in 30 min = 12 per hour; AHT = ((60 + 30) + (75 + 20)) / 2 = 92.5 s.
		// A = 12 × 92.5 / 3600 = 0.3083 Erlang. N = 1: C = A = 0.3083,
		// SL = 1 − 0.3083·e^{−(1 − 0.3083)·20/92.5} = 1 − 0.3083·0.8611 = 73.5 % < 80 %.
		// N = 2: B(2) = 0.03506, C = 2·0.03506 / (2 − 0.3083·0.96494) = 0.04118,
		// SL = 1 − 0.04118·e^{−1.6917·20/92.5} = 1 − 0.04118·0.6936 = 97.1 % ≥ 80 %: 2 agents.
		expect(stats.staffing).toEqual({ arrivalsPerHour: 12, ahtSec: 92.5, agentsNeeded: 2 });
		expect(stats.agentList.map((a) => [a.agent, a.name, a.state, a.reason])).toEqual([
			['A1', '王小明', 'available', null],
			['A2', null, 'available', null],
			['A3', null, 'not_ready', 'lunch']
		]);
		expect(stats.agentList[0]!.since).toBe(at(105));
	});

	it('shows a timed wrap-up as over once its time has passed, without another event', () => {
		const { engine } = run(morning.slice(0, 11)); // up to c1 completed with 30 s wrap-up at 75 s
		const a1 = (now: number) => engine.agents(t0 + now * 1000).find((a) => a.agent === 'A1');
		expect(a1(100)).toMatchObject({ state: 'wrap_up' });
		expect(a1(106)).toMatchObject({ state: 'available', since: t0 + 105_000 });
	});

	it('applies resent and out-of-place events once', () => {
		const { engine, changes } = run([
			...morning,
			{ type: 'call.joined', at: at(150), callId: 'c1', queue: '1999' },
			{ type: 'call.answered', at: at(151), callId: 'c4', agent: 'A1' }, // c4 was abandoned
			{ type: 'call.abandoned', at: at(152), callId: 'c2' }, // c2 was answered
			{ type: 'call.completed', at: at(153), callId: 'c1', agent: 'A1', wrapUpSec: 99 }
		]);
		expect(changes.slice(-1)).toEqual([
			// Only what the final replay of the morning produced; the four resends change nothing.
			expect.objectContaining({ kind: 'agent', agent: 'A2', state: 'available' })
		]);
		const stats = computeQueueStats(engine, t0 + 160_000, settings);
		expect(stats).toMatchObject({ offered: 6, answered: 2, abandoned: 1, handled: 2 });
		expect(stats.agents.available).toBe(2);
	});

	it('puts an agent on a call it never saw join, without counting the call', () => {
		const { engine, changes } = run([
			{ type: 'call.answered', at: at(5), callId: 'unseen', agent: 'B1' }
		]);
		expect(changes).toEqual([
			expect.objectContaining({ kind: 'agent', agent: 'B1', state: 'on_call' })
		]);
		expect([...engine.calls()]).toEqual([]);
		expect(engine.agents(t0 + 6000)[0]).toMatchObject({ state: 'on_call', callId: 'unseen' });
	});

	it('takes a snapshot as the whole live picture, keeping the counters', () => {
		const { engine, changes } = run([
			...morning,
			{
				type: 'snapshot',
				at: at(200),
				waiting: [
					{ callId: 'c6', queue: '1999', waitingSinceSec: 90 }, // known, still waiting
					{ callId: 'c9', queue: '1999', waitingSinceSec: 12 } // joined while we were away
				],
				agents: [
					{ agent: 'A1', state: 'on_call', callId: 'c5' },
					{ agent: 'A2', state: 'available' } // unchanged: no change reported
				]
			}
		]);
		expect(changes.slice(-3)).toEqual([
			expect.objectContaining({ kind: 'call', record: expect.objectContaining({ callId: 'c9' }) }),
			expect.objectContaining({ kind: 'agent', agent: 'A1', state: 'on_call' }),
			// Not listed: logged out.
			expect.objectContaining({ kind: 'agent', agent: 'A3', state: 'logged_out', reason: null })
		]);
		// c5 left the queue unseen (the source shows it nowhere): out of the live queue, still offered.
		expect(engine.waiting().map((c) => [c.callId, (t0 + 200_000 - c.joinedAt) / 1000])).toEqual([
			['c6', 90],
			['c9', 12]
		]);
		const stats = computeQueueStats(engine, t0 + 200_000, settings);
		expect(stats).toMatchObject({
			waiting: 2,
			longestWaitSec: 90,
			offered: 7,
			agents: { available: 1, onCall: 1, wrapUp: 0, notReady: 0, loggedOut: 1 }
		});
	});

	it('forgets yesterday but keeps what is live and the last 30 minutes', () => {
		const { engine } = run(morning);
		engine.prune(t0 + 55_000, t0); // as if the day had started at 09:00:55
		// c1–c3 joined before and are over; c4 (joined at 60 s) and later stay.
		expect([...engine.calls()].map((c) => c.callId)).toEqual(['c4', 'c5', 'c6']);
		engine.prune(t0 + 500_000, t0);
		// c5 and c6 are still waiting: live calls are kept.
		expect([...engine.calls()].map((c) => c.callId)).toEqual(['c5', 'c6']);
	});

	it('forgets agents logged out before the replay window, as a restarted replica would', () => {
		const { engine } = run([
			...morning,
			{ type: 'agent.state', at: at(150), agent: 'A3', state: 'logged_out' }
		]);
		engine.prune(t0, t0 + 149_000);
		expect(engine.agents(t0 + 200_000).map((a) => a.agent)).toEqual(['A1', 'A2', 'A3']);
		engine.prune(t0, t0 + 151_000);
		expect(engine.agents(t0 + 200_000).map((a) => a.agent)).toEqual(['A1', 'A2']);
	});
});
