import { authErrors, ok, signedIn } from './openapi-parts.ts';

/*
 * OpenAPI paths of the wallboard's field figures, spread into openapi.ts. The schema mirrors
 * FieldStats in src/lib/contracts/field.ts.
 */
const count = { type: 'integer', minimum: 0 };
const agencyStats = {
	type: 'object',
	required: ['code', 'nameZh', 'nameEn', 'open', 'overdue', 'dueWithinHour', 'emergencies'],
	properties: {
		code: { type: 'string' },
		nameZh: { type: 'string' },
		nameEn: { type: 'string' },
		open: count,
		overdue: count,
		dueWithinHour: count,
		emergencies: count
	}
};

/** `FieldStats`: also the payload of the `field:stats` socket event to the wallboard room. */
export const fieldStatsSchema = {
	type: 'object',
	required: [
		'at',
		'open',
		'overdue',
		'dueWithinHour',
		'emergencies',
		'agencies',
		'latestOverdueAt',
		'newestEmergencyId'
	],
	properties: {
		at: { type: 'string', format: 'date-time', description: 'when counted (server clock)' },
		open: { ...count, description: 'open jobs (received … on_site)' },
		overdue: { ...count, description: 'open, deadline at or before `at`' },
		dueWithinHour: { ...count, description: 'open, deadline within the hour after `at`' },
		emergencies: { ...count, description: 'open jobs of categories flagged emergency' },
		agencies: { type: 'array', items: agencyStats, description: 'most open first' },
		latestOverdueAt: {
			type: ['string', 'null'],
			format: 'date-time',
			description: 'latest deadline among overdue jobs; moves when another job turns overdue'
		},
		newestEmergencyId: {
			type: ['integer', 'null'],
			description: 'newest open emergency job; a larger one is a new emergency'
		}
	}
};

export const fieldPaths = {
	'/api/field/stats': {
		get: {
			summary: 'Open field jobs for the wallboard (supervisor, coordinator, admin)',
			description:
				'Counted in one pass over the open jobs. The same object is pushed as the `field:stats` ' +
				'Socket.IO event to the `wallboard` room when jobs change (at most every 2 s) and at ' +
				'least every 10 s.',
			security: signedIn,
			responses: { 200: ok('figures', fieldStatsSchema), ...authErrors }
		}
	}
};
