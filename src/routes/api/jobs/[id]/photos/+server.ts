import { json } from '@sveltejs/kit';
import { appContext } from '$lib/server/context';
import { ApiError, endpoint, requireRole } from '$lib/server/http/api';
import { idParam } from '$lib/server/http/params';
import { commit } from '$lib/server/realtime/outbox';
import { assertPhotoAccess, listPhotos, preparePhoto, storePhoto } from '$lib/server/jobs/photos';
import type { RequestHandler } from './$types';

const roles = ['crew', 'dispatcher', 'supervisor', 'coordinator', 'admin'] as const;

/** A job's photos (metadata; the bytes are at each photo's url). */
export const GET: RequestHandler = endpoint(async ({ locals, params }) => {
	const user = requireRole(locals, roles);
	const id = idParam(params.id, 'job');
	const { db } = appContext();
	await assertPhotoAccess(db, user, id);
	return json(await listPhotos(db, id));
});

/**
 * Attaches a photo (multipart/form-data, field `photo`). An `Idempotency-Key` header makes a
 * re-sent upload store the photo once.
 */
export const POST: RequestHandler = endpoint(async ({ locals, params, request }) => {
	const user = requireRole(locals, ['crew', 'dispatcher', 'supervisor', 'admin']);
	const id = idParam(params.id, 'job');
	const ctx = appContext();
	const key = request.headers.get('idempotency-key')?.trim() || null;
	if (key !== null && (key.length < 8 || key.length > 100)) {
		throw new ApiError(
			422,
			'invalid_request',
			'Idempotency-Key: 8 to 100 characters',
			'Idempotency-Key'
		);
	}
	// Refuse early (before reading a large body) when the job is not the caller's.
	await assertPhotoAccess(ctx.db, user, id);
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > ctx.env.PHOTO_MAX_BYTES + 64 * 1024) {
		throw new ApiError(
			413,
			'payload_too_large',
			`photo: the upload is over the limit of ${ctx.env.PHOTO_MAX_BYTES} bytes`,
			'photo'
		);
	}
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		throw new ApiError(
			400,
			'invalid_request',
			'photo: send multipart/form-data with a photo',
			'photo'
		);
	}
	const file = form.get('photo');
	if (!(file instanceof Blob)) {
		throw new ApiError(
			422,
			'invalid_request',
			'photo: a file field named photo is required',
			'photo'
		);
	}
	const prepared = await preparePhoto(file, ctx.env.PHOTO_MAX_BYTES);
	const { photo, created } = await commit(ctx, (tx) => storePhoto(tx, user, id, prepared, key));
	return json(photo, { status: created ? 201 : 200 });
});
