import { json, text, type Handle, type HandleServerError } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { defaultLocale, isLocale, LOCALE_COOKIE } from '$lib/i18n';

/** Body types a cross-site HTML form can send without a CORS preflight. */
const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Cross-site request forgery: a form post from another origin rides on the session cookie, so
 * it is refused unless it signs with a bearer token (which no other site can attach).
 */
function forgedFormPost(request: Request, url: URL): boolean {
	if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
	if (request.headers.get('authorization')?.startsWith('Bearer ')) return false;
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (!formTypes.includes(type)) return false;
	return request.headers.get('origin') !== url.origin;
}

/** Resolves the language and the signed-in user (bearer token first, then the cookie). */
export const handle: Handle = async ({ event, resolve }) => {
	if (forgedFormPost(event.request, event.url)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		return event.url.pathname.startsWith('/api/')
			? json({ error: { code: 'forbidden', message } }, { status: 403 })
			: text(message, { status: 403 });
	}
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
