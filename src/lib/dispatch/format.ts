import type { Locale, MessageKey, Translate } from '$lib/i18n';
import type { JobEventDto } from '$lib/contracts/jobs';

/** "850 公尺" / "1.3 公里". */
export function formatDistance(meters: number, t: Translate): string {
	if (meters < 1000) return t('dispatch.unit.meters', { n: Math.round(meters) });
	return t('dispatch.unit.km', { n: (meters / 1000).toFixed(1) });
}

/** "12 分鐘" / "3 小時 5 分鐘" for an age or an ETA in minutes. */
export function formatMinutes(minutes: number, t: Translate): string {
	const m = Math.max(0, Math.round(minutes));
	if (m < 60) return t('dispatch.unit.minutes', { n: m });
	return t('dispatch.unit.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time on the Taipei clock, as the city's staff read it: "11/30 14:05". */
export function formatDateTime(at: string | number, locale: Locale, seconds = false): string {
	const key = `${locale}:${seconds}`;
	let f = formatters.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, {
			timeZone: 'Asia/Taipei',
			month: 'numeric',
			day: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			...(seconds ? { second: '2-digit' } : {}),
			hourCycle: 'h23'
		});
		formatters.set(key, f);
	}
	return f.format(new Date(at));
}

const eventKeys: Record<string, MessageKey> = {
	created: 'dispatch.event.created',
	routed: 'dispatch.event.routed',
	transition: 'dispatch.event.transition',
	assigned: 'dispatch.event.assigned',
	deadline_changed: 'dispatch.event.deadline_changed',
	duplicate_merged: 'dispatch.event.duplicate_merged',
	deadline_warning: 'dispatch.event.deadline_warning',
	deadline_breached: 'dispatch.event.deadline_breached',
	photo: 'dispatch.event.photo'
};

/**
 * One line of a job's history in words: what happened, the move, and the crew, note or reason
 * when the event carries one (the dispatcher's detail and the crew's tablet say it the same way).
 */
export function formatJobEvent(e: JobEventDto, t: Translate): string {
	const key = eventKeys[e.type];
	const base = key ? t(key) : e.type;
	const move = e.toStatus && e.type !== 'created' ? ` → ${t(`job.status.${e.toStatus}`)}` : '';
	const crew =
		typeof e.data.crewName === 'string'
			? t('dispatch.punct.parens', { text: e.data.crewName })
			: '';
	const colon = t('dispatch.punct.colon');
	const note = typeof e.data.note === 'string' ? `${colon}${e.data.note}` : '';
	const reason = typeof e.data.reason === 'string' ? `${colon}${e.data.reason}` : '';
	return `${base}${move}${crew}${note}${reason}`;
}
