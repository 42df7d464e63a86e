import { z } from 'zod';
import { createUserSchema, loginSchema, roles } from '../../contracts/auth.ts';
import { categoryPatchSchema } from '../../contracts/catalog.ts';

/*
 * The API description served at /api/openapi.json. Request bodies come from the same zod
 * schemas the endpoints validate with, so the document cannot drift from the checks.
 */
const body = (schema: z.ZodType) => ({
	required: true,
	content: {
		'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }
	}
});
const ok = (description: string, schema: object = { type: 'object' }) => ({
	description,
	content: { 'application/json': { schema } }
});
const err = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});
const signedIn = [{ bearer: [] }, { cookie: [] }];
const authErrors = { 401: err('not signed in'), 403: err('role not allowed') };

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
			'/api/openapi.json': {
				get: { summary: 'This document', responses: { 200: ok('OpenAPI 3.1') } }
			}
		}
	};
}
