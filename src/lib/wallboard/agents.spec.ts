import { describe, expect, it } from 'vitest';
import { orderAgents, type AgentEntry } from './agents.ts';

const agent = (agent: string, state: AgentEntry['state'], since: string): AgentEntry => ({
	agent,
	name: null,
	state,
	reason: null,
	since: `2026-12-01T02:${since}:00.000Z`
});

describe('orderAgents', () => {
	it('lists not ready first, then wrap-up, on call, ringing, available; longest first', () => {
		const list = [
			agent('a', 'available', '10'),
			agent('b', 'on_call', '05'),
			agent('c', 'not_ready', '20'),
			agent('d', 'logged_out', '00'),
			agent('e', 'not_ready', '01'),
			agent('f', 'wrap_up', '30'),
			agent('g', 'ringing', '00')
		];
		expect(orderAgents(list).map((a) => a.agent)).toEqual(['e', 'c', 'f', 'b', 'g', 'a']);
	});
	it('does not reorder the list it was given', () => {
		const list = [agent('a', 'available', '10'), agent('b', 'not_ready', '05')];
		orderAgents(list);
		expect(list.map((a) => a.agent)).toEqual(['a', 'b']);
	});
});
