import type { ApiErrorBody } from '$lib/contracts/errors';
import type { JobDto, JobEventDto } from '$lib/contracts/jobs';
import type { PhotoDto } from '$lib/contracts/crew';

export type { DuplicateSuggestion } from '$lib/contracts/jobs';

/** `GET /api/jobs/:id`: the job, its reporter (office roles) and its history. */
export type JobDetail = JobDto & { events: JobEventDto[]; photos?: PhotoDto[] };

/** An API answer that was not 2xx, with the API's error body when it sent one. */
export class ApiFailure extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field: string | undefined,
		/** The whole body, for answers that carry more than the error (409 on assignment). */
		readonly body: unknown
	) {
		super(message);
		this.name = 'ApiFailure';
	}
}

/**
 * Calls the CityDesk API with the session cookie: JSON in, JSON out; a non-2xx answer throws an
 * ApiFailure naming the code and field. An AbortError passes through for the caller to ignore.
 */
export async function api<T>(
	path: string,
	init: { method?: string; body?: unknown; signal?: AbortSignal } = {}
): Promise<T> {
	const response = await fetch(path, {
		method: init.method ?? 'GET',
		headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
		signal: init.signal,
		credentials: 'same-origin',
		cache: 'no-store'
	});
	const text = await response.text();
	let body: unknown;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null; // a proxy's HTML error page: the status says enough
	}
	if (!response.ok) {
		const error = (body as Partial<ApiErrorBody> | null)?.error;
		throw new ApiFailure(
			response.status,
			error?.code ?? 'http_error',
			error?.message ?? `HTTP ${response.status}`,
			error?.field,
			body
		);
	}
	return body as T;
}

/** Whether an error is the abort of a request this page cancelled itself. */
export function isAbort(error: unknown): boolean {
	return error instanceof DOMException && error.name === 'AbortError';
}
