import { json } from '@sveltejs/kit';
import type { AssignmentConflict } from '$lib/contracts/crews';
import type { ApiErrorBody } from '$lib/contracts/errors';
import { assignmentSchema } from '$lib/contracts/jobs';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, errorResponse, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { assignCrew } from '$lib/server/jobs/service';
import { loadJob } from '$lib/server/jobs/repository';
import { candidatesFor } from '$lib/server/dispatch/candidates';
import type { RequestHandler } from './$types';

/** Assigns a crew in one action; a lost race answers 409 with a refreshed candidate list. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor']);
	const id = idParam(params.id, 'job');
	const input = await readJson(request, assignmentSchema);
	const ctx = appContext();
	try {
		return json(await commit(ctx, (tx) => assignCrew(tx, user, id, input)));
	} catch (err) {
		if (!(err instanceof ApiError) || err.status !== 409) throw err;
		const job = await loadJob(ctx.db, id);
		const body = (await errorResponse(err).json()) as ApiErrorBody;
		const conflict: AssignmentConflict = {
			...body,
			job,
			candidates: job ? await candidatesFor(ctx.db, job) : []
		};
		return json(conflict, { status: 409 });
	}
});
