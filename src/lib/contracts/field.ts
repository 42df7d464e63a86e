import type { Role } from './auth.ts';

/**
 * Who may watch the wallboard (the page, `GET /api/field/stats`, `GET /api/queue/stats` and the
 * `wallboard` socket room): the people who run the floor, not those who work a queue.
 */
export const wallboardRoles: readonly Role[] = ['supervisor', 'coordinator', 'admin'];

/** Open field jobs of one agency, as the wallboard shows them. */
export interface AgencyFieldStats {
	code: string;
	nameZh: string;
	nameEn: string;
	open: number;
	overdue: number;
	dueWithinHour: number;
	emergencies: number;
}

/**
 * `GET /api/field/stats`, and the `field:stats` socket event to the wallboard room: the open
 * field jobs (statuses received … on_site) counted at `at` on the server's clock.
 * An emergency is an open job whose category the catalog flags `emergency` (live wires, gas,
 * flooding …); filing one forces priority 4, the highest. Priority 4 alone is not an emergency:
 * duplicate reports raise ordinary jobs to it.
 */
export interface FieldStats {
	/** When these figures were computed (server clock, ISO 8601). */
	at: string;
	open: number;
	/** Open with the deadline at or before `at`. */
	overdue: number;
	/** Open with the deadline after `at` and at most one hour after it. */
	dueWithinHour: number;
	emergencies: number;
	/** Agencies with open jobs, most open first. */
	agencies: AgencyFieldStats[];
	/**
	 * The latest deadline among the overdue jobs: it moves later when another job turns overdue,
	 * so a client can tell a new overdue job from an unchanged count.
	 */
	latestOverdueAt: string | null;
	/** The newest open emergency job (ids only grow): a larger one is a new emergency. */
	newestEmergencyId: number | null;
}
