import { z } from 'zod';

/*
 * Normalised telephony events: what the queue engine consumes, whatever the source (Asterisk AMI,
 * the webhook for other CTI systems, the simulator). The webhook accepts exactly these objects,
 * one at a time or as `{ events: [...] }`; OpenAPI documents them from this schema.
 */

const at = z.iso.datetime({ offset: true });
const callId = z.string().trim().min(1).max(128);
const agent = z.string().trim().min(1).max(128);
const queue = z.string().trim().min(1).max(64);
/** The source's own id; a resent event with the same id is applied once. */
const eventId = z.string().trim().min(1).max(128).optional();

export const agentStates = [
	'available',
	'ringing',
	'on_call',
	'wrap_up',
	'not_ready',
	'logged_out'
] as const;
export type AgentState = (typeof agentStates)[number];

export const telephonyEventSchema = z.discriminatedUnion('type', [
	/** A caller enters a queue (AMI QueueCallerJoin). */
	z.strictObject({ type: z.literal('call.joined'), eventId, at, callId, queue }),
	/** An agent picks the call up (AMI AgentConnect). */
	z.strictObject({ type: z.literal('call.answered'), eventId, at, callId, agent }),
	/** The caller hung up while waiting (AMI QueueCallerAbandon). */
	z.strictObject({ type: z.literal('call.abandoned'), eventId, at, callId }),
	/** The answered call ended (AMI AgentComplete); the agent goes to wrap-up if wrapUpSec > 0. */
	z.strictObject({
		type: z.literal('call.completed'),
		eventId,
		at,
		callId,
		agent: agent.optional(),
		wrapUpSec: z.number().min(0).max(3600).optional()
	}),
	/** An agent's state changed (log in/out, pause with a reason, ringing, wrap-up ended ...). */
	z.strictObject({
		type: z.literal('agent.state'),
		eventId,
		at,
		agent,
		name: z.string().trim().max(128).optional(),
		state: z.enum(agentStates),
		reason: z.string().trim().max(128).optional()
	}),
	/**
	 * The whole picture at one moment (after an AMI QueueStatus): waiting callers and agents.
	 * It replaces the engine's live state; today's counters are kept.
	 */
	z.strictObject({
		type: z.literal('snapshot'),
		eventId,
		at,
		waiting: z
			.array(z.strictObject({ callId, queue, waitingSinceSec: z.number().min(0) }))
			.max(10_000),
		agents: z
			.array(
				z.strictObject({
					agent,
					name: z.string().trim().max(128).optional(),
					state: z.enum(agentStates),
					reason: z.string().trim().max(128).optional(),
					/** On a call: the call's id, when the source knows it. */
					callId: callId.optional()
				})
			)
			.max(10_000)
	})
]);
export type TelephonyEvent = z.infer<typeof telephonyEventSchema>;
export type TelephonyEventType = TelephonyEvent['type'];

/** `POST /api/telephony/events`: one event or a batch. */
export const telephonyWebhookSchema = z.union([
	telephonyEventSchema,
	z.strictObject({ events: z.array(telephonyEventSchema).min(1).max(1000) })
]);

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body with TELEPHONY_WEBHOOK_SECRET>`. */
export const TELEPHONY_SIGNATURE_HEADER = 'x-citydesk-signature';
