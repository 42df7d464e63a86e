import { fail, redirect } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n';
import { safeRedirect } from '$lib/server/http/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		if (!isLocale(locale)) return fail(400, { error: 'locale must be zh-TW or en' });
		cookies.set(LOCALE_COOKIE, locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 365
		});
		redirect(303, safeRedirect(form.get('redirectTo')));
	}
};
