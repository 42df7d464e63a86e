import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';

/**
 * A source of telephony events (Asterisk AMI, the simulator). It hands normalised events to
 * `emit`, which appends them to the inbox (src/lib/server/queue/inbox.ts) and wakes this node's
 * queue engine; `start` returns once the source is running, `stop` once it has let go.
 */
export interface TelephonySource {
	start(): Promise<void>;
	stop(): Promise<void>;
}

/** Appends a source's events to the telephony inbox; resolves once they are committed. */
export type TelephonyEmit = (events: TelephonyEvent[]) => Promise<void>;
