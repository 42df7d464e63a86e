import { eq, sql } from 'drizzle-orm';
import { agencies, categories, categoryQueues } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { AgencySeed, CategorySeed } from './seed-data.ts';
import type { Category, CategoryPatch } from '../../contracts/catalog.ts';

/**
 * Inserts agencies and categories that are missing. Existing rows are left alone so that an
 * admin's edits survive restarts and upgrades; a new release can still add categories.
 */
export async function seedCatalog(
	q: Queryable,
	agencySeeds: AgencySeed[],
	categorySeeds: CategorySeed[]
): Promise<void> {
	if (agencySeeds.length > 0) {
		await q
			.insert(agencies)
			.values(agencySeeds.map((a) => ({ ...a })))
			.onConflictDoNothing();
	}
	for (const { queues, ...category } of categorySeeds) {
		const inserted = await q
			.insert(categories)
			.values(category)
			.onConflictDoNothing()
			.returning({ code: categories.code });
		if (inserted.length === 0 || queues.length === 0) continue;
		await q
			.insert(categoryQueues)
			.values(queues.map((queue) => ({ categoryCode: category.code, ...queue })))
			.onConflictDoNothing();
	}
}

/** The whole catalog with each category's sub-queues, ordered by code. */
export async function listCategories(q: Queryable): Promise<Category[]> {
	const rows = await q.query.categories.findMany({ orderBy: (c, { asc }) => [asc(c.code)] });
	const queues = await q.select().from(categoryQueues);
	return rows.map((c) => toCategory(c, queues));
}

/** One category, or null. */
export async function getCategory(q: Queryable, code: string): Promise<Category | null> {
	const row = await q.query.categories.findFirst({ where: eq(categories.code, code) });
	if (!row) return null;
	const queues = await q.select().from(categoryQueues).where(eq(categoryQueues.categoryCode, code));
	return toCategory(row, queues);
}

/** Applies an admin's edit to a category; returns null when it does not exist. */
export async function updateCategory(
	q: Queryable,
	code: string,
	patch: CategoryPatch
): Promise<Category | null> {
	const updated = await q
		.update(categories)
		.set({ ...patch, updatedAt: sql`now()` })
		.where(eq(categories.code, code))
		.returning({ code: categories.code });
	return updated.length === 0 ? null : getCategory(q, code);
}

/** Whether an agency code exists. */
export async function agencyExists(q: Queryable, code: string): Promise<boolean> {
	const found = await q
		.select({ code: agencies.code })
		.from(agencies)
		.where(eq(agencies.code, code))
		.limit(1);
	return found.length === 1;
}

type CategoryRow = typeof categories.$inferSelect;
type QueueRow = typeof categoryQueues.$inferSelect;

function toCategory(c: CategoryRow, queues: QueueRow[]): Category {
	return {
		code: c.code,
		nameZh: c.nameZh,
		nameEn: c.nameEn,
		synonyms: c.synonyms,
		defaultPriority: c.defaultPriority,
		deadlineHours: c.deadlineHours,
		calendar: c.calendar,
		emergency: c.emergency,
		requiredSkill: c.requiredSkill,
		routing: c.routing,
		active: c.active,
		queues: queues
			.filter((q) => q.categoryCode === c.code)
			.map(({ formerArea, agencyCode, nameZh }) => ({ formerArea, agencyCode, nameZh }))
	};
}
