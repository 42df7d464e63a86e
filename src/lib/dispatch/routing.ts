import type { Category } from '$lib/contracts/catalog';

/** What the call taker sees before filing: which sub-queue the job will go to. */
export type QueuePreview =
	| { kind: 'queue'; agencyCode: string; nameZh: string }
	| { kind: 'district_office' }
	| { kind: 'none' };

/**
 * The owning agency's sub-queue for a category in a former area, as the server routes it
 * (src/lib/server/dispatch/routing.ts): the (一) city / (二) county split, then an 'all' queue,
 * then the only queue there is; district-office categories go to the district's own office.
 */
export function previewQueue(
	category: Pick<Category, 'routing' | 'queues'>,
	formerArea: 'city' | 'county'
): QueuePreview {
	if (category.routing === 'district_office') return { kind: 'district_office' };
	const queue =
		category.queues.find((q) => q.formerArea === formerArea) ??
		category.queues.find((q) => q.formerArea === 'all') ??
		category.queues[0];
	return queue
		? { kind: 'queue', agencyCode: queue.agencyCode, nameZh: queue.nameZh }
		: { kind: 'none' };
}
