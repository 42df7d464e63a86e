import { z } from 'zod';

/** A category's sub-queue: which agency gets the job in which former area. */
export interface CategoryQueue {
	formerArea: 'city' | 'county' | 'all';
	agencyCode: string;
	nameZh: string;
}

/** A category of the catalog as the API returns it. */
export interface Category {
	code: string;
	nameZh: string;
	nameEn: string;
	synonyms: string[];
	defaultPriority: number;
	deadlineHours: number;
	calendar: '24x7' | 'office';
	emergency: boolean;
	requiredSkill: string | null;
	routing: 'former_area' | 'district_office';
	active: boolean;
	queues: CategoryQueue[];
}

/** `PATCH /api/categories/:code` — what an admin may change; at least one field. */
export const categoryPatchSchema = z
	.strictObject({
		nameZh: z.string().trim().min(1).max(100),
		nameEn: z.string().trim().min(1).max(100),
		synonyms: z.array(z.string().trim().min(1).max(50)).max(50),
		defaultPriority: z.int().min(1).max(4),
		deadlineHours: z
			.number()
			.positive()
			.max(24 * 365),
		calendar: z.enum(['24x7', 'office']),
		emergency: z.boolean(),
		requiredSkill: z.string().trim().min(1).max(50).nullable(),
		active: z.boolean()
	})
	.partial()
	.refine((p) => Object.keys(p).length > 0, { message: 'at least one field to change' });

export type CategoryPatch = z.infer<typeof categoryPatchSchema>;
