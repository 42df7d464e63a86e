import { geocodeConfidences, geocodeSources } from '../../contracts/jobs.ts';

/*
 * OpenAPI paths of the geocoding preview, spread into the document in openapi.ts.
 */
const point = {
	type: 'object',
	required: ['lon', 'lat'],
	properties: { lon: { type: 'number' }, lat: { type: 'number' } }
};
const error = { $ref: '#/components/schemas/Error' };
const failure = (description: string) => ({
	description,
	content: { 'application/json': { schema: error } }
});

export const geocodePaths = {
	'/api/geocode': {
		get: {
			summary: 'Where an address would be filed, without filing it (live preview)',
			description:
				'The same resolvers as filing (confirmed addresses, gazetteer, GEOCODER_URL, area ' +
				'centroid), best first; nothing is written.',
			security: [{ bearer: [] }, { cookie: [] }],
			parameters: [
				{
					name: 'address',
					in: 'query',
					required: true,
					schema: { type: 'string', minLength: 1, maxLength: 200 },
					description: 'address, intersection or landmark as the caller said it'
				}
			],
			responses: {
				200: {
					description: 'placed',
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['location', 'district', 'village', 'formerArea', 'geocode'],
								properties: {
									location: point,
									district: {
										type: 'object',
										properties: {
											code: { type: 'string' },
											nameZh: { type: 'string' },
											nameEn: { type: 'string' }
										}
									},
									village: { type: ['object', 'null'] },
									formerArea: { enum: ['city', 'county'] },
									geocode: {
										type: 'object',
										required: ['source', 'confidence'],
										properties: {
											source: { enum: [...geocodeSources] },
											confidence: { enum: [...geocodeConfidences] }
										}
									}
								}
							}
						}
					}
				},
				400: failure('address missing or longer than 200 characters'),
				401: failure('not signed in'),
				403: failure('role not allowed'),
				422: failure(
					'`field: address`: names another city (outside_service_area) or places nowhere in ' +
						'Kaohsiung (not_geocoded)'
				)
			}
		}
	}
};
