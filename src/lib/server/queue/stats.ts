import type { Role } from '../../contracts/auth.ts';
import type { QueueStats } from '../../contracts/queue.ts';
import type { QueueEngine } from './engine.ts';
import { agentsNeeded } from './erlang.ts';
import {
	abandonRatePct,
	arrivalsPerHour,
	averageHandleTimeSec,
	averageSpeedOfAnswerSec,
	callsDecidedWithin,
	callsToday,
	countAgents,
	countCalls,
	longestWaitSec,
	serviceLevelPct
} from './metrics.ts';

/** Who may see queue statistics (GET /api/queue/stats and the wallboard room). */
export const queueStatsRoles: readonly Role[] = ['supervisor', 'admin', 'coordinator'];

/** The thresholds behind the figures (SERVICE_LEVEL_SEC and friends in env.ts). */
export type QueueSettings = QueueStats['settings'];

/** The settings from the parsed environment. */
export function queueSettings(env: {
	SERVICE_LEVEL_SEC: number;
	SERVICE_LEVEL_TARGET_PCT: number;
	SHORT_ABANDON_SEC: number;
	LONGEST_WAIT_ALARM_SEC: number;
}): QueueSettings {
	return {
		serviceLevelThresholdSec: env.SERVICE_LEVEL_SEC,
		serviceLevelTargetPct: env.SERVICE_LEVEL_TARGET_PCT,
		shortAbandonSec: env.SHORT_ABANDON_SEC,
		longestWaitAlarmSec: env.LONGEST_WAIT_ALARM_SEC
	};
}

/** The rolling window of the 30-minute service level and the staffing hint. */
export const WINDOW_MIN = 30;

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * The figures of `GET /api/queue/stats` and `queue:stats` at `now` (epoch ms): today means since
 * midnight Asia/Taipei. The staffing hint runs Erlang C on the last 30 minutes' arrival rate and
 * today's average handle time (steadier than 30 minutes' worth at night).
 */
export function computeQueueStats(
	engine: QueueEngine,
	now: number,
	settings: QueueSettings
): QueueStats {
	const all = [...engine.calls()];
	const today = callsToday(all, now);
	const counts = countCalls(today, settings.shortAbandonSec);
	const waiting = engine.waiting();
	const agents = engine.agents(now);
	const byState = countAgents(agents);
	const perHour = arrivalsPerHour(all, now, WINDOW_MIN);
	const aht = averageHandleTimeSec(today);
	const needed =
		aht === null || aht <= 0
			? perHour === 0
				? 0
				: null
			: agentsNeeded({
					callsPerHour: perHour,
					ahtSec: aht,
					thresholdSec: settings.serviceLevelThresholdSec,
					targetPct: settings.serviceLevelTargetPct
				});
	return {
		at: new Date(now).toISOString(),
		waiting: waiting.length,
		longestWaitSec: longestWaitSec(waiting, now),
		serviceLevelPct: round1(
			serviceLevelPct(today, settings.serviceLevelThresholdSec, settings.shortAbandonSec)
		),
		serviceLevelPct30m: round1(
			serviceLevelPct(
				callsDecidedWithin(all, now, WINDOW_MIN),
				settings.serviceLevelThresholdSec,
				settings.shortAbandonSec
			)
		),
		asaSec: round1(averageSpeedOfAnswerSec(today)),
		abandonRatePct: round1(abandonRatePct(today, settings.shortAbandonSec)),
		offered: counts.offered,
		answered: counts.answered,
		abandoned: counts.abandoned,
		handled: counts.handled,
		agents: byState,
		staffing: { arrivalsPerHour: round1(perHour)!, ahtSec: round1(aht), agentsNeeded: needed },
		settings: { ...settings },
		agentList: agents
			.sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0))
			.map((a) => ({
				agent: a.agent,
				name: a.name,
				state: a.state,
				reason: a.reason,
				since: new Date(a.since).toISOString()
			})),
		agentsAvailableNow: byState.available
	};
}
