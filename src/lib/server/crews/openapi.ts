import { crewSyncSchema } from '../../contracts/crew.ts';
import { authErrors, body, err, idPath, ok, signedIn } from '../http/openapi-parts.ts';

const photo = {
	type: 'object',
	required: ['id', 'jobId', 'contentType', 'sizeBytes', 'url', 'thumbnailUrl', 'createdAt'],
	properties: {
		id: { type: 'integer' },
		jobId: { type: 'integer' },
		contentType: { enum: ['image/jpeg', 'image/png', 'image/webp'] },
		sizeBytes: { type: 'integer' },
		url: { type: 'string' },
		thumbnailUrl: { type: 'string' },
		createdAt: { type: 'string', format: 'date-time' }
	}
};

const actionResult = {
	type: 'object',
	required: ['idempotencyKey', 'seq', 'result'],
	properties: {
		idempotencyKey: { type: 'string' },
		seq: { type: 'integer' },
		result: { enum: ['applied', 'duplicate', 'conflict'] },
		code: { type: 'string', description: 'conflict only: illegal_transition, not_assigned …' },
		reason: { type: 'string', description: 'conflict only: plain words for the crew' },
		job: { type: ['object', 'null'], description: 'the job as it is now' }
	}
};

/** Paths of the field crews' tablet (issue 4). */
export const crewPaths = {
	'/api/crew/jobs': {
		get: {
			summary: "The caller's crew and the jobs it is working, soonest deadline first (crew)",
			security: signedIn,
			responses: {
				200: ok('{ crew, jobs, serverTime, settings }; reporter only when shared'),
				...authErrors
			}
		}
	},
	'/api/crew/sync': {
		post: {
			summary:
				"Replay a tablet's offline outbox: actions in seq order, each idempotency key " +
				'applied once (keys kept IDEMPOTENCY_RETENTION_HOURS, ≥ 24 h), then the newest position',
			security: signedIn,
			requestBody: body(crewSyncSchema),
			responses: {
				200: ok('per-action results', {
					type: 'object',
					required: ['deviceId', 'results', 'positions', 'lastSeq', 'serverTime'],
					properties: {
						deviceId: { type: 'string' },
						results: { type: 'array', items: actionResult },
						positions: {
							type: 'object',
							properties: { received: { type: 'integer' }, applied: { type: 'integer' } }
						},
						lastSeq: { type: 'integer' },
						serverTime: { type: 'string', format: 'date-time' }
					}
				}),
				...authErrors,
				403: err('not a crew account, or an action on a job never assigned to this crew'),
				422: err('a field is missing or malformed (named in `field`)')
			}
		}
	},
	'/api/jobs/{id}/photos': {
		get: {
			summary: "A job's photos (metadata)",
			security: signedIn,
			parameters: [idPath],
			responses: {
				200: ok('photos', { type: 'array', items: photo }),
				...authErrors,
				404: err('no such job')
			}
		},
		post: {
			summary: 'Attach a photo (multipart field `photo`; JPEG, PNG or WebP up to PHOTO_MAX_BYTES)',
			security: signedIn,
			parameters: [
				idPath,
				{
					name: 'Idempotency-Key',
					in: 'header',
					required: false,
					schema: { type: 'string', minLength: 8, maxLength: 100 },
					description: 'a re-sent upload with the same key stores the photo once (answers 200)'
				}
			],
			requestBody: {
				required: true,
				content: {
					'multipart/form-data': {
						schema: {
							type: 'object',
							required: ['photo'],
							properties: { photo: { type: 'string', format: 'binary' } }
						}
					}
				}
			},
			responses: {
				201: ok('stored', photo),
				200: ok('already stored under this Idempotency-Key', photo),
				...authErrors,
				404: err('no such job'),
				413: err('over PHOTO_MAX_BYTES'),
				415: err('not a JPEG, PNG or WebP image'),
				422: err('no photo field, or an empty file')
			}
		}
	},
	'/api/photos/{id}': {
		get: {
			summary: "A photo's bytes",
			security: signedIn,
			parameters: [idPath],
			responses: {
				200: { description: 'image/jpeg, image/png or image/webp' },
				...authErrors,
				404: err('no such photo')
			}
		}
	},
	'/api/photos/{id}/thumbnail': {
		get: {
			summary: "A photo's thumbnail (JPEG, 320 px wide)",
			security: signedIn,
			parameters: [idPath],
			responses: {
				200: { description: 'image/jpeg' },
				...authErrors,
				404: err('no such photo')
			}
		}
	}
};
