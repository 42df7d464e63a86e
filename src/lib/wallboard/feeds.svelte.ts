import type { FieldStats } from '$lib/contracts/field';
import type { QueueStats } from '$lib/contracts/queue';
import { api, ApiFailure } from '$lib/dispatch/api';
import { fieldChange, type FieldChange } from './alarms.ts';

const older = (a: { at: string }, than: { at: string } | null) =>
	than !== null && Date.parse(a.at) < Date.parse(than.at);

/**
 * The wallboard's two feeds of figures: call-queue statistics (telephony) and open field jobs.
 * Each arrives by socket and by HTTP (first load, every reconnect); figures older than those
 * held are dropped, so a slow HTTP answer never overwrites a newer push. Whole objects replace
 * each other (`$state.raw`): the figures are small and never mutated.
 */
export class WallboardFeeds {
	queue = $state.raw<QueueStats | null>(null);
	/**
	 * The server answered that there are no telephony figures: no queue engine on this node
	 * (503), none at all (404), or not for this account (403).
	 */
	queueAbsent = $state(false);
	field = $state.raw<FieldStats | null>(null);
	/** New overdue or emergency jobs between the figures held and newer ones. */
	onFieldChange: ((change: FieldChange) => void) | undefined;

	constructor(field: FieldStats | null = null) {
		this.field = field;
	}

	applyQueue(stats: QueueStats): void {
		if (older(stats, this.queue)) return;
		this.queue = stats;
		this.queueAbsent = false;
	}

	applyField(stats: FieldStats): void {
		if (older(stats, this.field)) return;
		const change = fieldChange(this.field, stats);
		this.field = stats;
		if (change.newOverdue > 0 || change.newEmergency) this.onFieldChange?.(change);
	}

	/** Fetches both feeds over HTTP (page start, and after every reconnect). */
	async refetch(): Promise<void> {
		await Promise.all([this.#fetchQueue(), this.#fetchField()]);
	}

	async #fetchQueue(): Promise<void> {
		try {
			this.applyQueue(await api<QueueStats>('/api/queue/stats'));
		} catch (err) {
			// No telephony figures (yet): the page shows its placeholder until an event brings
			// some. Figures already shown stay, and go stale on screen if nothing follows.
			if (err instanceof ApiFailure && [403, 404, 503].includes(err.status)) {
				if (!this.queue) this.queueAbsent = true;
			}
		}
	}

	async #fetchField(): Promise<void> {
		try {
			this.applyField(await api<FieldStats>('/api/field/stats'));
		} catch {
			// Offline: the banner says so; the next reconnect fetches again.
		}
	}
}
