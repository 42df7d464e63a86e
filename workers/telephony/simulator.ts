import { randomBytes } from 'node:crypto';
import type { TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { seededRandom } from '../../src/lib/domain/random.ts';
import { CallCentreModel, type CallCentreConfig } from './call-model.ts';
import type { TelephonyEmit, TelephonySource } from './types.ts';

const MAX_UNSENT = 10_000;
/** Events per append while a back-filled history is sent. */
const BACKFILL_BATCH = 1000;

export interface CallSimulatorOptions {
	emit: TelephonyEmit;
	log: (line: string) => void;
	config?: Partial<CallCentreConfig>;
	/** Seed of the random source; a random one when absent. */
	seed?: number;
	/** Wall-clock time between steps. */
	intervalMs?: number;
	now?: () => Date;
	/**
	 * Play the day from here (e.g. midnight) before going live, so a demo started in the afternoon
	 * shows a day's calls, not an empty board. The app passes it only when the inbox has no
	 * simulated calls today, so a restart never counts a day twice.
	 */
	backfillFrom?: Date;
}

/** The simulator, plus `step()` so tests can drive it without timers. */
export interface CallSimulator extends TelephonySource {
	/** Runs the model up to now and emits what happened; returns how many events went out. */
	step(): Promise<number>;
}

/**
 * The demo's telephony source: the call-centre model (call-model.ts) run in real time, its
 * events appended to the inbox with source 'simulator'. It runs at the wall clock's pace (not
 * sped up like the field simulator) because waits and service levels are measured in seconds
 * against the server's clock. Each run has its own id prefix, so a restart never collides with
 * the ids of an earlier run, and opens with a snapshot that replaces the earlier run's picture.
 */
export function createCallSimulator(options: CallSimulatorOptions): CallSimulator {
	const intervalMs = options.intervalMs ?? 1000;
	const now = options.now ?? (() => new Date());
	const seed = options.seed ?? randomBytes(4).readUInt32LE(0);
	let model: CallCentreModel | undefined;
	/** Events the inbox has not taken yet (a failed append is retried at the next step). */
	let unsent: TelephonyEvent[] = [];
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let stepping: Promise<unknown> = Promise.resolve();

	async function send(): Promise<number> {
		if (unsent.length === 0) return 0;
		const batch = unsent;
		await options.emit(batch);
		unsent = unsent.slice(batch.length);
		return batch.length;
	}

	async function step(): Promise<number> {
		if (!model) return 0;
		unsent.push(...model.advance(now()));
		// The database has been away for a long while: keep the newest hour or so, not everything.
		if (unsent.length > MAX_UNSENT) {
			options.log(`[calls] inbox unavailable; dropped ${unsent.length - MAX_UNSENT} old events`);
			unsent = unsent.slice(-MAX_UNSENT);
		}
		return send();
	}

	function schedule(): void {
		if (!running) return;
		timer = setTimeout(() => {
			stepping = step()
				.catch((err: unknown) =>
					options.log(`[calls] ${err instanceof Error ? err.message : String(err)}`)
				)
				.finally(schedule);
		}, intervalMs);
	}

	return {
		async start() {
			const runId = `sim${randomBytes(3).toString('hex')}`;
			const from = options.backfillFrom;
			model = new CallCentreModel({
				start: from ?? now(),
				random: seededRandom(seed),
				runId,
				config: options.config
			});
			const opening = model.start();
			if (from) opening.push(...model.advance(now()));
			for (let i = 0; i < opening.length; i += BACKFILL_BATCH) {
				await options.emit(opening.slice(i, i + BACKFILL_BATCH));
			}
			if (from) {
				const calls = opening.filter((e) => e.type === 'call.joined').length;
				options.log(`[calls] played the day since ${from.toISOString()}: ${calls} calls`);
			}
			const perDay = options.config?.callsPerDay ?? 2500;
			options.log(
				`[calls] simulated call centre: ~${perDay} calls a day, ${model.agentCount} agents ` +
					`(seed ${seed}; SIMULATE_CALLS=0 turns it off)`
			);
			running = true;
			schedule();
		},
		async stop() {
			running = false;
			clearTimeout(timer);
			await stepping;
		},
		step
	};
}
