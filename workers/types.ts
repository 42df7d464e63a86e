import type { Db } from '../src/lib/server/db/client.ts';
import type { Env } from '../src/lib/server/env.ts';
import type { CityDeskIo } from '../src/lib/server/realtime/io.ts';

/** What a worker gets from its host process. */
export interface WorkerContext {
	db: Db;
	env: Env;
	/** Present when the worker runs inside an app node that serves sockets. */
	io?: CityDeskIo;
	log: (line: string) => void;
}

/** A long-lived background task; where it is hosted is configuration. */
export interface Worker {
	readonly name: string;
	start(): Promise<void>;
	stop(): Promise<void>;
}
