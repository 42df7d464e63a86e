import { z } from 'zod';
import type { ApiErrorBody } from './errors.ts';
import { pointSchema, type JobDto, type Point } from './jobs.ts';

export const crewStatuses = ['available', 'dispatched', 'busy', 'off_duty'] as const;
export type CrewStatus = (typeof crewStatuses)[number];

/** `POST /api/crews` */
export const createCrewSchema = z.strictObject({
	name: z.string().trim().min(1).max(100),
	agencyCode: z.string().trim().min(1).max(32),
	skills: z
		.array(
			z
				.string()
				.trim()
				.regex(/^[a-z_]{2,32}$/, 'lower_snake skill names')
		)
		.max(20)
		.optional(),
	location: pointSchema.optional(),
	status: z.enum(crewStatuses).optional()
});

/** `POST /api/crews/:id/position` */
export const positionSchema = z.strictObject({
	lon: z.number().min(-180).max(180),
	lat: z.number().min(-90).max(90),
	heading: z.number().min(0).max(360).optional(),
	at: z.iso.datetime({ offset: true }).optional()
});

/** `PATCH /api/crews/:id` */
export const crewPatchSchema = z.strictObject({ status: z.enum(crewStatuses) });

/** A crew as the API and events show it. */
export interface CrewDto {
	id: number;
	name: string;
	agencyCode: string;
	skills: string[];
	status: CrewStatus;
	location: Point | null;
	heading: number | null;
	positionAt: string | null;
	version: number;
	updatedAt: string;
}

/** One row of `GET /api/jobs/:id/candidates`. */
export interface CandidateDto {
	crewId: number;
	name: string;
	agencyCode: string;
	distanceM: number;
	etaMinutes: number;
}

/**
 * The 409 of `POST /api/jobs/:id/assignment` (a lost race or a stale version): the error, the
 * job as it is now, and the candidates as they are now, so the dispatcher can choose again.
 */
export interface AssignmentConflict extends ApiErrorBody {
	job: JobDto | null;
	candidates: CandidateDto[];
}
