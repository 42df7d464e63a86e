import { json } from '@sveltejs/kit';
import { createUserSchema } from '$lib/contracts/auth';
import { ApiError, endpoint, readJson, requireRole } from '$lib/server/http/api';
import { appContext } from '$lib/server/context';
import { createUser } from '$lib/server/auth/users';
import { publish } from '$lib/server/realtime/outbox';
import { room } from '$lib/contracts/events';

/** Admin creates an account; a crew account names its crew. */
export const POST = endpoint(async ({ locals, request }) => {
	requireRole(locals, ['admin']);
	const input = await readJson(request, createUserSchema);
	const { db, relay } = appContext();
	const result = await db.transaction(async (tx) => {
		const created = await createUser(tx, input);
		if (created.ok) {
			const { id, username, role } = created.user;
			await publish(tx, 'user:created', [room.role('admin')], { id, username, role });
		}
		return created;
	});
	if (!result.ok) {
		if (result.reason === 'username_taken') {
			throw new ApiError(409, 'conflict', `username "${input.username}" is taken`, 'username');
		}
		throw new ApiError(
			422,
			'invalid_request',
			`crewId: crew ${input.crewId} does not exist`,
			'crewId'
		);
	}
	relay.nudge();
	return json({ user: result.user }, { status: 201 });
});
