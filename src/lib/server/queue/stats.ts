import type { Role } from '../../contracts/auth.ts';
import type { QueueStats } from '../../contracts/queue.ts';
import type { QueueEngine } from './engine.ts';
import { agentsNeeded } from './erlang.ts';
import { countAgents, longestWaitSec } from './metrics.ts';
import type { WindowTotals } from './tally.ts';

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
const share = (part: number, whole: number) => (whole === 0 ? null : (100 * part) / whole);
/** serviceLevelPct's formula: answered in time ÷ (answered + abandons that count). */
const serviceLevel = (t: Omit<WindowTotals, 'arrivals'>) =>
	share(t.inTime, t.answered + t.abandoned);

/**
 * The figures of `GET /api/queue/stats` and `queue:stats` at `now` (epoch ms): today means since
 * midnight Asia/Taipei. The staffing hint runs Erlang C on the last 30 minutes' arrival rate and
 * today's average handle time (steadier than 30 minutes' worth at night).
 *
 * The call figures come from the engine's running totals (tally.ts), which add up what the
 * scans of metrics.ts would: the worker computes this up to five times a second, and scanning
 * today's calls took ~100 ms at 180,000 of them (an hour at 50 calls/s, bench/wallboard.ts).
 */
export function computeQueueStats(
	engine: QueueEngine,
	now: number,
	settings: QueueSettings
): QueueStats {
	const calls = callFigures(engine, now, settings);
	const waiting = engine.waiting();
	const agents = engine.agents(now);
	const byState = countAgents(agents);
	const perHour = calls.arrivalsPerHour;
	const aht = calls.ahtSec;
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
		serviceLevelPct: round1(calls.serviceLevelPct),
		serviceLevelPct30m: round1(calls.serviceLevelPct30m),
		asaSec: round1(calls.asaSec),
		abandonRatePct: round1(calls.abandonRatePct),
		offered: calls.offered,
		answered: calls.answered,
		abandoned: calls.abandoned,
		handled: calls.handled,
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

/** The call figures before rounding (metrics.ts defines each; see callFigures). */
export interface CallFigures {
	offered: number;
	answered: number;
	abandoned: number;
	handled: number;
	serviceLevelPct: number | null;
	serviceLevelPct30m: number | null;
	asaSec: number | null;
	abandonRatePct: number | null;
	arrivalsPerHour: number;
	ahtSec: number | null;
}

/**
 * Today's call figures and the last 30 minutes' at `now`, from the engine's running totals:
 * the same values as countCalls, serviceLevelPct, averageSpeedOfAnswerSec, abandonRatePct,
 * averageHandleTimeSec over callsToday, and serviceLevelPct and arrivalsPerHour over the window.
 */
export function callFigures(
	engine: QueueEngine,
	now: number,
	settings: QueueSettings
): CallFigures {
	const tally = engine.tally(settings.serviceLevelThresholdSec, settings.shortAbandonSec);
	const today = tally.today(now);
	const window = tally.window(now, WINDOW_MIN);
	return {
		offered: today.offered,
		answered: today.answered,
		abandoned: today.abandoned,
		handled: today.completed,
		serviceLevelPct: serviceLevel(today),
		serviceLevelPct30m: serviceLevel(window),
		asaSec: today.answered === 0 ? null : today.waitMs / 1000 / today.answered,
		abandonRatePct: share(today.abandoned, today.offered - today.shortAbandoned),
		arrivalsPerHour: (window.arrivals * 60) / WINDOW_MIN,
		ahtSec: today.completed === 0 ? null : today.handleMs / 1000 / today.completed
	};
}
