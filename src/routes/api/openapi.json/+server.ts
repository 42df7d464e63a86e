import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/http/openapi';

export const GET = () => json(openApiDocument());
