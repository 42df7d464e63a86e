import { json } from '@sveltejs/kit';
import { mergeSchema } from '$lib/contracts/jobs';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { mergeJob } from '$lib/server/jobs/service';
import { jobSettings } from '$lib/server/jobs/settings';
import type { RequestHandler } from './$types';

/** Folds this job into another open job as a duplicate report. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor']);
	const id = idParam(params.id, 'job');
	const { intoJobId } = await readJson(request, mergeSchema);
	const ctx = appContext();
	return json(await commit(ctx, (tx) => mergeJob(tx, user, id, intoJobId, jobSettings(ctx.env))));
});
