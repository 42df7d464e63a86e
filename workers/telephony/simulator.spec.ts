import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { createCallSimulator } from './simulator.ts';

describe('call simulator', () => {
	it('plays the day so far before going live, in bounded appends, ending now', async () => {
		const now = new Date('2026-11-27T08:00:00Z'); // 16:00 in Taipei
		const from = new Date('2026-11-26T16:00:00Z'); // midnight in Taipei
		const batches: TelephonyEvent[][] = [];
		const sim = createCallSimulator({
			emit: async (events) => void batches.push(events),
			log: () => undefined,
			seed: 7,
			now: () => now,
			intervalMs: 60_000,
			backfillFrom: from
		});
		await sim.start();
		await sim.stop();
		const events = batches.flat();
		const joined = events.filter((e) => e.type === 'call.joined');
		// ~2,500 calls a day with the day's peaks mostly before 16:00: well over a thousand.
		expect(joined.length).toBeGreaterThan(1000);
		expect(events[0]!.type).toBe('snapshot');
		const times = events.map((e) => Date.parse(e.at));
		expect(Math.min(...times)).toBeGreaterThanOrEqual(from.getTime());
		expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
		expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(1000);
	});

	it('starts at now, with no history, when not asked to play the day', async () => {
		const now = new Date('2026-11-27T08:00:00Z');
		const events: TelephonyEvent[] = [];
		const sim = createCallSimulator({
			emit: async (batch) => void events.push(...batch),
			log: () => undefined,
			seed: 7,
			now: () => now,
			intervalMs: 60_000
		});
		await sim.start();
		await sim.stop();
		expect(events.filter((e) => e.type === 'call.joined')).toHaveLength(0);
		expect(events.every((e) => Date.parse(e.at) === now.getTime())).toBe(true);
	});
});
