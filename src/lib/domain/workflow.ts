import type { Role } from '../contracts/auth.ts';

/**
 * The job workflow, following the city's own stages (status codes of the 1999 feed):
 * 1 建立中 received → 2 待確認 awaiting the agency → 3 待處理 accepted (with dispatched /
 * en route / on site while a crew works it) → 4 處理完成 done → 5 解除管制 released by a
 * supervisor; plus cancelled and merged as a duplicate.
 */
export const jobStatuses = [
	'received',
	'awaiting_acceptance',
	'accepted',
	'dispatched',
	'en_route',
	'on_site',
	'done',
	'released',
	'cancelled',
	'merged'
] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** The city's stage (1–5) for each status; cancelled and merged leave the stages. */
export const cityStage: Record<JobStatus, 1 | 2 | 3 | 4 | 5 | null> = {
	received: 1,
	awaiting_acceptance: 2,
	accepted: 3,
	dispatched: 3,
	en_route: 3,
	on_site: 3,
	done: 4,
	released: 5,
	cancelled: null,
	merged: null
};

const office: Role[] = ['dispatcher', 'supervisor', 'admin'];
const field: Role[] = ['crew', 'dispatcher', 'supervisor', 'admin'];
const supervision: Role[] = ['supervisor', 'admin'];

/** Every allowed move and who may make it; anything not listed is refused. */
const transitions: Record<JobStatus, Partial<Record<JobStatus, readonly Role[]>>> = {
	received: { awaiting_acceptance: office, accepted: office, cancelled: office, merged: office },
	awaiting_acceptance: {
		accepted: office,
		// The agency refuses the case: it goes back to the call center to be re-routed.
		received: office,
		cancelled: office,
		merged: office
	},
	accepted: { dispatched: office, done: field, cancelled: office, merged: office },
	dispatched: {
		en_route: field,
		on_site: field,
		// The crew cannot take it, or the dispatcher takes it back: back to the agency's queue.
		accepted: field,
		done: field,
		cancelled: office
	},
	en_route: { on_site: field, accepted: field, done: field, cancelled: office },
	on_site: { done: field, accepted: field, cancelled: office },
	// A supervisor releases deadline control, or reopens work that was not really done.
	done: { released: supervision, accepted: supervision },
	released: {},
	cancelled: {},
	merged: {}
};

/** A refused move; the message names both states. */
export class IllegalTransitionError extends Error {
	constructor(
		readonly from: JobStatus,
		readonly to: JobStatus,
		readonly reason: 'not_allowed' | 'role'
	) {
		super(
			reason === 'role'
				? `a job cannot move from ${from} to ${to} by this role`
				: `a job cannot move from ${from} to ${to}`
		);
		this.name = 'IllegalTransitionError';
	}
}

/** The statuses a job may move to next (for any role). */
export function nextStatuses(from: JobStatus): JobStatus[] {
	return Object.keys(transitions[from]) as JobStatus[];
}

/** Whether a status ends the job's life. */
export function isTerminal(status: JobStatus): boolean {
	return nextStatuses(status).length === 0;
}

/** Checks a move; throws IllegalTransitionError naming both states when it is refused. */
export function assertTransition(from: JobStatus, to: JobStatus, role?: Role): void {
	const allowed = transitions[from][to];
	if (!allowed) throw new IllegalTransitionError(from, to, 'not_allowed');
	if (role && !allowed.includes(role)) throw new IllegalTransitionError(from, to, 'role');
}
