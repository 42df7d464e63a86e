import type { MessageKey, Translate } from '../i18n/index.ts';
import type { JobStatus } from '../domain/workflow.ts';
import type { Conflict } from './outbox.ts';

const actionKeys: Record<string, MessageKey> = {
	en_route: 'tablet.action.en_route',
	on_site: 'tablet.action.on_site',
	done: 'tablet.action.done',
	accepted: 'tablet.action.cannot',
	photo: 'tablet.conflict.action.photo'
};

const closed = new Set<JobStatus>(['cancelled', 'merged', 'done', 'released']);

/**
 * A refused update in plain words for the crew: what they did, what happened to the job, and
 * that it did not take effect. The server's own message is the fallback for codes without a
 * sentence of their own.
 */
export function conflictText(c: Conflict, t: Translate): string {
	const key = actionKeys[c.to];
	const action = key ? t(key) : t(`job.status.${c.to as Exclude<Conflict['to'], 'photo'>}`);
	const id = c.jobId;
	if (c.to === 'photo') return t('tablet.conflict.photo', { id, reason: c.reason });
	// A job closed meanwhile (cancelled, merged, finished by someone else): say so, whatever
	// the code — a cancelled job also has no crew, so the server may answer "not assigned".
	if (c.jobStatus && closed.has(c.jobStatus)) {
		return t('tablet.conflict.illegal_transition', {
			id,
			action,
			status: t(`job.status.${c.jobStatus}`)
		});
	}
	switch (c.code) {
		case 'not_assigned':
		case 'forbidden':
			return t('tablet.conflict.not_assigned', { id, action });
		case 'not_found':
			return t('tablet.conflict.not_found', { id, action });
		case 'illegal_transition':
			return c.jobStatus
				? t('tablet.conflict.illegal_transition', {
						id,
						action,
						status: t(`job.status.${c.jobStatus}`)
					})
				: t('tablet.conflict.illegal_transition_unknown', { id, action });
		default:
			return t('tablet.conflict.other', { id, action, reason: c.reason });
	}
}
