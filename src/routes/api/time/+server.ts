import { json } from '@sveltejs/kit';

/** The server's clock: countdowns everywhere are driven by it, corrected for each client's offset. */
export const GET = () =>
	json({ now: new Date().toISOString() }, { headers: { 'cache-control': 'no-store' } });
