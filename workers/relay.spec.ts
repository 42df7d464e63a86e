import { describe, expect, it } from 'vitest';
import type { Envelope, FactName } from '../src/lib/contracts/events.ts';
import { superseded } from './relay.ts';

const row = (seq: number, event: FactName, id: number, rooms = ['role:admin']) =>
	({ seq, event, at: '', data: { id } as never, rooms }) as Envelope & { rooms: string[] };

describe('relay coalescing', () => {
	it('sends only the newest state of a job or crew per batch, for the same rooms', () => {
		const batch = [
			row(1, 'job:updated', 7),
			row(2, 'crew:updated', 7),
			row(3, 'job:updated', 8),
			row(4, 'job:updated', 7),
			row(5, 'crew:updated', 7),
			row(6, 'job:updated', 7, ['role:admin', 'crew:3'])
		];
		// Job 7 at seq 1 is superseded by seq 4 (same rooms); seq 6 goes to other rooms too.
		expect([...superseded(batch)].sort()).toEqual([0, 1]);
	});

	it('never drops facts that are not a whole state: creation, deadlines, notifications', () => {
		const batch = [
			row(1, 'job:created', 7),
			row(2, 'job:deadline', 7),
			row(3, 'job:deadline', 7),
			row(4, 'notification:created', 1),
			row(5, 'notification:created', 1),
			row(6, 'job:updated', 7)
		];
		expect(superseded(batch).size).toBe(0);
	});

	it('treats the same rooms in another order as the same audience', () => {
		const batch = [row(1, 'job:updated', 7, ['a', 'b']), row(2, 'job:updated', 7, ['b', 'a'])];
		expect([...superseded(batch)]).toEqual([0]);
	});
});
