import { describe, expect, it } from 'vitest';
import type { CallRecord } from './engine.ts';
import {
	abandonRatePct,
	arrivalsPerHour,
	averageHandleTimeSec,
	averageSpeedOfAnswerSec,
	callsDecidedWithin,
	callsToday,
	countAgents,
	countCalls,
	longestWaitSec,
	serviceLevelPct
} from './metrics.ts';
import { replayFrom, startOfTaipeiDay } from './time.ts';

const now = Date.parse('2026-11-29T10:00:00+08:00');
const S = 1000;
let serial = 0;

/** A call that joined `agoSec` before now and was decided after `waitSec`. */
function call(
	outcome: CallRecord['outcome'],
	waitSec: number | null,
	extra: Partial<CallRecord> = {}
): CallRecord {
	const joinedAt = extra.joinedAt ?? now - 3600 * S;
	const decided = waitSec === null ? null : joinedAt + waitSec * S;
	return {
		callId: `c${++serial}`,
		queue: '1999',
		source: 'test',
		joinedAt,
		answeredAt: outcome === 'answered' || outcome === 'completed' ? decided : null,
		endedAt: outcome === 'abandoned' ? decided : null,
		outcome,
		agent: null,
		waitSec,
		talkSec: null,
		wrapSec: null,
		...extra
	};
}

// Ten calls of one morning, threshold T = 20 s, short abandons under 5 s.
const day = [
	call('answered', 10), // 1: in time
	call('answered', 20), // 2: in time (exactly T counts as within)
	call('answered', 30), // 3: late
	call('completed', 5, { talkSec: 100, wrapSec: 20 }), // 4: in time
	call('completed', 45, { talkSec: 200, wrapSec: 40 }), // 5: late
	call('abandoned', 3), // 6: short abandon
	call('abandoned', 5), // 7: not short (short is strictly under 5 s)
	call('abandoned', 60), // 8: counted abandon
	call('waiting', null), // 9: still waiting
	call('abandoned', 4.9) // 10: short abandon
];

describe('service level', () => {
	it('leaves short abandons out of the denominator', () => {
		// Answered: calls 1–5 = 5; within 20 s: 1, 2, 4 = 3. Counted abandons: 7, 8 = 2.
		// SL = 3 / (5 + 2) = 42.857 %. The waiting call 9 is not decided and not counted.
		expect(serviceLevelPct(day, 20, 5)).toBeCloseTo(300 / 7, 10);
	});

	it('counts every abandon when the short-abandon threshold is 0', () => {
		// Abandons 6, 7, 8, 10 all count: SL = 3 / (5 + 4) = 33.333 %.
		expect(serviceLevelPct(day, 20, 0)).toBeCloseTo(100 / 3, 10);
	});

	it('moves with the threshold and is null with nothing decided', () => {
		// T = 30 s: calls 1, 2, 3, 4 within → 4 / 7 = 57.143 %.
		expect(serviceLevelPct(day, 30, 5)).toBeCloseTo(400 / 7, 10);
		// Only a waiting call and a short abandon: nothing to measure.
		expect(serviceLevelPct([call('waiting', null), call('abandoned', 2)], 20, 5)).toBeNull();
	});
});

describe('abandon rate and counters', () => {
	it('excludes short abandons from abandons and from offered', () => {
		// Offered 10, short abandons 2 (calls 6, 10), counted abandons 2 (7, 8):
		// 2 / (10 − 2) = 25 %.
		expect(abandonRatePct(day, 5)).toBe(25);
		// Without exclusion: 4 abandons / 10 offered = 40 %.
		expect(abandonRatePct(day, 0)).toBe(40);
		expect(abandonRatePct([], 5)).toBeNull();
	});

	it('counts offered, answered, abandoned and handled', () => {
		expect(countCalls(day, 5)).toEqual({
			offered: 10,
			answered: 5, // 1–5
			abandoned: 2, // 7, 8
			shortAbandoned: 2, // 6, 10
			handled: 2 // 4, 5 finished their conversation
		});
		expect(countCalls(day, 0)).toMatchObject({ abandoned: 4, shortAbandoned: 0 });
	});

	it('averages speed of answer and handle time', () => {
		// ASA = (10 + 20 + 30 + 5 + 45) / 5 = 110 / 5 = 22 s.
		expect(averageSpeedOfAnswerSec(day)).toBe(22);
		// AHT over completed calls: ((100 + 20) + (200 + 40)) / 2 = 360 / 2 = 180 s.
		expect(averageHandleTimeSec(day)).toBe(180);
		expect(averageSpeedOfAnswerSec([call('waiting', null)])).toBeNull();
		expect(averageHandleTimeSec([call('answered', 3)])).toBeNull();
	});
});

describe('windows and the day boundary', () => {
	it('starts the day at midnight in Taipei, not UTC', () => {
		const justAfter = Date.parse('2026-11-29T00:30:00+08:00'); // 2026-11-28T16:30Z
		expect(new Date(startOfTaipeiDay(justAfter)).toISOString()).toBe('2026-11-28T16:00:00.000Z');
		const yesterday = call('completed', 5, { joinedAt: Date.parse('2026-11-28T23:50:00+08:00') });
		const today = call('completed', 5, { joinedAt: Date.parse('2026-11-29T00:10:00+08:00') });
		expect(callsToday([yesterday, today], justAfter)).toEqual([today]);
		// Replay looks 12 h before that midnight: 2026-11-28T12:00+08 = 04:00Z.
		expect(new Date(replayFrom(justAfter, 12)).toISOString()).toBe('2026-11-28T04:00:00.000Z');
	});

	it('takes calls decided in the last 30 minutes for the rolling service level', () => {
		const at = (minutesAgo: number) => now - minutesAgo * 60 * S;
		const in29 = call('answered', 10, { answeredAt: at(29) });
		const in31 = call('answered', 10, { answeredAt: at(31) });
		const exactly30 = call('answered', 10, { answeredAt: at(30) });
		const abandoned10 = call('abandoned', 40, { endedAt: at(10) });
		const waiting = call('waiting', null);
		expect(callsDecidedWithin([in29, in31, exactly30, abandoned10, waiting], now, 30)).toEqual([
			in29,
			abandoned10
		]);
	});

	it('turns the last 30 minutes of arrivals into calls per hour', () => {
		const joined = (minutesAgo: number) =>
			call('waiting', null, { joinedAt: now - minutesAgo * 60 * S });
		// Joined 1, 15 and 29 minutes ago are inside; 31 minutes ago is not: 3 × 60/30 = 6 per hour.
		expect(arrivalsPerHour([joined(1), joined(15), joined(29), joined(31)], now, 30)).toBe(6);
	});
});

describe('agents and waits', () => {
	it('puts ringing agents with the available ones', () => {
		const states = [
			'available',
			'ringing',
			'on_call',
			'on_call',
			'wrap_up',
			'not_ready',
			'logged_out'
		];
		expect(countAgents(states.map((state) => ({ state }) as never))).toEqual({
			available: 2,
			onCall: 2,
			wrapUp: 1,
			notReady: 1,
			loggedOut: 1
		});
	});

	it('gives the longest wait in whole seconds', () => {
		expect(longestWaitSec([{ joinedAt: now - 10_000 }, { joinedAt: now - 61_500 }], now)).toBe(61);
		expect(longestWaitSec([], now)).toBe(0);
		// A source clock a little ahead of ours never shows a negative wait.
		expect(longestWaitSec([{ joinedAt: now + 2_000 }], now)).toBe(0);
	});
});
