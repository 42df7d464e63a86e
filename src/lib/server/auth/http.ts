import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { appContext } from '../context.ts';
import { login, type LoginResult } from './service.ts';
import { deleteSession, SESSION_COOKIE } from './sessions.ts';
import { sessionRoom } from '../realtime/io.ts';

/** Signs in from a page or the API and sets the session cookie on success. */
export async function signIn(
	event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>,
	username: string,
	password: string
): Promise<LoginResult> {
	const { db, throttle, env } = appContext();
	const result = await login(db, throttle, {
		username,
		password,
		address: event.getClientAddress(),
		ttlHours: env.SESSION_TTL_HOURS
	});
	if (result.ok) setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
	return result;
}

/** Ends the request's session, clears the cookie and disconnects its sockets on every node. */
export async function signOut(cookies: Cookies, tokenHash: string | null): Promise<void> {
	cookies.delete(SESSION_COOKIE, { path: '/' });
	if (!tokenHash) return;
	const { db, io } = appContext();
	await deleteSession(db, tokenHash);
	io.to(sessionRoom(tokenHash)).emit('session:ended');
	io.in(sessionRoom(tokenHash)).disconnectSockets(true);
}

function setSessionCookie(cookies: Cookies, url: URL, token: string, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires
	});
}
