import { json } from '@sveltejs/kit';
import { desc, eq, or } from 'drizzle-orm';
import { appContext } from '$lib/server/context';
import { endpoint, requireRole } from '$lib/server/http/api';
import { notifications } from '$lib/server/db/schema';

/** The newest notifications for the caller's role or the caller (breaches and the like). */
export const GET = endpoint(async ({ locals }) => {
	const user = requireRole(locals, ['supervisor', 'admin', 'dispatcher', 'coordinator']);
	const found = await appContext()
		.db.select()
		.from(notifications)
		.where(or(eq(notifications.role, user.role), eq(notifications.userId, user.id)))
		.orderBy(desc(notifications.id))
		.limit(100);
	return json({
		notifications: found.map((n) => ({
			id: n.id,
			kind: n.kind,
			jobId: n.jobId,
			data: n.data,
			createdAt: n.createdAt.toISOString(),
			readAt: n.readAt?.toISOString() ?? null
		}))
	});
});
