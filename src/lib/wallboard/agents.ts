import type { QueueStats } from '$lib/contracts/queue';

export type AgentEntry = QueueStats['agentList'][number];
export type AgentState = AgentEntry['state'];

/**
 * The order of the agent list: those a supervisor acts on first (not ready, then wrap-up),
 * then busy, then free; logged-out agents are counted in the tiles, not listed.
 */
const rank: Record<AgentState, number> = {
	not_ready: 0,
	wrap_up: 1,
	on_call: 2,
	ringing: 3,
	available: 4,
	logged_out: 5
};

/** Agents to list, in wallboard order; within a state the longest in it first. */
export function orderAgents(list: readonly AgentEntry[]): AgentEntry[] {
	return list
		.filter((a) => a.state !== 'logged_out')
		.sort(
			(a, b) =>
				rank[a.state] - rank[b.state] ||
				Date.parse(a.since) - Date.parse(b.since) ||
				a.agent.localeCompare(b.agent)
		);
}
