import { describe, expect, it } from 'vitest';
import {
	assertTransition,
	cityStage,
	IllegalTransitionError,
	isTerminal,
	jobStatuses,
	nextStatuses
} from './workflow.ts';

describe('job workflow', () => {
	it('walks the city stages 1 → 5 for crew work', () => {
		const path = [
			'received',
			'awaiting_acceptance',
			'accepted',
			'dispatched',
			'en_route',
			'on_site',
			'done',
			'released'
		] as const;
		for (let i = 1; i < path.length; i++) {
			expect(() => assertTransition(path[i - 1]!, path[i]!)).not.toThrow();
		}
		expect(path.map((s) => cityStage[s])).toEqual([1, 2, 3, 3, 3, 3, 4, 5]);
	});

	it('refuses an illegal transition with an error naming both states', () => {
		const attempt = () => assertTransition('received', 'done');
		expect(attempt).toThrow(IllegalTransitionError);
		expect(attempt).toThrow(/received.*done/);
	});

	it('lets only a supervisor (or admin) release deadline control', () => {
		expect(() => assertTransition('done', 'released', 'supervisor')).not.toThrow();
		expect(() => assertTransition('done', 'released', 'admin')).not.toThrow();
		for (const role of ['dispatcher', 'crew', 'coordinator'] as const) {
			expect(() => assertTransition('done', 'released', role)).toThrow(/done to released/);
		}
	});

	it('lets a crew work its job but not cancel it', () => {
		expect(() => assertTransition('dispatched', 'en_route', 'crew')).not.toThrow();
		expect(() => assertTransition('on_site', 'done', 'crew')).not.toThrow();
		expect(() => assertTransition('dispatched', 'cancelled', 'crew')).toThrow(
			IllegalTransitionError
		);
	});

	it('ends at released, cancelled and merged, and nowhere else', () => {
		expect(jobStatuses.filter(isTerminal)).toEqual(['released', 'cancelled', 'merged']);
		expect(nextStatuses('released')).toEqual([]);
	});

	it('never lets a job move to itself', () => {
		for (const s of jobStatuses) expect(nextStatuses(s)).not.toContain(s);
	});
});
