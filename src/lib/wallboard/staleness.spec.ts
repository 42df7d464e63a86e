import { describe, expect, it } from 'vitest';
import { banner, feedState, QUEUE_STALE_MS } from './staleness.ts';

const AT = '2026-12-01T02:00:00.000Z';
const t0 = Date.parse(AT);

describe('feedState', () => {
	it('waits for the first figures, or knows there are none', () => {
		expect(feedState(null, false, t0, QUEUE_STALE_MS)).toBe('waiting');
		expect(feedState(null, true, t0, QUEUE_STALE_MS)).toBe('absent');
	});
	it('is live within the feed’s pace and stale after it', () => {
		expect(feedState(AT, false, t0 + QUEUE_STALE_MS, QUEUE_STALE_MS)).toBe('live');
		expect(feedState(AT, false, t0 + QUEUE_STALE_MS + 1, QUEUE_STALE_MS)).toBe('stale');
		expect(feedState('garbage', false, t0, QUEUE_STALE_MS)).toBe('stale');
	});
});

describe('banner', () => {
	const older = '2026-12-01T01:59:30.000Z';
	it('says nothing while the link is up and the feeds are live or absent', () => {
		expect(banner('online', [{ at: AT, state: 'live' }])).toBeNull();
		expect(
			banner('online', [
				{ at: null, state: 'absent' },
				{ at: AT, state: 'live' }
			])
		).toBeNull();
		expect(banner('connecting', [{ at: AT, state: 'live' }])).toBeNull();
	});
	it('reports a lost link with the oldest figures’ time', () => {
		expect(
			banner('offline', [
				{ at: AT, state: 'live' },
				{ at: older, state: 'live' }
			])
		).toEqual({ kind: 'offline', asOf: Date.parse(older) });
		expect(banner('offline', [{ at: null, state: 'waiting' }])).toEqual({
			kind: 'offline',
			asOf: null
		});
	});
	it('reports figures that stopped coming while the link looks up', () => {
		expect(
			banner('online', [
				{ at: older, state: 'stale' },
				{ at: AT, state: 'live' }
			])
		).toEqual({ kind: 'stale', asOf: Date.parse(older) });
	});
});
