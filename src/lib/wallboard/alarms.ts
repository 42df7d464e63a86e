import type { QueueStats } from '$lib/contracts/queue';
import type { FieldStats } from '$lib/contracts/field';

/** Everything that raises the wallboard's alarm: a flashing tile, a spoken line, maybe a beep. */
export type AlarmKind =
	'serviceLevel' | 'serviceLevel30m' | 'longestWait' | 'overdue' | 'emergency';

/** How long a one-off alarm (a new overdue or emergency job) keeps its tile in the alarm state. */
export const EVENT_ALARM_MS = 60_000;

/** The longest current wait at `now` (ms, server clock): the figure at `at` plus time since. */
export function waitNow(stats: Pick<QueueStats, 'at' | 'waiting' | 'longestWaitSec'>, now: number) {
	if (stats.waiting <= 0) return 0;
	const at = Date.parse(stats.at);
	const since = Number.isFinite(at) ? Math.max(0, (now - at) / 1000) : 0;
	return stats.longestWaitSec + since;
}

/**
 * The call-queue alarms that hold now: service level (today, last 30 min) under the target, and
 * the longest wait over the threshold. A level with no calls behind it (null) is no alarm.
 */
export function queueConditions(
	stats: Pick<
		QueueStats,
		'serviceLevelPct' | 'serviceLevelPct30m' | 'waiting' | 'longestWaitSec' | 'at' | 'settings'
	>,
	now: number
): Set<AlarmKind> {
	const on = new Set<AlarmKind>();
	const target = stats.settings.serviceLevelTargetPct;
	if (stats.serviceLevelPct !== null && stats.serviceLevelPct < target) on.add('serviceLevel');
	if (stats.serviceLevelPct30m !== null && stats.serviceLevelPct30m < target) {
		on.add('serviceLevel30m');
	}
	if (waitNow(stats, now) > stats.settings.longestWaitAlarmSec) on.add('longestWait');
	return on;
}

/** What changed in the field between two sets of figures, as alarms see it. */
export interface FieldChange {
	/** Jobs that turned overdue since the previous figures (at least 1 when any did). */
	newOverdue: number;
	newEmergency: boolean;
}

/**
 * New overdue and emergency jobs between two sets of figures. The first figures a wallboard
 * sees raise nothing: what was overdue before it opened is not news. A job turning overdue moves
 * `latestOverdueAt` later even when another closed at the same time and the count stood still.
 */
export function fieldChange(prev: FieldStats | null, next: FieldStats): FieldChange {
	if (!prev) return { newOverdue: 0, newEmergency: false };
	const later = (a: string | null, b: string | null) =>
		a !== null && (b === null || Date.parse(a) > Date.parse(b));
	const rose = next.overdue - prev.overdue;
	const newOverdue =
		rose > 0 ? rose : later(next.latestOverdueAt, prev.latestOverdueAt) && next.overdue > 0 ? 1 : 0;
	const newEmergency =
		next.newestEmergencyId !== null &&
		(prev.newestEmergencyId === null || next.newestEmergencyId > prev.newestEmergencyId);
	return { newOverdue, newEmergency };
}

/** Alarms in `next` that were not in `prev`: each is announced (and beeped) once as it starts. */
export function risingEdges(prev: ReadonlySet<AlarmKind>, next: ReadonlySet<AlarmKind>) {
	return [...next].filter((k) => !prev.has(k));
}

/** Event alarms still showing at `now`: each holds for EVENT_ALARM_MS after it was raised. */
export function heldAlarms(raisedAt: ReadonlyMap<AlarmKind, number>, now: number): Set<AlarmKind> {
	const on = new Set<AlarmKind>();
	for (const [kind, at] of raisedAt) if (now - at < EVENT_ALARM_MS) on.add(kind);
	return on;
}
