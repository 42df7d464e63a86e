import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangB, erlangC, erlangServiceLevel, trafficErlangs } from './erlang.ts';

describe('Erlang C', () => {
	it('matches a small case worked by hand', () => {
		// A = 1 Erlang, N = 2 agents.
		// Erlang B recursion: B(0) = 1, B(1) = 1·1/(1 + 1·1) = 0.5, B(2) = 1·0.5/(2 + 1·0.5) = 0.2.
		expect(erlangB(2, 1)).toBeCloseTo(0.2, 12);
		// C = N·B / (N − A·(1 − B)) = 2·0.2 / (2 − 1·0.8) = 0.4 / 1.2 = 1/3.
		// Same from the textbook form: (A^N/N!)·N/(N−A) = (1/2)·2/1 = 1; Σ_{k<2} A^k/k! = 1 + 1 = 2;
		// C = 1 / (2 + 1) = 1/3.
		expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
		// Service level within 10 s, AHT 100 s: 1 − (1/3)·e^{−(2−1)·10/100} = 1 − 0.3333·0.904837
		// = 0.698388.
		expect(erlangServiceLevel(2, 1, 100, 10)).toBeCloseTo(0.698388, 6);
	});

	it('reproduces the textbook example: 100 calls per 30 min, AHT 180 s, 80 % in 20 s', () => {
		// The worked example of "Erlang C formula – made simple" (callcentrehelper.com):
		// 200 calls an hour × 180 s / 3600 = 10 Erlangs.
		const traffic = trafficErlangs(200, 180);
		expect(traffic).toBe(10);
		// Published probabilities of waiting and service levels for 11–14 agents:
		// N = 11: Pw 0.6821, SL = 1 − 0.6821·e^{−1·20/180} = 1 − 0.6821·0.8948 = 0.3896
		// N = 12: Pw 0.4494, SL = 1 − 0.4494·e^{−2·20/180} = 1 − 0.4494·0.8007 = 0.6402
		// N = 13: Pw 0.2853, SL = 1 − 0.2853·e^{−3·20/180} = 1 − 0.2853·0.7165 = 0.7956
		// N = 14: Pw 0.1741, SL = 1 − 0.1741·e^{−4·20/180} = 1 − 0.1741·0.6412 = 0.8884
		const published = [
			[11, 0.6821, 0.3896],
			[12, 0.4494, 0.6402],
			[13, 0.2853, 0.7956],
			[14, 0.1741, 0.8884]
		] as const;
		for (const [n, pw, sl] of published) {
			expect(erlangC(n, traffic), `Pw at ${n}`).toBeCloseTo(pw, 4);
			expect(erlangServiceLevel(n, traffic, 180, 20), `SL at ${n}`).toBeCloseTo(sl, 3);
		}
		// 13 agents reach 79.6 % < 80 %, 14 reach 88.8 %: 14 are needed.
		expect(agentsNeeded({ callsPerHour: 200, ahtSec: 180, thresholdSec: 20, targetPct: 80 })).toBe(
			14
		);
	});

	it('always makes callers wait when agents do not exceed the traffic', () => {
		expect(erlangC(10, 10)).toBe(1);
		expect(erlangC(3, 4.5)).toBe(1);
		expect(erlangServiceLevel(10, 10, 180, 20)).toBe(0);
	});

	it('needs nobody when no calls come, and more agents for a stricter target', () => {
		expect(erlangC(5, 0)).toBe(0);
		expect(agentsNeeded({ callsPerHour: 0, ahtSec: 180, thresholdSec: 20, targetPct: 80 })).toBe(0);
		const loose = agentsNeeded({ callsPerHour: 200, ahtSec: 180, thresholdSec: 20, targetPct: 70 });
		const strict = agentsNeeded({
			callsPerHour: 200,
			ahtSec: 180,
			thresholdSec: 20,
			targetPct: 95
		});
		// 70 % is met by 13 agents (79.6 %), 95 % first by 16 (15 give 94.2 %).
		expect(loose).toBe(13);
		expect(strict).toBe(16);
	});

	it('stays finite for traffic far beyond what factorials allow', () => {
		// 171! overflows a double; the recursion does not care. 2,000 Erlangs need > 2,000 agents.
		const n = agentsNeeded({ callsPerHour: 40_000, ahtSec: 180, thresholdSec: 20, targetPct: 80 });
		expect(n).toBeGreaterThan(2000);
		expect(n).toBeLessThan(2100);
		expect(Number.isFinite(erlangC(2050, 2000))).toBe(true);
	});

	it('rejects nonsense input', () => {
		expect(() => erlangB(-1, 2)).toThrow(RangeError);
		expect(() => erlangB(2.5, 2)).toThrow(RangeError);
		expect(() => erlangServiceLevel(3, 1, 0, 20)).toThrow(RangeError);
	});
});
