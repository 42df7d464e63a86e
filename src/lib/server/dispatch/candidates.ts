import { eq } from 'drizzle-orm';
import { agencies, categories } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { CandidateDto } from '../../contracts/crews.ts';
import type { JobDto } from '../../contracts/jobs.ts';
import { nearestAvailableCrews } from '../crews/repository.ts';
import { etaMinutes } from '../../domain/eta.ts';

/**
 * The nearest available crews of the job's agency that have the category's skill (if it needs
 * one), across district and former-area lines, with a straight-line distance and an ETA.
 */
export async function candidatesFor(q: Queryable, job: JobDto, limit = 5): Promise<CandidateDto[]> {
	const [category] = await q
		.select({ skill: categories.requiredSkill })
		.from(categories)
		.where(eq(categories.code, job.categoryCode));
	const [agency] = await q
		.select({ speed: agencies.etaSpeedKmh, detour: agencies.etaDetourFactor })
		.from(agencies)
		.where(eq(agencies.code, job.agencyCode));
	const crews = await nearestAvailableCrews(q, job.location, {
		agencyCode: job.agencyCode,
		skill: category?.skill ?? null,
		limit
	});
	return crews.map((c) => ({
		crewId: c.id,
		name: c.name,
		agencyCode: c.agencyCode,
		distanceM: Math.round(c.distanceM),
		etaMinutes: etaMinutes(c.distanceM, {
			speedKmh: agency?.speed ?? 30,
			detourFactor: agency?.detour ?? 1.4
		})
	}));
}
