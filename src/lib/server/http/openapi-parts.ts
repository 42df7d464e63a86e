import { z } from 'zod';

/*
 * Building blocks of the API description (/api/openapi.json), shared by the feature modules
 * that add their paths to it. Request bodies come from the same zod schemas the endpoints
 * validate with, so the document cannot drift from the checks.
 */
export const body = (schema: z.ZodType) => ({
	required: true,
	content: {
		'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }
	}
});
export const ok = (description: string, schema: object = { type: 'object' }) => ({
	description,
	content: { 'application/json': { schema } }
});
export const err = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});
export const signedIn = [{ bearer: [] }, { cookie: [] }];
export const authErrors = { 401: err('not signed in'), 403: err('role not allowed') };
export const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
