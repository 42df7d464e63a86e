/** A loop that runs `tick` until stopped, waiting `intervalMs` between idle rounds. */
export interface PollLoop {
	start(): void;
	/** Stops after the current round and waits for it. */
	stop(): Promise<void>;
	/** Skips the wait: a writer in this process has just made work. */
	nudge(): void;
}

/**
 * The polling shape shared by the workers: `tick` answers whether there is more work right away
 * (a full batch), in which case the next round starts at once; an error is logged and the loop
 * goes on, so one bad round never stops a worker.
 */
export function createPollLoop(options: {
	name: string;
	intervalMs: number;
	tick: () => Promise<boolean>;
	log: (line: string) => void;
}): PollLoop {
	let running = false;
	let timer: NodeJS.Timeout | undefined;
	let wake: (() => void) | undefined;
	let loop: Promise<void> | undefined;

	async function run(): Promise<void> {
		while (running) {
			let more = false;
			try {
				more = await options.tick();
			} catch (err) {
				options.log(`[${options.name}] ${err instanceof Error ? err.message : String(err)}`);
			}
			if (more || !running) continue;
			await new Promise<void>((resolve) => {
				wake = resolve;
				timer = setTimeout(resolve, options.intervalMs);
			});
		}
	}

	const nudge = () => {
		clearTimeout(timer);
		wake?.();
	};
	return {
		start() {
			running = true;
			loop = run();
		},
		async stop() {
			running = false;
			nudge();
			await loop;
		},
		nudge
	};
}
