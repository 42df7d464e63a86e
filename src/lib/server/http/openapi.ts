import { createUserSchema, loginSchema, roles } from '../../contracts/auth.ts';
import { categoryPatchSchema } from '../../contracts/catalog.ts';
import {
	assignmentSchema,
	createJobSchema,
	deadlinePatchSchema,
	mergeSchema,
	transitionSchema
} from '../../contracts/jobs.ts';
import { createCrewSchema, crewPatchSchema, positionSchema } from '../../contracts/crews.ts';
import { authErrors, body, err, idPath, ok, signedIn } from './openapi-parts.ts';
import { crewPaths } from '../crews/openapi.ts';
import { queueApiPaths } from '../queue/openapi.ts';
import { geocodePaths } from './openapi-geocode.ts';
import { fieldPaths } from './openapi-field.ts';

/*
 * The API description served at /api/openapi.json. Feature areas add their own paths from their
 * folders (e.g. crews/openapi.ts), built from openapi-parts.ts.
 */

const user = {
	type: 'object',
	required: ['id', 'username', 'role'],
	properties: {
		id: { type: 'integer' },
		username: { type: 'string' },
		role: { type: 'string', enum: [...roles] },
		crewId: { type: ['integer', 'null'] }
	}
};

/** The OpenAPI 3.1 document. */
export function openApiDocument() {
	return {
		openapi: '3.1.0',
		info: {
			title: 'CityDesk API',
			version: '0.1.0',
			description:
				'Dispatch and wallboard console for citizen hotlines. Errors are always ' +
				'`{ "error": { "code", "message", "field"? } }` with a 4xx/5xx status.'
		},
		components: {
			securitySchemes: {
				bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/session' },
				cookie: { type: 'apiKey', in: 'cookie', name: 'citydesk_session' }
			},
			schemas: {
				Error: {
					type: 'object',
					required: ['error'],
					properties: {
						error: {
							type: 'object',
							required: ['code', 'message'],
							properties: {
								code: { type: 'string' },
								message: { type: 'string' },
								field: { type: 'string' }
							}
						}
					}
				},
				User: user
			}
		},
		paths: {
			'/api/health': {
				get: {
					summary: 'Liveness and backend facts (no auth)',
					responses: {
						200: ok('up', {
							type: 'object',
							required: ['status', 'database', 'postgis'],
							properties: {
								status: { const: 'ok' },
								database: { enum: ['pglite', 'postgres'] },
								postgis: { type: 'string' }
							}
						})
					}
				}
			},
			'/api/session': {
				post: {
					summary: 'Sign in; returns a bearer token and sets the session cookie',
					requestBody: body(loginSchema),
					responses: {
						200: ok('signed in', {
							type: 'object',
							properties: {
								token: { type: 'string' },
								expiresAt: { type: 'string', format: 'date-time' },
								user: { $ref: '#/components/schemas/User' }
							}
						}),
						401: err('wrong username or password'),
						422: err('a field is missing or malformed'),
						429: err('too many failed sign-ins; see Retry-After')
					}
				},
				get: {
					summary: 'The signed-in user',
					security: signedIn,
					responses: { 200: ok('user'), 401: err('not signed in') }
				},
				delete: {
					summary: 'Sign out; disconnects this session’s sockets',
					security: signedIn,
					responses: { 204: { description: 'signed out' }, 401: err('not signed in') }
				}
			},
			'/api/users': {
				post: {
					summary: 'Create an account (admin)',
					security: signedIn,
					requestBody: body(createUserSchema),
					responses: {
						201: ok('created', { type: 'object', properties: { user } }),
						...authErrors,
						409: err('username taken'),
						422: err('a field is missing or malformed, or the crew does not exist')
					}
				}
			},
			'/api/districts': {
				get: {
					summary: 'The 38 districts as a GeoJSON FeatureCollection',
					description: 'Feature properties: code, nameZh, nameEn, formerArea (city | county).',
					security: signedIn,
					responses: { 200: ok('FeatureCollection'), ...authErrors }
				}
			},
			'/api/districts/lookup': {
				get: {
					summary: 'District, village and former area of a point',
					security: signedIn,
					parameters: ['lon', 'lat'].map((name) => ({
						name,
						in: 'query',
						required: true,
						schema: { type: 'number' }
					})),
					responses: {
						200: ok('found', {
							type: 'object',
							properties: {
								district: { type: 'object' },
								village: { type: ['object', 'null'] },
								formerArea: { enum: ['city', 'county'] }
							}
						}),
						400: err('lon or lat missing or not a number'),
						...authErrors,
						404: err('the point is outside Kaohsiung')
					}
				}
			},
			'/api/categories': {
				get: {
					summary: 'The category catalog with sub-queues',
					security: signedIn,
					responses: { 200: ok('catalog'), ...authErrors }
				}
			},
			'/api/categories/{code}': {
				parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
				get: {
					summary: 'One category',
					security: signedIn,
					responses: { 200: ok('category'), ...authErrors, 404: err('no such category') }
				},
				patch: {
					summary: 'Edit a category (admin); broadcasts catalog:updated',
					security: signedIn,
					requestBody: body(categoryPatchSchema),
					responses: {
						200: ok('updated category'),
						...authErrors,
						404: err('no such category'),
						422: err('a field is malformed')
					}
				}
			},
			'/api/jobs': {
				get: {
					summary: 'Jobs, soonest deadline first',
					security: signedIn,
					description:
						'`view=summary` answers `{ fields, rows, next, serverTime }`: one array per job in ' +
						'`fields` order (id, version, status, categoryCode, agencyCode, priority, lon, lat, ' +
						'districtCode, crewId, deadlineMs, warnMs, escalationLevel), about a sixth of the ' +
						'full JSON. With `after`, jobs come in id order from the next id on; `next` is the ' +
						'`after` of the next page, null on the last.',
					parameters: [
						'status',
						'agency',
						'district',
						'overdue',
						'bbox',
						'limit',
						'view',
						'after'
					].map((name) => ({
						name,
						in: 'query',
						required: false,
						schema:
							name === 'view'
								? { enum: ['full', 'summary'], default: 'full' }
								: name === 'after' || name === 'limit'
									? { type: 'integer', minimum: name === 'after' ? 0 : 1 }
									: { type: 'string' },
						description:
							name === 'status'
								? 'comma-separated statuses'
								: name === 'bbox'
									? 'minLon,minLat,maxLon,maxLat'
									: name === 'after'
										? 'paging: only jobs with a greater id, in id order'
										: undefined
					})),
					responses: {
						200: ok(
							'{ jobs, serverTime }, or with view=summary { fields, rows, next, serverTime }'
						),
						400: err('bad filter'),
						...authErrors
					}
				},
				post: {
					summary: 'File a case (dispatcher, supervisor): geocoded, routed, deadline set',
					security: signedIn,
					requestBody: body(createJobSchema),
					responses: {
						201: ok('the job with district, village, formerArea, agency, deadlineAt, geocode'),
						...authErrors,
						422: err('bad field, unknown category, address not placed, or outside Kaohsiung')
					}
				}
			},
			'/api/jobs/{id}': {
				parameters: [idPath],
				get: {
					summary: 'One job with its history (`events`); the reporter for office roles',
					security: signedIn,
					responses: { 200: ok('job'), ...authErrors, 404: err('no such job') }
				}
			},
			'/api/jobs/{id}/duplicates': {
				parameters: [idPath],
				get: {
					summary: 'Open jobs that may be the same case, nearest first',
					security: signedIn,
					responses: { 200: ok('{ duplicates }'), ...authErrors, 404: err('no such job') }
				}
			},
			'/api/jobs/{id}/candidates': {
				parameters: [idPath],
				get: {
					summary: 'The 5 nearest available crews able to do the job',
					security: signedIn,
					responses: {
						200: ok('[{ crewId, name, agencyCode, distanceM, etaMinutes }]'),
						...authErrors,
						404: err('no such job')
					}
				}
			},
			'/api/jobs/{id}/assignment': {
				parameters: [idPath],
				post: {
					summary: 'Assign a crew (one transaction, version check, crew row lock)',
					security: signedIn,
					requestBody: body(assignmentSchema),
					responses: {
						200: ok('the dispatched job'),
						...authErrors,
						404: err('no such job'),
						409: err('lost race or stale version; the body adds `job` and fresh `candidates`'),
						422: err('bad field, unknown crew or crew of another agency')
					}
				}
			},
			'/api/jobs/{id}/transitions': {
				parameters: [idPath],
				post: {
					summary: 'Move a job through the workflow; idempotent per key',
					security: signedIn,
					requestBody: body(transitionSchema),
					responses: {
						200: ok('the job'),
						...authErrors,
						404: err('no such job'),
						409: err('illegal transition (the message names both states)'),
						422: err('bad field')
					}
				}
			},
			'/api/jobs/{id}/deadline': {
				parameters: [idPath],
				patch: {
					summary: 'Set or extend the deadline, with a reason (supervisor)',
					security: signedIn,
					requestBody: body(deadlinePatchSchema),
					responses: {
						200: ok('the job'),
						...authErrors,
						404: err('no such job'),
						409: err('job no longer under deadline control'),
						422: err('bad field')
					}
				}
			},
			'/api/jobs/{id}/merge': {
				parameters: [idPath],
				post: {
					summary: 'Fold this job into an open job as a duplicate report',
					security: signedIn,
					requestBody: body(mergeSchema),
					responses: {
						200: ok('{ job, parent }'),
						...authErrors,
						409: err('not mergeable'),
						422: err('bad field')
					}
				}
			},
			'/api/duplicates': {
				get: {
					summary: 'While a call is live: open jobs of a category near a point',
					security: signedIn,
					parameters: ['categoryCode', 'lon', 'lat'].map((name) => ({
						name,
						in: 'query',
						required: true,
						schema: { type: 'string' }
					})),
					responses: { 200: ok('{ duplicates }'), 400: err('missing parameter'), ...authErrors }
				}
			},
			'/api/crews': {
				get: {
					summary: 'Crews (`?agency=`)',
					security: signedIn,
					responses: { 200: ok('{ crews }'), ...authErrors }
				},
				post: {
					summary: 'Add a crew (admin, supervisor)',
					security: signedIn,
					requestBody: body(createCrewSchema),
					responses: { 201: ok('crew'), ...authErrors, 422: err('bad field or unknown agency') }
				}
			},
			'/api/crews/{id}': {
				parameters: [idPath],
				patch: {
					summary: 'Set a crew status (available, busy, off_duty)',
					security: signedIn,
					requestBody: body(crewPatchSchema),
					responses: {
						200: ok('crew'),
						...authErrors,
						404: err('no such crew'),
						409: err('not now')
					}
				}
			},
			'/api/crews/{id}/position': {
				parameters: [idPath],
				post: {
					summary: 'A position fix; an older fix than the stored one is not applied',
					security: signedIn,
					requestBody: body(positionSchema),
					responses: {
						200: ok('{ applied, crew }'),
						...authErrors,
						404: err('no such crew'),
						422: err('bad field')
					}
				}
			},
			'/api/time': {
				get: { summary: 'Server clock, for countdown offsets', responses: { 200: ok('{ now }') } }
			},
			'/api/calendar': {
				get: {
					summary: 'Holidays, typhoon days and make-up workdays',
					security: signedIn,
					responses: { 200: ok('{ days }'), ...authErrors }
				},
				put: {
					summary: 'Declare a day (supervisor, admin)',
					security: signedIn,
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									type: 'object',
									required: ['day', 'kind'],
									properties: {
										day: { type: 'string', format: 'date' },
										kind: { enum: ['holiday', 'typhoon', 'workday'] },
										note: { type: 'string' }
									}
								}
							}
						}
					},
					responses: { 200: ok('the day'), ...authErrors, 422: err('bad field') }
				}
			},
			'/api/notifications': {
				get: {
					summary: 'Newest notifications for the caller',
					security: signedIn,
					responses: { 200: ok('{ notifications }'), ...authErrors }
				}
			},
			'/api/tiles/{z}/{x}/{y}': {
				get: {
					summary: 'Offline basemap vector tile (layers districts, villages)',
					parameters: ['z', 'x', 'y'].map((name) => ({
						name,
						in: 'path',
						required: true,
						schema: { type: 'integer' }
					})),
					security: signedIn,
					responses: {
						200: {
							description: 'a Mapbox Vector Tile',
							content: {
								'application/x-protobuf': { schema: { type: 'string', format: 'binary' } }
							}
						},
						204: { description: 'no boundary in this tile (outside Kaohsiung): an empty tile' },
						401: err('not signed in'),
						404: err('not a tile coordinate (z 0–14, x and y within 2^z)')
					}
				}
			},
			...fieldPaths,
			...crewPaths,
			...geocodePaths,
			'/api/openapi.json': {
				get: { summary: 'This document', responses: { 200: ok('OpenAPI 3.1') } }
			},
			...queueApiPaths
		}
	};
}
