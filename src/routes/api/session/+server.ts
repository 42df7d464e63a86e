import { json } from '@sveltejs/kit';
import { loginSchema } from '$lib/contracts/auth';
import { ApiError, endpoint, readJson, requireRole } from '$lib/server/http/api';
import { signIn, signOut } from '$lib/server/auth/http';
import { roles } from '$lib/contracts/auth';

/** Sign in: `{ token, user }` plus the session cookie. */
export const POST = endpoint(async (event) => {
	const { username, password } = await readJson(event.request, loginSchema);
	const result = await signIn(event, username, password);
	if (!result.ok) {
		if (result.reason === 'rate_limited') {
			throw new ApiError(
				429,
				'rate_limited',
				`too many failed sign-ins; retry in ${result.retryAfterSec} s`,
				undefined,
				{ 'retry-after': String(result.retryAfterSec) }
			);
		}
		throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
	}
	const { id, username: name, role } = result.user;
	return json(
		{
			token: result.token,
			expiresAt: result.expiresAt.toISOString(),
			user: { id, username: name, role }
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
});

/** Who am I. */
export const GET = endpoint(async ({ locals }) => {
	const user = requireRole(locals, roles);
	return json({ user });
});

/** Sign out: ends this session everywhere it is used. */
export const DELETE = endpoint(async ({ locals, cookies }) => {
	requireRole(locals, roles);
	await signOut(cookies, locals.tokenHash);
	return new Response(null, { status: 204 });
});
