/** A same-site path to go to after a form, or `/` for anything else (no open redirects). */
export function safeRedirect(target: unknown): string {
	return typeof target === 'string' && /^\/(?![/\\])/.test(target) ? target : '/';
}
