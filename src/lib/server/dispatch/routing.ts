import { eq } from 'drizzle-orm';
import { agencies, categoryQueues } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { Category } from '../../contracts/catalog.ts';

export interface Route {
	agencyCode: string;
	queueName: string | null;
}

/**
 * The owning agency's sub-queue for a category in a district: the city's (一) former-city /
 * (二) former-county split, or the district's own office for district-office categories.
 * A category the city only queues on one side (seven (一)-only categories in the feed) falls
 * back to that queue, so no job is ever left without an owner.
 */
export async function routeJob(
	q: Queryable,
	category: Pick<Category, 'code' | 'routing'>,
	district: { code: string; formerArea: 'city' | 'county' }
): Promise<Route | null> {
	if (category.routing === 'district_office') {
		const [office] = await q
			.select({ code: agencies.code, nameZh: agencies.nameZh })
			.from(agencies)
			.where(eq(agencies.districtCode, district.code));
		return office ? { agencyCode: office.code, queueName: office.nameZh } : null;
	}
	const queues = await q
		.select()
		.from(categoryQueues)
		.where(eq(categoryQueues.categoryCode, category.code));
	const queue =
		queues.find((x) => x.formerArea === district.formerArea) ??
		queues.find((x) => x.formerArea === 'all') ??
		queues[0];
	return queue ? { agencyCode: queue.agencyCode, queueName: queue.nameZh } : null;
}
