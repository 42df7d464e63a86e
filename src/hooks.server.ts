import type { Handle, HandleServerError } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { defaultLocale, isLocale, LOCALE_COOKIE } from '$lib/i18n';

/** Resolves the language and the signed-in user (bearer token first, then the cookie). */
export const handle: Handle = async ({ event, resolve }) => {
	const chosen = event.cookies.get(LOCALE_COOKIE);
	event.locals.locale = isLocale(chosen) ? chosen : defaultLocale;
	event.locals.user = null;
	event.locals.tokenHash = null;

	const header = event.request.headers.get('authorization');
	const token = header?.startsWith('Bearer ') ? header.slice(7) : event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await resolveSession(appContext().db, token);
		if (session) {
			event.locals.user = session.user;
			event.locals.tokenHash = session.tokenHash;
		}
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[app] ${event.request.method} ${event.url.pathname}:`, error);
	return { message: status === 404 ? 'Not found' : 'Internal error' };
};
