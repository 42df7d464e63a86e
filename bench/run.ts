// Benchmark runner: `npm run bench -- startup [more names]` runs the named benchmarks in order.
// Figures go to stdout as JSON lines; anything for people goes to stderr.

/** A benchmark module; the signal aborts on Ctrl-C so it can still clean up after itself. */
export interface Benchmark {
	run(signal: AbortSignal): Promise<void>;
}

// Loaded lazily so one benchmark's imports never slow down or break another.
const benchmarks: Record<string, () => Promise<Benchmark>> = {
	startup: () => import('./startup.ts'),
	dispatch: () => import('./dispatch.ts'),
	crew: () => import('./crew.ts'),
	field: () => import('./field.ts'),
	wallboard: () => import('./wallboard.ts')
};

const names = process.argv.slice(2);
const unknown = names.filter((n) => !Object.hasOwn(benchmarks, n));
if (names.length === 0 || unknown.length > 0) {
	if (unknown.length > 0) console.error(`unknown benchmark: ${unknown.join(', ')}`);
	console.error(`usage: npm run bench -- <name>...\nknown: ${Object.keys(benchmarks).join(', ')}`);
	process.exit(2);
}

// The first Ctrl-C lets the benchmark stop its servers and drop its temp data; a second one
// falls back to the default and kills the runner outright.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		console.error(`[bench] ${signal}: cleaning up (repeat to force)`);
		interrupt.abort(new Error(`interrupted by ${signal}`));
	});
}

for (const name of names) {
	try {
		const load = benchmarks[name];
		if (!load) throw new Error(`unknown benchmark: ${name}`);
		process.env.BENCH_NAME = name; // labels the notes on stderr
		await (await load()).run(interrupt.signal);
	} catch (err) {
		console.error(`[bench] ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(interrupt.signal.aborted ? 130 : 1);
	}
}
