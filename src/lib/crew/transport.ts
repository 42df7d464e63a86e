import type {
	CrewJobDto,
	CrewJobsResponse,
	CrewSyncRequest,
	CrewSyncResponse,
	PhotoDto
} from '../contracts/crew.ts';
import type { JobDto, JobEventDto } from '../contracts/jobs.ts';
import type { ApiErrorBody } from '../contracts/errors.ts';
import type { Failure, Transport, UploadOutcome } from './engine.ts';
import type { QueuedPhoto } from './outbox.ts';

/** A request that never got an answer (offline, DNS, reset) is status 0. */
function networkFailure(err: unknown): Failure {
	return {
		ok: false,
		status: 0,
		code: 'network',
		message: err instanceof Error ? err.message : 'the request did not reach the server'
	};
}

async function failureOf(response: Response): Promise<Failure> {
	let body: Partial<ApiErrorBody> | null = null;
	try {
		body = (await response.json()) as Partial<ApiErrorBody>;
	} catch {
		// Not the API's JSON (a proxy's error page): the status says enough.
	}
	return {
		ok: false,
		status: response.status,
		code: body?.error?.code ?? `http_${response.status}`,
		message: body?.error?.message ?? response.statusText,
		...(body?.error?.field ? { field: body.error.field } : {})
	};
}

async function request<T>(
	fetchFn: typeof fetch,
	path: string,
	init: RequestInit
): Promise<{ ok: true; data: T } | Failure> {
	let response: Response;
	try {
		response = await fetchFn(path, { credentials: 'same-origin', cache: 'no-store', ...init });
	} catch (err) {
		return networkFailure(err);
	}
	if (!response.ok) return failureOf(response);
	try {
		return { ok: true, data: (await response.json()) as T };
	} catch (err) {
		return networkFailure(err);
	}
}

/** `GET /api/crew/jobs`: the signed-in crew's jobs and the tablet's settings. */
export function fetchCrewJobs(
	fetchFn: typeof fetch = fetch
): Promise<{ ok: true; data: CrewJobsResponse } | Failure> {
	return request<CrewJobsResponse>(fetchFn, '/api/crew/jobs', { method: 'GET' });
}

/** The outbox's way to the server over HTTP, with the session cookie. */
export function httpTransport(fetchFn: typeof fetch = fetch): Transport {
	return {
		async sync(body: CrewSyncRequest) {
			const r = await request<CrewSyncResponse>(fetchFn, '/api/crew/sync', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
			return r.ok ? { ok: true, response: r.data } : r;
		},
		async upload(photo: QueuedPhoto): Promise<UploadOutcome> {
			const form = new FormData();
			form.append('photo', photo.photo, `job-${photo.jobId}.jpg`);
			if (photo.thumbnail)
				form.append('thumbnail', photo.thumbnail, `job-${photo.jobId}-thumb.jpg`);
			const r = await request<PhotoDto>(fetchFn, `/api/jobs/${photo.jobId}/photos`, {
				method: 'POST',
				headers: { 'idempotency-key': photo.key },
				body: form
			});
			return r.ok ? { ok: true, photo: r.data } : r;
		}
	};
}

/**
 * A job the crew finished, as the server holds it now (`GET /api/jobs/:id` and its photos): the
 * tablet keeps its finished work on the list for the shift, with the history the server wrote.
 */
export async function fetchFinishedJob(
	known: CrewJobDto,
	fetchFn: typeof fetch = fetch
): Promise<{ ok: true; data: CrewJobDto } | Failure> {
	const job = await request<JobDto & { events: JobEventDto[] }>(fetchFn, `/api/jobs/${known.id}`, {
		method: 'GET'
	});
	if (!job.ok) return job;
	const photos = await request<PhotoDto[]>(fetchFn, `/api/jobs/${known.id}/photos`, {
		method: 'GET'
	});
	if (!photos.ok) return photos;
	const { events, ...dto } = job.data;
	return {
		ok: true,
		data: {
			...known,
			...dto,
			reporter: known.reporter,
			history: events,
			photos: photos.data.map(({ id, contentType, sizeBytes, createdAt }) => ({
				id,
				contentType,
				sizeBytes,
				createdAt
			}))
		}
	};
}
