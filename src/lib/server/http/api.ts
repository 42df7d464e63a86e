import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { ApiErrorBody } from '../../contracts/errors.ts';
import type { Role, SessionUser } from '../../contracts/auth.ts';

/** An error the API answers with its own status and code. */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field?: string,
		readonly headers?: Record<string, string>
	) {
		super(message);
	}
}

/** The JSON error response in the API's one shape. */
export function errorResponse(error: ApiError): Response {
	const body: ApiErrorBody = {
		error: {
			code: error.code,
			message: error.message,
			...(error.field ? { field: error.field } : {})
		}
	};
	return json(body, { status: error.status, headers: error.headers });
}

/**
 * Wraps an endpoint: ApiErrors and validation failures become clear 4xx answers, anything else
 * a logged 500 that leaks nothing.
 */
export function endpoint<E extends RequestEvent>(fn: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await fn(event);
		} catch (err) {
			if (err instanceof ApiError) return errorResponse(err);
			if (err instanceof z.ZodError) return errorResponse(fromZod(err, 422));
			console.error(`[api] ${event.request.method} ${event.url.pathname}:`, err);
			return errorResponse(new ApiError(500, 'internal', 'internal error; it has been logged'));
		}
	};
}

/** Turns the first validation issue into an ApiError naming the field. */
export function fromZod(error: z.ZodError, status: number): ApiError {
	const issue = error.issues[0];
	const field = issue?.path.map(String).join('.') ?? '';
	if (issue?.code === 'unrecognized_keys') {
		const key = issue.keys[0] ?? '';
		return new ApiError(status, 'invalid_request', `${key}: unknown field`, key);
	}
	const message = field ? `${field}: ${issue?.message}` : (issue?.message ?? 'invalid request');
	return new ApiError(status, 'invalid_request', message, field || undefined);
}

/** Reads and validates a JSON body: 400 when it is not JSON, 422 when a field is wrong. */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.output<S>> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.includes('application/json')) {
		throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) throw fromZod(parsed.error, 422);
	return parsed.data;
}

/** Validates query parameters: 400 naming the parameter at fault. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
	const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) throw fromZod(parsed.error, 400);
	return parsed.data;
}

/** The signed-in user with one of the roles: 401 when anonymous, 403 for another role. */
export function requireRole(locals: App.Locals, roles: readonly Role[]): SessionUser {
	if (!locals.user)
		throw new ApiError(401, 'unauthorized', 'sign in first (session cookie or bearer token)');
	if (!roles.includes(locals.user.role)) {
		throw new ApiError(403, 'forbidden', `this needs the role ${roles.join(' or ')}`);
	}
	return locals.user;
}
