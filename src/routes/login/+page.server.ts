import { fail, redirect } from '@sveltejs/kit';
import { loginSchema } from '$lib/contracts/auth';
import { signIn } from '$lib/server/auth/http';
import { safeRedirect } from '$lib/server/http/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('next')));
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const username = String(form.get('username') ?? '');
		const parsed = loginSchema.safeParse({
			username,
			password: String(form.get('password') ?? '')
		});
		if (!parsed.success) return fail(400, { username, error: 'missing' as const });
		const result = await signIn(event, parsed.data.username, parsed.data.password);
		if (!result.ok) {
			return result.reason === 'rate_limited'
				? fail(429, {
						username,
						error: 'rateLimited' as const,
						retryAfterSec: result.retryAfterSec
					})
				: fail(401, { username, error: 'invalid' as const });
		}
		redirect(303, safeRedirect(event.url.searchParams.get('next')));
	}
};
