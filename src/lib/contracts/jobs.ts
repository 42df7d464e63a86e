import { z } from 'zod';
import { jobStatuses, type JobStatus } from '../domain/workflow.ts';

/** A WGS84 point, lon/lat order. */
export const pointSchema = z.strictObject({
	lon: z.number().min(-180).max(180),
	lat: z.number().min(-90).max(90)
});
export type Point = z.infer<typeof pointSchema>;

export const geocodeSources = ['pin', 'cache', 'gazetteer', 'provider', 'centroid'] as const;
export const geocodeConfidences = ['exact', 'street', 'landmark', 'village', 'district'] as const;
export type GeocodeSource = (typeof geocodeSources)[number];
export type GeocodeConfidence = (typeof geocodeConfidences)[number];

/** `POST /api/jobs` */
export const createJobSchema = z
	.strictObject({
		categoryCode: z.string().trim().min(1).max(64),
		description: z.string().trim().min(1).max(2000),
		location: pointSchema.optional(),
		address: z.string().trim().min(1).max(200).optional(),
		reporter: z
			.strictObject({
				name: z.string().trim().max(100).optional(),
				phone: z
					.string()
					.trim()
					.max(30)
					.regex(/^[0-9+#*()\-\s]*$/, 'digits, spaces and + # * ( ) - only')
					.optional()
			})
			.optional(),
		priority: z.int().min(1).max(4).optional(),
		/** Teach the address cache this pin for this address (the call taker confirmed it). */
		confirmPin: z.boolean().optional()
	})
	.refine((j) => j.location !== undefined || j.address !== undefined, {
		message: 'give a location or an address',
		path: ['location']
	});
export type CreateJob = z.infer<typeof createJobSchema>;

/** `POST /api/jobs/:id/transitions` */
export const transitionSchema = z.strictObject({
	to: z.enum(jobStatuses),
	note: z.string().trim().max(2000).optional(),
	idempotencyKey: z.string().trim().min(8).max(100)
});

/** `POST /api/jobs/:id/assignment` */
export const assignmentSchema = z.strictObject({
	crewId: z.int().positive(),
	expectedVersion: z.int().positive(),
	/** Let the crew see the reporter's name and callback number (default: no). */
	shareReporter: z.boolean().optional()
});

/** `PATCH /api/jobs/:id/deadline` */
export const deadlinePatchSchema = z.strictObject({
	deadlineAt: z.iso.datetime({ offset: true }),
	reason: z.string().trim().min(3).max(500)
});

/** `POST /api/jobs/:id/merge` — fold this job into another as a duplicate report. */
export const mergeSchema = z.strictObject({
	intoJobId: z.int().positive(),
	expectedVersion: z.int().positive().optional()
});

/** Query of `GET /api/jobs`. */
export const listJobsQuerySchema = z.object({
	status: z
		.string()
		.optional()
		.transform((v) => (v ? v.split(',') : undefined))
		.pipe(z.array(z.enum(jobStatuses)).optional()),
	agency: z.string().trim().min(1).optional(),
	district: z
		.string()
		.trim()
		.regex(/^\d{8}$/, 'district code has 8 digits')
		.optional(),
	overdue: z
		.enum(['true', 'false', '1', '0'])
		.optional()
		.transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
	bbox: z
		.string()
		.optional()
		.transform((v, ctx) => {
			if (v === undefined) return undefined;
			const n = v.split(',').map(Number);
			if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) {
				ctx.addIssue({ code: 'custom', message: 'bbox is minLon,minLat,maxLon,maxLat' });
				return z.NEVER;
			}
			return n as [number, number, number, number];
		}),
	limit: z.coerce.number().int().min(1).max(100_000).default(5000),
	/**
	 * `full` (default): `{ jobs: JobDto[] }`. `summary`: `{ fields, rows, next }`, one array per
	 * job with only what the map and the deadline list need, about a sixth of the size.
	 */
	view: z.enum(['full', 'summary']).default('full'),
	/** Paging: only jobs with a greater id, in id order (instead of deadline order). */
	after: z.coerce.number().int().min(0).optional()
});
export type ListJobsQuery = z.output<typeof listJobsQuerySchema>;

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue' | 'stopped';

/** A job as every office role sees it; crews' rooms get the same minus the reporter. */
export interface JobDto {
	id: number;
	status: JobStatus;
	version: number;
	categoryCode: string;
	agencyCode: string;
	queueName: string | null;
	priority: number;
	description: string;
	address: string | null;
	location: Point;
	district: { code: string; nameZh: string; nameEn: string };
	village: { code: string; nameZh: string } | null;
	formerArea: 'city' | 'county';
	crewId: number | null;
	parentJobId: number | null;
	reporterCount: number;
	/** The dispatcher shared the reporter's callback with the assigned crew. */
	reporterShared: boolean;
	reporter?: { name: string | null; phone: string | null };
	createdAt: string;
	updatedAt: string;
	deadlineAt: string;
	warnAt: string;
	escalationLevel: number;
	geocode: { source: GeocodeSource; confidence: GeocodeConfidence };
}

/** One entry of a job's history. */
export interface JobEventDto {
	id: number;
	type: string;
	fromStatus: JobStatus | null;
	toStatus: JobStatus | null;
	actor: string | null;
	data: Record<string, unknown>;
	at: string;
}

/**
 * The columns of `GET /api/jobs?view=summary`, in row order: instants as epoch milliseconds,
 * the district by code (clients hold the 38 names), lon/lat to 6 decimals (~0.1 m).
 */
export const jobSummaryFields = [
	'id',
	'version',
	'status',
	'categoryCode',
	'agencyCode',
	'priority',
	'lon',
	'lat',
	'districtCode',
	'crewId',
	'deadlineMs',
	'warnMs',
	'escalationLevel'
] as const;

/** One row of `GET /api/jobs?view=summary`, in `jobSummaryFields` order. */
export type JobSummaryRow = [
	id: number,
	version: number,
	status: JobStatus,
	categoryCode: string,
	agencyCode: string,
	priority: number,
	lon: number,
	lat: number,
	districtCode: string,
	crewId: number | null,
	deadlineMs: number,
	warnMs: number,
	escalationLevel: number
];

/** `GET /api/jobs?view=summary`: `next` is the `after` of the next page, null on the last one. */
export interface JobSummaryPage {
	fields: typeof jobSummaryFields;
	rows: JobSummaryRow[];
	next: number | null;
	serverTime: string;
}

/** A duplicate suggestion of `GET /api/duplicates` and `GET /api/jobs/:id/duplicates`. */
export interface DuplicateSuggestion {
	id: number;
	status: JobStatus;
	description: string;
	address: string | null;
	distanceM: number;
	ageMinutes: number;
	reporterCount: number;
}

/** `GET /api/geocode?address=`: where an address would be filed, without filing it. */
export interface GeocodePreview {
	location: Point;
	district: { code: string; nameZh: string; nameEn: string };
	village: { code: string; nameZh: string } | null;
	formerArea: 'city' | 'county';
	geocode: { source: GeocodeSource; confidence: GeocodeConfidence };
}

/** Query of `GET /api/geocode`. */
export const geocodeQuerySchema = z.object({
	address: z.string({ error: 'address is required' }).trim().min(1, 'address is required').max(200)
});
