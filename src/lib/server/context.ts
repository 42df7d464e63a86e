import type { Env } from './env.ts';
import type { Database, Db } from './db/client.ts';
import type { CityDeskIo } from './realtime/io.ts';
import type { LoginThrottle } from './auth/throttle.ts';
import type { Relay } from '../../../workers/relay.ts';
import type { DeadlineWorker } from '../../../workers/deadlines.ts';
import type { QueueWorker } from '../../../workers/queue.ts';

/** Everything request handlers need from the running app node. */
export interface AppContext {
	env: Env;
	database: Database;
	db: Db;
	io: CityDeskIo;
	throttle: LoginThrottle;
	relay: Relay;
	/** Present where this node hosts the deadline timers. */
	deadlines?: DeadlineWorker;
	/** This node's replica of the call queue (GET /api/queue/stats, the telephony webhook). */
	queue?: QueueWorker;
}

/*
 * The server entry (src/server.ts) and the dev plugin start the app once per process and hand
 * it to SvelteKit's handlers here. A global symbol, not a module variable, because the SvelteKit
 * bundle and the entry load separate copies of this module.
 */
const KEY = Symbol.for('citydesk.app-context');
type Holder = { [KEY]?: AppContext };

/** Publishes the running app for request handlers (null when it stops). */
export function setAppContext(context: AppContext | null): void {
	(globalThis as Holder)[KEY] = context ?? undefined;
}

/** The running app; throws when the process was started without the CityDesk entry. */
export function appContext(): AppContext {
	const context = (globalThis as Holder)[KEY];
	if (!context) {
		throw new Error(
			'CityDesk is not started: run `npm start` (or `npm run dev`), not the bare build'
		);
	}
	return context;
}
