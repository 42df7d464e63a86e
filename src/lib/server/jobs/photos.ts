import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { rows, type Queryable, type Tx } from '../db/client.ts';
import type { SessionUser } from '../../contracts/auth.ts';
import type { PhotoDto } from '../../contracts/crew.ts';
import { ApiError } from '../http/api.ts';
import { appendJobEvent, jobRooms, loadJob } from './repository.ts';
import { publish } from '../realtime/outbox.ts';

/** Image types a photo may have; anything else is refused. */
export const photoTypes = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp'
} as const;
const thumbnailWidth = 320;

export interface PreparedPhoto {
	contentType: string;
	data: Buffer;
	thumbnail: Buffer;
}

/**
 * Checks an upload is a real image of an allowed type and size (by decoding it, not by trusting
 * the declared type), and makes the dispatchers' thumbnail. Runs outside any transaction.
 */
export async function preparePhoto(file: Blob, maxBytes: number): Promise<PreparedPhoto> {
	if (file.size === 0)
		throw new ApiError(422, 'invalid_request', 'photo: the file is empty', 'photo');
	if (file.size > maxBytes) {
		throw new ApiError(
			413,
			'payload_too_large',
			`photo: ${file.size} bytes is over the limit of ${maxBytes}`,
			'photo'
		);
	}
	const data = Buffer.from(await file.arrayBuffer());
	let format: string | undefined;
	try {
		format = (await sharp(data).metadata()).format;
	} catch {
		format = undefined;
	}
	const contentType =
		format && format in photoTypes ? photoTypes[format as keyof typeof photoTypes] : null;
	if (!contentType) {
		throw new ApiError(
			415,
			'unsupported_media_type',
			'photo: send a JPEG, PNG or WebP image',
			'photo'
		);
	}
	// The thumbnail drops metadata (a phone's EXIF can carry more than the job needs).
	const thumbnail = await sharp(data)
		.rotate()
		.resize({ width: thumbnailWidth, withoutEnlargement: true })
		.jpeg({ quality: 70 })
		.toBuffer();
	return { contentType, data, thumbnail };
}

/** A crew may attach photos to its own job; office roles to any job. */
export async function assertPhotoAccess(q: Queryable, user: SessionUser, jobId: number) {
	const job = await loadJob(q, jobId);
	if (!job) throw new ApiError(404, 'not_found', `job ${jobId} does not exist`);
	if (user.role === 'crew' && job.crewId !== user.crewId) {
		throw new ApiError(403, 'forbidden', `job ${jobId} is not assigned to your crew`);
	}
	return job;
}

/**
 * Stores a photo once per (uploader, idempotency key): a re-sent upload after a lost answer
 * returns the photo stored the first time.
 */
export async function storePhoto(
	tx: Tx,
	user: SessionUser,
	jobId: number,
	photo: PreparedPhoto,
	idempotencyKey: string | null
): Promise<{ photo: PhotoDto; created: boolean }> {
	const job = await assertPhotoAccess(tx, user, jobId);
	if (idempotencyKey) {
		const [existing] = await rows<PhotoRow>(
			tx,
			sql`${selectPhotos} where uploaded_by = ${user.id} and idempotency_key = ${idempotencyKey}`
		);
		if (existing) {
			if (Number(existing.job_id) !== jobId) {
				throw new ApiError(
					409,
					'idempotency_conflict',
					'Idempotency-Key: this key was used for a photo of another job',
					'Idempotency-Key'
				);
			}
			return { photo: toPhotoDto(existing), created: false };
		}
	}
	const [row] = await rows<PhotoRow>(
		tx,
		sql`insert into job_photos
		      (job_id, uploaded_by, crew_id, content_type, size_bytes, data, thumbnail_type, thumbnail,
		       idempotency_key)
		    values (${jobId}, ${user.id}, ${user.crewId}, ${photo.contentType}, ${photo.data.length},
		            ${photo.data}, 'image/jpeg', ${photo.thumbnail}, ${idempotencyKey})
		    returning id, job_id, content_type, size_bytes, created_at`
	);
	await appendJobEvent(tx, {
		jobId,
		type: 'photo',
		actorUserId: user.id,
		data: { photoId: Number(row!.id), sizeBytes: photo.data.length }
	});
	const stored = toPhotoDto(row!);
	await publish(tx, 'job:photo', jobRooms(job), { jobId, photo: stored });
	return { photo: stored, created: true };
}

/** A job's photos, oldest first (metadata only). */
export async function listPhotos(q: Queryable, jobId: number): Promise<PhotoDto[]> {
	const found = await rows<PhotoRow>(q, sql`${selectPhotos} where job_id = ${jobId} order by id`);
	return found.map(toPhotoDto);
}

/** One photo's bytes (or its thumbnail), after checking the caller may see its job. */
export async function readPhoto(
	q: Queryable,
	user: SessionUser,
	photoId: number,
	variant: 'original' | 'thumbnail'
): Promise<{ contentType: string; data: Buffer }> {
	const [row] = await rows<{
		job_id: number | string;
		content_type: string;
		data: Buffer;
		thumbnail_type: string | null;
		thumbnail: Buffer | null;
	}>(
		q,
		variant === 'original'
			? sql`select job_id, content_type, data, null as thumbnail_type, null as thumbnail
			      from job_photos where id = ${photoId}`
			: sql`select job_id, content_type, data, thumbnail_type, thumbnail
			      from job_photos where id = ${photoId}`
	);
	if (!row) throw new ApiError(404, 'not_found', `photo ${photoId} does not exist`);
	await assertPhotoAccess(q, user, Number(row.job_id));
	if (variant === 'thumbnail' && row.thumbnail && row.thumbnail_type) {
		return { contentType: row.thumbnail_type, data: toBuffer(row.thumbnail) };
	}
	return { contentType: row.content_type, data: toBuffer(row.data) };
}

/** A photo's bytes (or its thumbnail) as an HTTP answer, privately cacheable for a day. */
export async function photoResponse(
	q: Queryable,
	user: SessionUser,
	photoId: number,
	variant: 'original' | 'thumbnail'
): Promise<Response> {
	const { contentType, data } = await readPhoto(q, user, photoId, variant);
	return new Response(new Uint8Array(data), {
		headers: { 'content-type': contentType, 'cache-control': 'private, max-age=86400' }
	});
}

interface PhotoRow {
	id: number | string;
	job_id: number | string;
	content_type: string;
	size_bytes: number;
	created_at: Date | string;
}

const selectPhotos = sql`select id, job_id, content_type, size_bytes, created_at from job_photos`;

function toPhotoDto(r: PhotoRow): PhotoDto {
	const id = Number(r.id);
	return {
		id,
		jobId: Number(r.job_id),
		contentType: r.content_type,
		sizeBytes: r.size_bytes,
		url: `/api/photos/${id}`,
		thumbnailUrl: `/api/photos/${id}/thumbnail`,
		createdAt: new Date(r.created_at).toISOString()
	};
}

/** PGlite returns bytea as Uint8Array, node-postgres as Buffer. */
function toBuffer(value: Uint8Array): Buffer {
	return Buffer.isBuffer(value)
		? value
		: Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
