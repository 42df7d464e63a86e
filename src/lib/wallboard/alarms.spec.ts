import { describe, expect, it } from 'vitest';
import type { FieldStats } from '$lib/contracts/field';
import {
	EVENT_ALARM_MS,
	fieldChange,
	heldAlarms,
	queueConditions,
	risingEdges,
	waitNow,
	type AlarmKind
} from './alarms.ts';

const AT = '2026-12-01T02:00:00.000Z';
const t0 = Date.parse(AT);
const settings = {
	serviceLevelThresholdSec: 20,
	serviceLevelTargetPct: 80,
	shortAbandonSec: 5,
	longestWaitAlarmSec: 60
};
const queue = (over: Partial<Parameters<typeof queueConditions>[0]> = {}) => ({
	at: AT,
	serviceLevelPct: 85,
	serviceLevelPct30m: 90,
	waiting: 0,
	longestWaitSec: 0,
	settings,
	...over
});

describe('waitNow', () => {
	it('ticks the longest wait forward from the figures’ time', () => {
		expect(waitNow({ at: AT, waiting: 2, longestWaitSec: 40 }, t0 + 15_000)).toBe(55);
	});
	it('is zero with nobody waiting, and never runs backwards', () => {
		expect(waitNow({ at: AT, waiting: 0, longestWaitSec: 40 }, t0 + 15_000)).toBe(0);
		expect(waitNow({ at: AT, waiting: 1, longestWaitSec: 40 }, t0 - 5_000)).toBe(40);
	});
});

describe('queueConditions', () => {
	it('is calm when every figure meets its target', () => {
		expect([...queueConditions(queue(), t0)]).toEqual([]);
	});
	it('raises service level under the target, today and over 30 minutes, separately', () => {
		expect([...queueConditions(queue({ serviceLevelPct: 79.9 }), t0)]).toEqual(['serviceLevel']);
		expect([...queueConditions(queue({ serviceLevelPct30m: 50 }), t0)]).toEqual([
			'serviceLevel30m'
		]);
		// Exactly on target meets it.
		expect([...queueConditions(queue({ serviceLevelPct: 80 }), t0)]).toEqual([]);
	});
	it('treats a level with no calls behind it as no alarm', () => {
		expect([
			...queueConditions(queue({ serviceLevelPct: null, serviceLevelPct30m: null }), t0)
		]).toEqual([]);
	});
	it('raises the wait alarm once the ticking wait passes the threshold', () => {
		const s = queue({ waiting: 1, longestWaitSec: 50 });
		expect(queueConditions(s, t0 + 10_000).has('longestWait')).toBe(false); // 60 s: not over
		expect(queueConditions(s, t0 + 11_000).has('longestWait')).toBe(true); // 61 s
	});
});

const field = (over: Partial<FieldStats> = {}): FieldStats => ({
	at: AT,
	open: 10,
	overdue: 2,
	dueWithinHour: 1,
	emergencies: 1,
	agencies: [],
	latestOverdueAt: '2026-12-01T01:00:00.000Z',
	newestEmergencyId: 40,
	...over
});

describe('fieldChange', () => {
	it('raises nothing for the first figures', () => {
		expect(fieldChange(null, field({ overdue: 9 }))).toEqual({
			newOverdue: 0,
			newEmergency: false
		});
	});
	it('counts overdue jobs that were added', () => {
		expect(fieldChange(field(), field({ overdue: 5 })).newOverdue).toBe(3);
	});
	it('sees a job turn overdue while another closed and the count stood still', () => {
		const next = field({ latestOverdueAt: '2026-12-01T01:59:00.000Z' });
		expect(fieldChange(field(), next).newOverdue).toBe(1);
		expect(fieldChange(field({ latestOverdueAt: null, overdue: 0 }), next).newOverdue).toBe(2);
	});
	it('stays calm when overdue jobs are only closed', () => {
		const next = field({ overdue: 1, latestOverdueAt: '2026-12-01T00:30:00.000Z' });
		expect(fieldChange(field(), next).newOverdue).toBe(0);
	});
	it('raises a new emergency by a newer emergency job, not by a count going down', () => {
		expect(fieldChange(field(), field({ newestEmergencyId: 41 })).newEmergency).toBe(true);
		expect(
			fieldChange(field({ newestEmergencyId: null }), field({ newestEmergencyId: 3 })).newEmergency
		).toBe(true);
		expect(
			fieldChange(field(), field({ emergencies: 0, newestEmergencyId: null })).newEmergency
		).toBe(false);
		expect(fieldChange(field(), field({ newestEmergencyId: 39 })).newEmergency).toBe(false);
	});
});

describe('risingEdges and heldAlarms', () => {
	it('names only the alarms that just started', () => {
		const prev = new Set<AlarmKind>(['serviceLevel']);
		const next = new Set<AlarmKind>(['serviceLevel', 'longestWait']);
		expect(risingEdges(prev, next)).toEqual(['longestWait']);
		expect(risingEdges(next, prev)).toEqual([]);
	});
	it('holds an event alarm for its time, then lets it go', () => {
		const raised = new Map<AlarmKind, number>([['emergency', t0]]);
		expect(heldAlarms(raised, t0 + EVENT_ALARM_MS - 1).has('emergency')).toBe(true);
		expect(heldAlarms(raised, t0 + EVENT_ALARM_MS).has('emergency')).toBe(false);
	});
});
