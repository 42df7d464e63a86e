/** `GET /api/queue/stats`, and the `queue:stats` socket event to the wallboard room. */
export interface QueueStats {
	/** When these figures were computed (server clock, ISO 8601). */
	at: string;
	waiting: number;
	/** The longest current wait, in seconds at `at`; clients tick it forward. */
	longestWaitSec: number;
	/** Answered within the threshold ÷ (answered + counted abandons), today (Asia/Taipei). */
	serviceLevelPct: number | null;
	/** The same over the last 30 minutes. */
	serviceLevelPct30m: number | null;
	/** Average speed of answer today, seconds. */
	asaSec: number | null;
	/** Abandons (short abandons excluded) ÷ (offered − short abandons), today. */
	abandonRatePct: number | null;
	offered: number;
	answered: number;
	abandoned: number;
	agents: {
		available: number;
		onCall: number;
		wrapUp: number;
		notReady: number;
		loggedOut: number;
	};
	staffing: { arrivalsPerHour: number; ahtSec: number | null; agentsNeeded: number | null };
	/** Extensions beyond the contract: settings and per-agent detail for the wallboard. */
	handled: number;
	settings: {
		serviceLevelThresholdSec: number;
		serviceLevelTargetPct: number;
		shortAbandonSec: number;
		longestWaitAlarmSec: number;
	};
	agentList: {
		agent: string;
		name: string | null;
		state: 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'not_ready' | 'logged_out';
		reason: string | null;
		/** Since when the agent is in this state (ISO 8601). */
		since: string;
	}[];
	/** Agents currently available (ringing counts as available for staffing). */
	agentsAvailableNow: number;
}
