import { describe, expect, it } from 'vitest';
import { metersBetween, PositionThrottle, type DeviceFix } from './throttle.ts';

// 高雄市政府; 0.0001° of latitude is about 11.1 m.
const BASE = { lon: 120.312, lat: 22.6204 };
const T0 = Date.parse('2026-11-28T10:00:00Z');

function at(seconds: number, northMeters = 0): DeviceFix {
	return { lon: BASE.lon, lat: BASE.lat + northMeters / 111_195, atMs: T0 + seconds * 1000 };
}

describe('PositionThrottle', () => {
	const settings = { intervalSec: 15, minMeters: 50 };

	it('sends the first fix at once', () => {
		expect(new PositionThrottle(settings).offer(at(0))).toBe(true);
	});

	it('holds back fixes within the interval while the crew stays within the distance', () => {
		const t = new PositionThrottle(settings);
		t.offer(at(0));
		expect(t.offer(at(5, 10))).toBe(false);
		expect(t.offer(at(14.9, 49))).toBe(false);
		expect(t.offer(at(15, 49))).toBe(true);
		// The reference is now the fix sent at 15 s.
		expect(t.offer(at(20, 60))).toBe(false);
	});

	it('sends early once the crew has moved the distance, whichever comes first', () => {
		const t = new PositionThrottle(settings);
		t.offer(at(0));
		expect(t.offer(at(3, 51))).toBe(true);
		expect(t.offer(at(4, 60))).toBe(false);
		expect(t.offer(at(5, 102))).toBe(true);
	});

	it('never lets an older fix through (a cached position delivered late)', () => {
		const t = new PositionThrottle(settings);
		t.offer(at(30));
		expect(t.offer(at(10, 500))).toBe(false);
		expect(t.offer(at(30, 500))).toBe(false);
		expect(t.last?.atMs).toBe(T0 + 30_000);
	});

	it('says when a standing crew is due a fresh fix', () => {
		const t = new PositionThrottle(settings);
		expect(t.due(T0)).toBe(true);
		t.offer(at(0));
		expect(t.due(T0 + 14_999)).toBe(false);
		expect(t.due(T0 + 15_000)).toBe(true);
	});

	it('follows new settings from the server', () => {
		const t = new PositionThrottle(settings);
		t.offer(at(0));
		t.configure({ intervalSec: 60, minMeters: 200 });
		expect(t.offer(at(30, 100))).toBe(false);
		expect(t.offer(at(61, 100))).toBe(true);
	});

	it('ignores a fix without coordinates', () => {
		const t = new PositionThrottle(settings);
		expect(t.offer({ lon: Number.NaN, lat: 22.6, atMs: T0 })).toBe(false);
		expect(t.last).toBeNull();
	});
});

describe('metersBetween', () => {
	it('measures on the sphere', () => {
		const d = metersBetween(at(0), at(0, 50));
		expect(d).toBeGreaterThan(49.5);
		expect(d).toBeLessThan(50.5);
	});
});
