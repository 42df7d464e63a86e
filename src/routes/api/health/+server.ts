import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { appContext } from '$lib/server/context';
import { rows } from '$lib/server/db/client';
import { endpoint } from '$lib/server/http/api';

/** Liveness and backend facts; no auth, so load balancers and people can ask. */
export const GET = endpoint(async () => {
	const { db, database } = appContext();
	const [row] = await rows<{ postgis: string }>(db, sql`select postgis_lib_version() as postgis`);
	return json(
		{ status: 'ok', database: database.backend, postgis: row?.postgis ?? 'unknown' },
		{ headers: { 'cache-control': 'no-store' } }
	);
});
