import { sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.ts';
import { rows } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';
import type {
	CreateJob,
	GeocodeConfidence,
	GeocodeSource,
	JobDto,
	Point
} from '../../contracts/jobs.ts';
import type { CrewDto } from '../../contracts/crews.ts';
import {
	assertTransition,
	IllegalTransitionError,
	isTerminal,
	type JobStatus
} from '../../domain/workflow.ts';
import { computeDeadline } from '../../domain/deadlines.ts';
import { normalizeAddress } from '../../domain/address.ts';
import { ApiError } from '../http/api.ts';
import { getCategory } from '../catalog/repository.ts';
import { lookupPoint } from '../geo/repository.ts';
import { geocode, learnAddress } from '../geo/geocode/index.ts';
import { routeJob } from '../dispatch/routing.ts';
import { loadCrew, setCrewStatus, crewRooms } from '../crews/repository.ts';
import { publish } from '../realtime/outbox.ts';
import { loadCalendar } from './calendar.ts';
import { appendJobEvent, armTimers, disarmTimers, jobRooms, loadJob } from './repository.ts';

/** Settings the job rules read from the environment. */
export interface JobSettings {
	geocoderUrl?: string;
	geocoderTimeoutMs: number;
	priorityStepsAt: number[];
}

/** Statuses in which a crew is working the job. */
const crewWork: JobStatus[] = ['dispatched', 'en_route', 'on_site'];

/**
 * Files a case: route it to its agency's sub-queue and start its deadline. `place` comes from
 * `resolvePlace`, called before the transaction so that a slow geocoder holds no transaction
 * open (PGlite has one connection).
 */
export async function fileJob(
	tx: Tx,
	user: SessionUser,
	input: CreateJob,
	place: ResolvedPlace
): Promise<JobDto> {
	const category = await getCategory(tx, input.categoryCode);
	if (!category || !category.active) {
		throw new ApiError(
			422,
			'invalid_request',
			`categoryCode: unknown category ${input.categoryCode}`,
			'categoryCode'
		);
	}
	const where = await lookupPoint(tx, place.point.lon, place.point.lat);
	if (!where) {
		throw new ApiError(
			422,
			'outside_service_area',
			`location: (${place.point.lon}, ${place.point.lat}) is not inside Kaohsiung City`,
			input.location ? 'location' : 'address'
		);
	}
	const route = await routeJob(tx, category, {
		code: where.district.code,
		formerArea: where.formerArea
	});
	if (!route)
		throw new ApiError(
			422,
			'unroutable',
			`categoryCode: no agency queue for ${category.code}`,
			'categoryCode'
		);

	const now = new Date();
	const { deadlineAt, warnAt } = computeDeadline(
		now,
		category.deadlineHours,
		category.calendar,
		await loadCalendar(tx)
	);
	// Emergencies are never filed below urgent, whatever the call taker chose.
	const priority = category.emergency ? 4 : (input.priority ?? category.defaultPriority);
	const [inserted] = await rows<{ id: number | string }>(
		tx,
		sql`insert into jobs (category_code, agency_code, queue_name, status, priority, description,
		                      address, location, district_code, village_code, former_area,
		                      reporter_name, reporter_phone, deadline_at, warn_at,
		                      geocode_source, geocode_confidence, created_at, updated_at)
		    values (${category.code}, ${route.agencyCode}, ${route.queueName}, 'awaiting_acceptance',
		            ${priority}, ${input.description}, ${input.address ?? null},
		            ST_SetSRID(ST_MakePoint(${place.point.lon}, ${place.point.lat}), 4326)::geography,
		            ${where.district.code}, ${where.village?.code ?? null}, ${where.formerArea},
		            ${input.reporter?.name || null}, ${input.reporter?.phone || null},
		            ${deadlineAt.toISOString()}, ${warnAt.toISOString()},
		            ${place.source}, ${place.confidence}, ${now.toISOString()}, ${now.toISOString()})
		    returning id`
	);
	const id = Number(inserted!.id);
	await appendJobEvent(tx, {
		jobId: id,
		type: 'created',
		to: 'received',
		actorUserId: user.id,
		data: { geocode: { source: place.source, confidence: place.confidence } }
	});
	await appendJobEvent(tx, {
		jobId: id,
		type: 'routed',
		from: 'received',
		to: 'awaiting_acceptance',
		actorUserId: user.id,
		data: { agencyCode: route.agencyCode, queueName: route.queueName }
	});
	await armTimers(tx, id, warnAt, deadlineAt);
	if (input.confirmPin && input.address && input.location && place.normalized) {
		await learnAddress(tx, place.normalized, input.location, user.id);
	}
	const job = (await loadJob(tx, id, { withReporter: true }))!;
	await publish(tx, 'job:created', jobRooms(job), withoutReporter(job));
	return job;
}

/** Where a case is: a pin, or the geocoded address. */
export interface ResolvedPlace {
	point: Point;
	source: GeocodeSource;
	confidence: GeocodeConfidence;
	normalized: string | null;
}

/** Places a case: the call taker's pin wins; otherwise the geocoder chain, or 422. */
export async function resolvePlace(
	q: Queryable,
	input: CreateJob,
	settings: JobSettings
): Promise<ResolvedPlace> {
	const normalized = input.address ? normalizeAddress(input.address) : null;
	// A pin the call taker placed or dragged wins over any geocode of the address.
	if (input.location)
		return { point: input.location, source: 'pin', confidence: 'exact', normalized };
	const found = await geocode(
		q,
		{ address: input.address ?? '' },
		{ providerUrl: settings.geocoderUrl, timeoutMs: settings.geocoderTimeoutMs }
	);
	if (!found) {
		throw new ApiError(
			422,
			'not_geocoded',
			`address: could not place "${input.address}" in Kaohsiung`,
			'address'
		);
	}
	return { point: found.point, source: found.source, confidence: found.confidence, normalized };
}

/** The job as broadcast: no reporter contact in any room. */
export function withoutReporter(job: JobDto): JobDto {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { reporter, ...rest } = job;
	return rest;
}

/** Moves a job through the workflow, checked by role and, for crews, by assignment. */
export async function transitionJob(
	tx: Tx,
	user: SessionUser,
	jobId: number,
	input: {
		to: JobStatus;
		note?: string;
		/** When the move was made on the device, if it was queued offline. */
		at?: Date;
		/** The tablet and its sequence number, for moves replayed from a crew's outbox. */
		via?: { deviceId: string; seq: number };
	}
): Promise<JobDto> {
	const job = await loadJob(tx, jobId, { forUpdate: true });
	if (!job) throw new ApiError(404, 'not_found', `job ${jobId} does not exist`);
	if (user.role === 'crew' && job.crewId !== user.crewId) {
		throw new ApiError(403, 'forbidden', `job ${jobId} is not assigned to your crew`);
	}
	// A crew closes a job with a note, and says why when it cannot complete it.
	if (user.role === 'crew' && (input.to === 'done' || input.to === 'accepted') && !input.note) {
		throw new ApiError(
			422,
			'invalid_request',
			input.to === 'done'
				? 'note: say what was done'
				: 'note: give the reason the job cannot be completed',
			'note'
		);
	}
	try {
		assertTransition(job.status, input.to, user.role);
	} catch (err) {
		if (err instanceof IllegalTransitionError) {
			throw new ApiError(409, 'illegal_transition', err.message, 'to');
		}
		throw err;
	}
	let crew: CrewDto | null = null;
	// Leaving crew work (done, back to the queue, cancelled): the crew is free again.
	if (job.crewId !== null && crewWork.includes(job.status) && !crewWork.includes(input.to)) {
		crew = await setCrewStatus(tx, job.crewId, 'available');
	}
	// A job back in the queue or cancelled has no crew; done and released keep it for the record.
	const crewId = input.to === 'accepted' || input.to === 'cancelled' ? null : job.crewId;
	if (input.to === 'dispatched' && job.crewId === null) {
		throw new ApiError(409, 'illegal_transition', 'a job is dispatched by assigning a crew', 'to');
	}
	await tx.execute(sql`
		update jobs set status = ${input.to}, crew_id = ${crewId}, version = version + 1,
		       updated_at = now() where id = ${jobId}`);
	await appendJobEvent(tx, {
		jobId,
		type: 'transition',
		from: job.status,
		to: input.to,
		actorUserId: user.id,
		data: {
			...(input.note ? { note: input.note } : {}),
			...(input.at ? { deviceAt: input.at.toISOString() } : {}),
			...(input.via ? { deviceId: input.via.deviceId, deviceSeq: input.via.seq } : {})
		}
	});
	if (isTerminal(input.to) || input.to === 'done') await disarmTimers(tx, jobId);
	const updated = (await loadJob(tx, jobId, { withReporter: true }))!;
	await publish(
		tx,
		'job:updated',
		jobRooms({ ...updated, crewId: updated.crewId ?? job.crewId }),
		withoutReporter(updated)
	);
	if (crew) await publish(tx, 'crew:updated', crewRooms(crew), crew);
	return updated;
}

/**
 * Assigns a crew in one transaction: the job's version must match (optimistic), and the crew row
 * is locked and must still be available, so of two dispatchers racing for one crew exactly one wins.
 */
export async function assignCrew(
	tx: Tx,
	user: SessionUser,
	jobId: number,
	input: { crewId: number; expectedVersion: number; shareReporter?: boolean }
): Promise<JobDto> {
	const job = await loadJob(tx, jobId, { forUpdate: true });
	if (!job) throw new ApiError(404, 'not_found', `job ${jobId} does not exist`);
	if (job.version !== input.expectedVersion) {
		throw new ApiError(
			409,
			'version_conflict',
			`job ${jobId} changed (version ${job.version}); reload and retry`,
			'expectedVersion'
		);
	}
	if (!['received', 'awaiting_acceptance', 'accepted'].includes(job.status)) {
		throw new ApiError(
			409,
			'illegal_transition',
			`a job cannot move from ${job.status} to dispatched`,
			'crewId'
		);
	}
	const crew = await loadCrew(tx, input.crewId, { forUpdate: true });
	if (!crew)
		throw new ApiError(
			422,
			'invalid_request',
			`crewId: crew ${input.crewId} does not exist`,
			'crewId'
		);
	if (crew.agencyCode !== job.agencyCode) {
		throw new ApiError(
			422,
			'invalid_request',
			`crewId: crew ${crew.id} is not of agency ${job.agencyCode}`,
			'crewId'
		);
	}
	if (crew.status !== 'available') {
		throw new ApiError(
			409,
			'crew_unavailable',
			`crew ${crew.id} is ${crew.status}, not available`,
			'crewId'
		);
	}
	// The dispatcher's assignment accepts the job on the agency's behalf when needed.
	const path: JobStatus[] =
		job.status === 'accepted'
			? ['dispatched']
			: job.status === 'received'
				? ['awaiting_acceptance', 'accepted', 'dispatched']
				: ['accepted', 'dispatched'];
	let from = job.status;
	for (const to of path) {
		assertTransition(from, to);
		await appendJobEvent(tx, {
			jobId,
			type: to === 'dispatched' ? 'assigned' : 'transition',
			from,
			to,
			actorUserId: user.id,
			data: to === 'dispatched' ? { crewId: crew.id, crewName: crew.name } : {}
		});
		from = to;
	}
	await tx.execute(sql`
		update jobs set status = 'dispatched', crew_id = ${crew.id}, version = version + 1,
		       reporter_shared = ${input.shareReporter ?? false}, updated_at = now()
		where id = ${jobId}`);
	const busyCrew = (await setCrewStatus(tx, crew.id, 'dispatched'))!;
	const updated = (await loadJob(tx, jobId, { withReporter: true }))!;
	await publish(tx, 'job:updated', jobRooms(updated), withoutReporter(updated));
	await publish(tx, 'crew:updated', crewRooms(busyCrew), busyCrew);
	return updated;
}

/** A supervisor sets or extends a deadline, with a reason; the timers follow. */
export async function setDeadline(
	tx: Tx,
	user: SessionUser,
	jobId: number,
	input: { deadlineAt: Date; reason: string }
): Promise<JobDto> {
	const job = await loadJob(tx, jobId, { forUpdate: true });
	if (!job) throw new ApiError(404, 'not_found', `job ${jobId} does not exist`);
	if (isTerminal(job.status) || job.status === 'done') {
		throw new ApiError(
			409,
			'illegal_transition',
			`a ${job.status} job is no longer under deadline control`
		);
	}
	const created = new Date(job.createdAt).getTime();
	const deadline = input.deadlineAt.getTime();
	// Warn at 75 % of the allowed time, as for a new job; never after the deadline itself.
	const warnAt = new Date(Math.min(deadline, created + 0.75 * Math.max(0, deadline - created)));
	await tx.execute(sql`
		update jobs set deadline_at = ${input.deadlineAt.toISOString()}, warn_at = ${warnAt.toISOString()},
		       version = version + 1, updated_at = now() where id = ${jobId}`);
	await appendJobEvent(tx, {
		jobId,
		type: 'deadline_changed',
		actorUserId: user.id,
		data: { from: job.deadlineAt, to: input.deadlineAt.toISOString(), reason: input.reason }
	});
	await armTimers(tx, jobId, warnAt, input.deadlineAt);
	const updated = (await loadJob(tx, jobId, { withReporter: true }))!;
	await publish(tx, 'job:updated', jobRooms(updated), withoutReporter(updated));
	return updated;
}

/**
 * Folds a new report into an existing open job as a duplicate: the parent counts one more
 * reporter and rises one priority step at each configured count; both histories keep it.
 */
export async function mergeJob(
	tx: Tx,
	user: SessionUser,
	jobId: number,
	intoJobId: number,
	settings: Pick<JobSettings, 'priorityStepsAt'>
): Promise<{ job: JobDto; parent: JobDto }> {
	if (jobId === intoJobId)
		throw new ApiError(
			422,
			'invalid_request',
			'intoJobId: a job cannot merge into itself',
			'intoJobId'
		);
	// Lock in id order so two merges crossing each other cannot deadlock.
	const [first, second] = jobId < intoJobId ? [jobId, intoJobId] : [intoJobId, jobId];
	await loadJob(tx, first, { forUpdate: true });
	await loadJob(tx, second, { forUpdate: true });
	const job = await loadJob(tx, jobId);
	const parent = await loadJob(tx, intoJobId);
	if (!job) throw new ApiError(404, 'not_found', `job ${jobId} does not exist`);
	if (!parent)
		throw new ApiError(
			422,
			'invalid_request',
			`intoJobId: job ${intoJobId} does not exist`,
			'intoJobId'
		);
	if (isTerminal(parent.status) || parent.status === 'done') {
		throw new ApiError(
			409,
			'illegal_transition',
			`job ${intoJobId} is ${parent.status}; merge into an open job`,
			'intoJobId'
		);
	}
	if (job.crewId !== null)
		throw new ApiError(409, 'illegal_transition', `job ${jobId} has a crew; take it back first`);
	const merged = await transitionJob(tx, user, jobId, {
		to: 'merged',
		note: `duplicate of ${intoJobId}`
	});
	const count = parent.reporterCount + job.reporterCount;
	const steps = settings.priorityStepsAt.filter(
		(n) => count >= n && parent.reporterCount < n
	).length;
	const priority = Math.min(4, parent.priority + steps);
	await tx.execute(sql`
		update jobs set parent_job_id = ${intoJobId} where id = ${jobId}`);
	await tx.execute(sql`
		update jobs set reporter_count = ${count}, priority = ${priority}, version = version + 1,
		       updated_at = now() where id = ${intoJobId}`);
	await appendJobEvent(tx, {
		jobId: intoJobId,
		type: 'duplicate_merged',
		actorUserId: user.id,
		data: {
			duplicateJobId: jobId,
			reporterCount: count,
			priority,
			previousPriority: parent.priority
		}
	});
	const updatedParent = (await loadJob(tx, intoJobId, { withReporter: true }))!;
	await publish(tx, 'job:updated', jobRooms(updatedParent), withoutReporter(updatedParent));
	return { job: { ...merged, parentJobId: intoJobId }, parent: updatedParent };
}
