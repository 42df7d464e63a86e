import { ApiError, endpoint } from '$lib/server/http/api';

// Unknown API paths answer in the API's error shape, not with an HTML page.
const notFound = endpoint(async ({ url }) => {
	throw new ApiError(404, 'not_found', `no API at ${url.pathname}; see /api/openapi.json`);
});
export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
