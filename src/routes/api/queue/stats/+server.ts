import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { queueStatsRoles } from '$lib/server/queue/stats';
import type { RequestHandler } from './$types';

/** Live call-queue figures from this node's replica (the wallboard gets them over Socket.IO). */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
	requireRole(locals, queueStatsRoles);
	const queue = appContext().queue;
	if (!queue)
		throw new ApiError(503, 'unavailable', 'the queue engine is not running on this node');
	return json(queue.stats(), { headers: { 'cache-control': 'no-store' } });
});
