import { z } from 'zod';
import {
	agentStates,
	TELEPHONY_SIGNATURE_HEADER,
	telephonyWebhookSchema
} from '../../contracts/telephony.ts';

/*
 * The queue and telephony paths of /api/openapi.json (spread into http/openapi.ts). The webhook
 * body's schema comes from the same zod schema the endpoint validates with.
 */

const error = (description: string) => ({
	description,
	content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
});

const nullableNumber = { type: ['number', 'null'] };
const count = { type: 'integer', minimum: 0 };

const queueStatsSchema = {
	type: 'object',
	required: [
		'at',
		'waiting',
		'longestWaitSec',
		'serviceLevelPct',
		'serviceLevelPct30m',
		'asaSec',
		'abandonRatePct',
		'offered',
		'answered',
		'abandoned',
		'handled',
		'agents',
		'staffing',
		'settings',
		'agentList',
		'agentsAvailableNow'
	],
	properties: {
		at: { type: 'string', format: 'date-time', description: 'when computed (server clock)' },
		waiting: count,
		longestWaitSec: { ...count, description: 'longest current wait at `at`' },
		serviceLevelPct: {
			...nullableNumber,
			description:
				'today (Asia/Taipei): answered within the threshold ÷ (answered + abandons not short)'
		},
		serviceLevelPct30m: {
			...nullableNumber,
			description: 'the same over calls answered or abandoned in the last 30 minutes'
		},
		asaSec: { ...nullableNumber, description: 'average speed of answer today' },
		abandonRatePct: {
			...nullableNumber,
			description: 'abandons not short ÷ (offered − short abandons), today'
		},
		offered: { ...count, description: 'calls that joined the queue today' },
		answered: count,
		abandoned: { ...count, description: 'abandons today, short abandons left out' },
		handled: { ...count, description: 'answered calls that have ended' },
		agents: {
			type: 'object',
			description: 'agents by state; ringing counts as available',
			properties: Object.fromEntries(
				['available', 'onCall', 'wrapUp', 'notReady', 'loggedOut'].map((k) => [k, count])
			)
		},
		staffing: {
			type: 'object',
			description:
				'Erlang C hint: agents needed for the target, from the last 30 minutes of arrivals and ' +
				"today's average handle time (talk + wrap-up)",
			properties: {
				arrivalsPerHour: { type: 'number' },
				ahtSec: nullableNumber,
				agentsNeeded: { type: ['integer', 'null'] }
			}
		},
		settings: {
			type: 'object',
			properties: {
				serviceLevelThresholdSec: { type: 'number' },
				serviceLevelTargetPct: { type: 'number' },
				shortAbandonSec: { type: 'number' },
				longestWaitAlarmSec: { type: 'number' }
			}
		},
		agentList: {
			type: 'array',
			items: {
				type: 'object',
				properties: {
					agent: { type: 'string' },
					name: { type: ['string', 'null'] },
					state: { enum: [...agentStates] },
					reason: { type: ['string', 'null'] },
					since: { type: 'string', format: 'date-time' }
				}
			}
		},
		agentsAvailableNow: count
	}
};

/** Paths for http/openapi.ts. */
export const queueApiPaths = {
	'/api/queue/stats': {
		get: {
			summary:
				'Live call-queue figures (supervisor, admin, coordinator); the wallboard room gets the ' +
				'same object as the `queue:stats` socket event',
			security: [{ bearer: [] }, { cookie: [] }],
			responses: {
				200: {
					description: 'the figures now',
					content: { 'application/json': { schema: queueStatsSchema } }
				},
				401: error('not signed in'),
				403: error('role not allowed')
			}
		}
	},
	'/api/telephony/events': {
		post: {
			summary: 'Telephony events from a CTI system (webhook), one event or { events: [...] }',
			description:
				`Authenticated by \`${TELEPHONY_SIGNATURE_HEADER}: sha256=<hex>\`, the HMAC-SHA256 of ` +
				'the raw request body with the shared secret TELEPHONY_WEBHOOK_SECRET (no session). ' +
				'An event with an `eventId` already received is counted as a duplicate and applied once.',
			security: [],
			parameters: [
				{
					name: TELEPHONY_SIGNATURE_HEADER,
					in: 'header',
					required: true,
					schema: { type: 'string', pattern: '^sha256=[0-9a-fA-F]{64}$' }
				}
			],
			requestBody: {
				required: true,
				content: {
					'application/json': {
						schema: z.toJSONSchema(telephonyWebhookSchema, { io: 'input', unrepresentable: 'any' })
					}
				}
			},
			responses: {
				202: {
					description: 'stored; the queue engine applies them within a second',
					content: {
						'application/json': {
							schema: {
								type: 'object',
								required: ['accepted', 'duplicates'],
								properties: { accepted: count, duplicates: count }
							}
						}
					}
				},
				400: error('the body is not JSON'),
				401: error('signature missing or wrong'),
				415: error('the body is not declared application/json'),
				422: error('an event does not match the schema; `field` names it'),
				503: error('no TELEPHONY_WEBHOOK_SECRET configured: the webhook is off')
			}
		}
	}
};
