import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import { loadEnv, type Env } from './env.ts';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from './db/client.ts';
import { startOfTaipeiDay } from './queue/time.ts';
import { prepareDatabase } from './setup.ts';
import { createIo } from './realtime/io.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { setAppContext, type AppContext } from './context.ts';
import { createRelay } from '../../../workers/relay.ts';
import { createDeadlineWorker } from '../../../workers/deadlines.ts';
import { createSimulator } from '../../../workers/simulator.ts';
import { createQueueWorker } from '../../../workers/queue.ts';
import { createAmiSource } from '../../../workers/telephony/ami.ts';
import { createCallSimulator } from '../../../workers/telephony/simulator.ts';
import type { TelephonyEmit, TelephonySource } from '../../../workers/telephony/types.ts';
import { appendTelephonyEvents, type TelephonySourceName } from './queue/inbox.ts';
import { createFieldStatsWorker } from '../../../workers/field-stats.ts';

export interface RunningApp extends AppContext {
	stop(): Promise<void>;
}

export interface StartOptions {
	httpServer: HttpServer;
	env?: Env;
	log?: (line: string) => void;
}

/**
 * Starts one app node on an HTTP server: database (migrated and seeded), Socket.IO (with the
 * Redis adapter when REDIS_URL is set), the login throttle and the outbox relay. Workers live
 * here, never in hooks or the Vite plugin's module scope, so they exist once per process.
 */
export async function startApp({
	httpServer,
	env = loadEnv(),
	log = console.log
}: StartOptions): Promise<RunningApp> {
	const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
	const redisClients: RedisClientType[] = [];
	try {
		await prepareDatabase(database, {
			adminPassword: env.ADMIN_PASSWORD,
			// Demo accounts only on the embedded default, never on a real server.
			demoAccounts: !env.DATABASE_URL && (env.DEMO_ACCOUNTS ?? true),
			log
		});
		const io = createIo(httpServer, database.db);
		let redis: RedisClientType | undefined;
		if (env.REDIS_URL) {
			redis = createClient({ url: env.REDIS_URL });
			const sub = redis.duplicate();
			redisClients.push(redis, sub);
			for (const c of redisClients) c.on('error', (e: Error) => log(`[redis] ${e.message}`));
			await Promise.all(redisClients.map((c) => c.connect()));
			io.adapter(createAdapter(redis, sub));
		}
		const throttle = new LoginThrottle({
			maxFailures: env.LOGIN_MAX_FAILURES,
			windowSec: env.LOGIN_WINDOW_SEC,
			redis
		});
		const relay = createRelay({ db: database.db, env, io, log });
		await relay.start();
		// Timers are safe to run on every node: each due timer is claimed by exactly one.
		const deadlines = createDeadlineWorker({ db: database.db, env, log, relay });
		await deadlines.start();
		// Every node sends field figures to its own wallboard sockets (workers/field-stats.ts).
		const fieldStats = createFieldStatsWorker({ db: database.db, env, io, log });
		await fieldStats.start();
		// Demo life (workers/simulator.ts): on by default on the embedded database; see SIMULATE.
		const simulator =
			(env.SIMULATE ?? !env.DATABASE_URL)
				? createSimulator(
						{ db: database.db, env, log, relay },
						{
							jobsPerDay: env.SIMULATE_JOBS_PER_DAY,
							speed: env.SIMULATE_SPEED
						}
					)
				: undefined;
		await simulator?.start();
		// The call queue: every node replays the telephony inbox into its own engine and feeds its
		// own wallboard sockets; one node at a time persists call records (workers/queue.ts).
		const queue = createQueueWorker({ db: database.db, env, io, log });
		await queue.start();
		const emitFrom =
			(source: TelephonySourceName): TelephonyEmit =>
			async (events) => {
				await appendTelephonyEvents(database.db, source, events);
				queue.nudge();
			};
		const telephony: TelephonySource[] = [];
		// Asterisk AMI: real phone-system events drive the queue when AMI_URL is set.
		if (env.AMI_URL) {
			telephony.push(
				createAmiSource({
					url: env.AMI_URL,
					log,
					emit: emitFrom('ami'),
					wrapUpSec: env.AMI_WRAPUP_SEC
				})
			);
		}
		const simulateCalls =
			env.SIMULATE_CALLS ?? ((env.SIMULATE ?? !env.DATABASE_URL) && !env.AMI_URL);
		if (simulateCalls) {
			// A first start today plays the day so far, so the demo board is not empty.
			const midnight = startOfTaipeiDay(Date.now());
			const [playedToday] = await rows<{ one: number }>(
				database.db,
				sql`select 1 as one from telephony_events
				    where source = 'simulator' and at >= ${new Date(midnight).toISOString()} limit 1`
			);
			telephony.push(
				createCallSimulator({
					emit: emitFrom('simulator'),
					log,
					backfillFrom: playedToday ? undefined : new Date(midnight),
					seed: env.SIMULATE_CALLS_SEED,
					config: {
						callsPerDay: env.SIMULATE_CALLS_PER_DAY,
						talkMeanSec: env.SIMULATE_CALLS_TALK_SEC,
						wrapMeanSec: env.SIMULATE_CALLS_WRAP_SEC,
						patienceMeanSec: env.SIMULATE_CALLS_PATIENCE_SEC,
						staffing: env.SIMULATE_CALLS_STAFFING
					}
				})
			);
		}
		const started: TelephonySource[] = [];
		for (const source of telephony) {
			try {
				await source.start();
				started.push(source);
			} catch (err) {
				// A telephony source that cannot start must not keep the app down; the webhook still works.
				log(`[telephony] source not started: ${err instanceof Error ? err.message : String(err)}`);
			}
		}
		const context: AppContext = {
			env,
			database,
			db: database.db,
			io,
			throttle,
			relay,
			deadlines,
			queue
		};
		setAppContext(context);
		log(`[app] ready on ${database.backend}${env.REDIS_URL ? ' with Redis adapter' : ''}`);
		return {
			...context,
			async stop() {
				setAppContext(null);
				for (const source of started) await source.stop();
				await queue.stop();
				await simulator?.stop();
				await fieldStats.stop();
				await deadlines.stop();
				await relay.stop();
				await new Promise<void>((resolve) => void io.close(() => resolve()));
				await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
				await database.close();
			}
		};
	} catch (err) {
		await Promise.all(redisClients.map((c) => c.quit().catch(() => undefined)));
		await database.close();
		throw err;
	}
}
