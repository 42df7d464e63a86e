import { z } from 'zod';
import { jobStatuses } from '../domain/workflow.ts';
import type { JobDto, JobEventDto } from './jobs.ts';

/*
 * The field crew's tablet (`/crew`) and its offline outbox. Every action is queued on the device
 * with an idempotency key and a per-device sequence number, then replayed in order by
 * `POST /api/crew/sync`; the server applies each key once.
 */

/** The moves a crew makes from the tablet; `accepted` from crew work means "cannot complete". */
export const crewActionTargets = ['en_route', 'on_site', 'done', 'accepted'] as const;
export type CrewActionTarget = (typeof crewActionTargets)[number];

const at = z.iso.datetime({ offset: true });

export const crewActionSchema = z
	.strictObject({
		idempotencyKey: z.string().trim().min(8).max(100),
		seq: z.int().positive(),
		jobId: z.int().positive(),
		/** Any workflow status; the server's state machine decides (a crew may only make crew moves). */
		to: z.enum(jobStatuses),
		note: z.string().trim().max(2000).optional(),
		at
	})
	.refine((a) => !(a.to === 'done' || a.to === 'accepted') || !!a.note, {
		message: 'note: a note is required for done and for "cannot complete"',
		path: ['note']
	});
export type CrewAction = z.infer<typeof crewActionSchema>;

export const crewFixSchema = z.strictObject({
	lon: z.number().min(-180).max(180),
	lat: z.number().min(-90).max(90),
	at,
	heading: z.number().min(0).max(360).optional(),
	accuracy: z.number().min(0).max(100_000).optional()
});
export type CrewFix = z.infer<typeof crewFixSchema>;

/** `POST /api/crew/sync` */
export const crewSyncSchema = z.strictObject({
	deviceId: z.string().trim().min(8).max(100),
	actions: z.array(crewActionSchema).max(500).default([]),
	positions: z.array(crewFixSchema).max(5000).default([])
});
export type CrewSyncRequest = z.input<typeof crewSyncSchema>;

/** The outcome of one replayed action. */
export type CrewActionResult =
	| { idempotencyKey: string; seq: number; result: 'applied'; job: JobDto }
	| { idempotencyKey: string; seq: number; result: 'duplicate'; job: JobDto | null }
	| {
			idempotencyKey: string;
			seq: number;
			result: 'conflict';
			/** Machine-readable: illegal_transition, not_assigned, not_found, out_of_order ... */
			code: string;
			/** Plain words for the crew (the API's error message). */
			reason: string;
			job: JobDto | null;
	  };

export interface CrewSyncResponse {
	deviceId: string;
	results: CrewActionResult[];
	positions: { received: number; applied: number };
	/** The highest device sequence number the server has applied. */
	lastSeq: number;
	serverTime: string;
}

/** One job as the crew sees it: with the history and the reporter only when shared. */
export interface CrewJobDto extends JobDto {
	categoryNameZh: string;
	categoryNameEn: string;
	history: JobEventDto[];
	photos: { id: number; contentType: string; sizeBytes: number; createdAt: string }[];
}

/** `GET /api/crew/jobs` */
export interface CrewJobsResponse {
	crew: { id: number; name: string; agencyCode: string; status: string };
	jobs: CrewJobDto[];
	serverTime: string;
	settings: { positionIntervalSec: number; positionMinMeters: number; photoMaxBytes: number };
}

/** `POST /api/jobs/:id/photos` answers with the stored photo. */
export interface PhotoDto {
	id: number;
	jobId: number;
	contentType: string;
	sizeBytes: number;
	url: string;
	thumbnailUrl: string;
	createdAt: string;
}
