import { json } from '@sveltejs/kit';
import { deadlinePatchSchema } from '$lib/contracts/jobs';
import { appContext } from '$lib/server/context';
import { endpoint, readJson, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { setDeadline } from '$lib/server/jobs/service';
import type { RequestHandler } from './$types';

/** A supervisor sets or extends a job's deadline, with a reason (audited). */
export const PATCH: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['supervisor', 'admin']);
	const id = idParam(params.id, 'job');
	const { deadlineAt, reason } = await readJson(request, deadlinePatchSchema);
	const ctx = appContext();
	const job = await commit(ctx, (tx) =>
		setDeadline(tx, user, id, { deadlineAt: new Date(deadlineAt), reason })
	);
	ctx.deadlines?.nudge();
	return json(job);
});
