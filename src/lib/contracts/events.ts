import { z } from 'zod';
import type { ApiErrorBody } from './errors.ts';
import type { Role, SessionUser } from './auth.ts';
import type { JobDto } from './jobs.ts';
import type { CrewDto } from './crews.ts';
import type { QueueStats } from './queue.ts';
import type { PhotoDto } from './crew.ts';
import type { FieldStats } from './field.ts';

/*
 * The one realtime contract, shared by the server, the browser, workers and tests.
 * Facts sent to clients are past tense (`catalog:updated`); commands from clients are imperative
 * (`sync`) and answer through an acknowledgement.
 */

/** Payload of every broadcast fact, keyed by event name. Later issues extend this map. */
export interface FactPayloads {
	'catalog:updated': { code: string; nameZh: string; nameEn: string; active: boolean };
	'user:created': { id: number; username: string; role: Role };
	/** A job was filed or changed; crews' rooms get it without the reporter. */
	'job:created': JobDto;
	'job:updated': JobDto;
	/** A photo was attached to a job (the job itself did not change). */
	'job:photo': { jobId: number; photo: PhotoDto };
	/** A crew's status or position changed. */
	'crew:updated': CrewDto;
	/** A durable deadline timer fired for a job. */
	'job:deadline': {
		jobId: number;
		kind: 'warn' | 'breach';
		escalationLevel: number;
		deadlineAt: string;
	};
	/** Something supervisors must see (persisted in notifications). */
	'notification:created': {
		id: number;
		kind: string;
		jobId: number | null;
		data: Record<string, unknown>;
	};
}
export type FactName = keyof FactPayloads;

/** Every broadcast carries the outbox sequence number it was committed under. */
export interface Envelope<E extends FactName = FactName> {
	seq: number;
	event: E;
	at: string;
	data: FactPayloads[E];
}

/** An acknowledgement: the result of a command, or an error in the API's shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody['error'] };

/** The answer to `sync`: the events after `since`, or `reset` when the client must refetch. */
export interface SyncResult {
	/** The newest sequence number the server has committed. */
	seq: number;
	/** True when `since` is older than the outbox keeps: fetch a fresh snapshot over HTTP. */
	reset: boolean;
	events: Envelope[];
}

export const syncRequestSchema = z.strictObject({ since: z.int().min(0) });
export const subscribeRequestSchema = z.strictObject({
	districts: z.array(z.string().regex(/^\d{8}$/, 'district code has 8 digits')).max(38)
});

export type ServerToClientEvents = {
	[E in FactName]: (envelope: Envelope<E>) => void;
} & {
	/** The session behind this socket ended (logout, expiry); the client should sign in again. */
	'session:ended': () => void;
	/**
	 * This socket fell too far behind (its unsent backlog passed a bound) and the server skipped
	 * live events to it meanwhile. Everything committed stays in the outbox: call `sync` with the
	 * last sequence number applied to catch up (or refetch snapshots when it answers `reset`).
	 */
	'events:skipped': () => void;
	/**
	 * Live call-queue figures to the wallboard room: a snapshot on connect, then at least once a
	 * second. Volatile by nature (each one replaces the last), so not in the outbox.
	 */
	'queue:stats': (stats: QueueStats) => void;
	/**
	 * Open field jobs to the wallboard room: when jobs changed (at most every 2 s) and at least
	 * every 10 s as a heartbeat. Volatile like `queue:stats`: each one replaces the last.
	 */
	'field:stats': (stats: FieldStats) => void;
};

export interface ClientToServerEvents {
	/** Fetch what was committed after `since` and visible to this socket's rooms. */
	sync: (
		request: z.input<typeof syncRequestSchema>,
		ack: (result: Ack<SyncResult>) => void
	) => void;
	/** Replace this socket's district subscriptions. */
	subscribe: (
		request: z.input<typeof subscribeRequestSchema>,
		ack: (result: Ack<{ districts: string[] }>) => void
	) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
	user: SessionUser;
	tokenHash: string;
	/** The agency of a crew account's crew; office roles see every agency. */
	agencyCode: string | null;
}

/** Room names; an outbox row lists the rooms that may see it. */
export const room = {
	role: (role: Role) => `role:${role}`,
	agency: (code: string) => `agency:${code}`,
	district: (code: string) => `district:${code}`,
	crew: (id: number) => `crew:${id}`,
	user: (id: number) => `user:${id}`,
	/** Sockets that see live queue statistics (supervisor, admin, coordinator). */
	wallboard: 'wallboard',
	/**
	 * This node's sockets whose backlog is too large: the relay's broadcasts skip them until it
	 * drains, then they are told to `sync` (see `events:skipped`). Never named by an outbox row.
	 */
	lagging: 'lagging'
};
