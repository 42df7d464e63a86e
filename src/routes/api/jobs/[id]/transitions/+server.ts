import { json } from '@sveltejs/kit';
import { transitionSchema } from '$lib/contracts/jobs';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { once } from '$lib/server/http/idempotency';
import { commit } from '$lib/server/realtime/outbox';
import { transitionJob } from '$lib/server/jobs/service';
import type { RequestHandler } from './$types';

/** Moves a job through the workflow; the same idempotency key answers the same result. */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['dispatcher', 'supervisor', 'admin', 'crew']);
	const id = idParam(params.id, 'job');
	const { to, note, idempotencyKey } = await readJson(request, transitionSchema);
	const ctx = appContext();
	const result = await commit(ctx, (tx) =>
		once(tx, user.id, `transition:${id}:${idempotencyKey}`, (sp) =>
			transitionJob(sp, user, id, { to, note })
		)
	);
	return json(result.body, { status: result.status });
});
