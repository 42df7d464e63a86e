import { ApiError } from './api.ts';

/** A positive integer path parameter, or 404 (an id that cannot exist names nothing). */
export function idParam(value: string | undefined, what: string): number {
	const id = Number(value);
	if (!Number.isSafeInteger(id) || id <= 0)
		throw new ApiError(404, 'not_found', `${what} ${value} does not exist`);
	return id;
}
