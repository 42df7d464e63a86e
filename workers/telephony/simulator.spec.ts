import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { createCallSimulator } from './simulator.ts';

const start = Date.parse('2026-11-30T09:00:00+08:00'); // a Monday morning: calls come quickly

describe('call simulator source', () => {
	it('opens with a snapshot, then emits what the model did up to each step', async () => {
		let clock = start;
		const emitted: TelephonyEvent[][] = [];
		const sim = createCallSimulator({
			emit: async (events) => void emitted.push(events),
			log: () => undefined,
			seed: 9,
			now: () => new Date(clock),
			intervalMs: 3_600_000 // the test steps it by hand
		});
		await sim.start();
		expect(emitted).toHaveLength(1);
		expect(emitted[0]![0]).toMatchObject({ type: 'snapshot' });
		clock += 10 * 60_000;
		const sent = await sim.step();
		expect(sent).toBeGreaterThan(0);
		expect(emitted[1]).toHaveLength(sent);
		expect(emitted[1]!.every((e) => Date.parse(e.at) <= clock)).toBe(true);
		expect(emitted[1]!.some((e) => e.type === 'call.joined')).toBe(true);
		await sim.stop();
	});

	it('keeps events the inbox refused and sends them, in order, at the next step', async () => {
		let clock = start;
		let failing = false;
		const emitted: TelephonyEvent[] = [];
		const sim = createCallSimulator({
			async emit(events) {
				if (failing) throw new Error('database away');
				emitted.push(...events);
			},
			log: () => undefined,
			seed: 9,
			now: () => new Date(clock),
			intervalMs: 3_600_000
		});
		await sim.start();
		failing = true;
		clock += 5 * 60_000;
		await expect(sim.step()).rejects.toThrow('database away');
		failing = false;
		clock += 5 * 60_000;
		await sim.step();
		await sim.stop();

		// The same seed without the failure: the same events, none lost or doubled.
		clock = start;
		const straight: TelephonyEvent[] = [];
		const again = createCallSimulator({
			emit: async (events) => void straight.push(...events),
			log: () => undefined,
			seed: 9,
			now: () => new Date(clock),
			intervalMs: 3_600_000
		});
		await again.start();
		clock += 10 * 60_000;
		await again.step();
		await again.stop();
		const strip = (events: TelephonyEvent[]) =>
			events.map(({ eventId: _id, ...e }) => JSON.stringify(e).replace(/sim[0-9a-f]{6}/g, 'run'));
		expect(strip(emitted)).toEqual(strip(straight));
		expect(emitted.length).toBeGreaterThan(1);
	});

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
