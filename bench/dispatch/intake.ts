// Part 2: intake throughput — `resolvePlace` (gazetteer text or a pin) then `fileJob` in
// `commit` (district lookup, routing, deadline, save, outbox), with the relay broadcasting every
// filed job to one connected Socket.IO client.
import { eq } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db/client.ts';
import { categories } from '../../src/lib/server/db/schema.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { fileJob, resolvePlace } from '../../src/lib/server/jobs/service.ts';
import { jobSettings } from '../../src/lib/server/jobs/settings.ts';
import { commit } from '../../src/lib/server/realtime/outbox.ts';
import { places } from '../../src/lib/server/geo/geocode/places-data.ts';
import type { CreateJob } from '../../src/lib/contracts/jobs.ts';
import {
	emit,
	emitPercentiles,
	note,
	pick,
	pointsInDistricts,
	round,
	seeded,
	waitFor
} from './common.ts';
import { openClient, signedIn, startBackbone } from './realtime.ts';

export const INTAKE_SIZES = { seconds: 15, filers: 4, pinShare: 0.3 };

/** What a call taker types instead of an address: a station exit, a landmark. */
function spokenPlaces(): string[] {
	return places.map((p) =>
		p.kind === 'landmark'
			? `${p.nameZh}前面`
			: `${p.kind === 'mrt' ? '捷運' : '輕軌'}${p.nameZh.replace(/站$/, '')}站2號出口旁`
	);
}

/** Runs part 2 on a prepared database and prints its figures. */
export async function benchIntake(db: Db, signal: AbortSignal): Promise<void> {
	const { seconds, filers, pinShare } = INTAKE_SIZES;
	const settings = jobSettings(loadEnv({}));
	const random = seeded(311);
	const { user } = await signedIn(db, 'bench-dispatcher', 'dispatcher');
	const { token } = await signedIn(db, 'bench-intake-watcher', 'admin');
	const categoryCodes = (
		await db.select({ code: categories.code }).from(categories).where(eq(categories.active, true))
	).map((c) => c.code);

	// Keep only the texts the gazetteer really places, so every address job takes that path.
	const texts: string[] = [];
	for (const text of spokenPlaces()) {
		const probe: CreateJob = { categoryCode: 'POTHOLE', description: 'probe', address: text };
		const place = await resolvePlace(db, probe, settings).catch(() => null);
		if (place?.source === 'gazetteer') texts.push(text);
	}
	note(`intake: ${texts.length} of ${places.length} gazetteer texts place (e.g. "${texts[0]}")`);
	const pins = await pointsInDistricts(db, 2_000, 11);

	const backbone = await startBackbone(db, 250);
	const client = await openClient(backbone.url, token).catch(async (err: unknown) => {
		await backbone.close();
		throw err;
	});
	try {
		let received = 0;
		client.on('job:created', () => received++);
		const latencies: number[] = [];
		const resolving: number[] = [];
		const committing: number[] = [];
		const errors = new Map<string, number>();
		let byPin = 0;
		const until = performance.now() + seconds * 1000;
		const started = performance.now();

		const filer = async () => {
			while (performance.now() < until && !signal.aborted) {
				const usePin = random() < pinShare;
				const pin = pick(random, pins);
				const input: CreateJob = {
					categoryCode: pick(random, categoryCodes),
					description: 'bench: 人行道破損，請派員處理',
					...(usePin
						? { location: { lon: pin.lon, lat: pin.lat } }
						: { address: pick(random, texts) }),
					reporter: { name: '王小明', phone: '0912345678' }
				};
				const t0 = performance.now();
				try {
					const place = await resolvePlace(db, input, settings);
					const t1 = performance.now();
					await commit({ db, relay: backbone.relay }, (tx) => fileJob(tx, user, input, place));
					const t2 = performance.now();
					latencies.push(t2 - t0);
					resolving.push(t1 - t0);
					committing.push(t2 - t1);
					if (usePin) byPin++;
				} catch (err) {
					const key = err instanceof Error ? err.message.slice(0, 80) : String(err);
					errors.set(key, (errors.get(key) ?? 0) + 1);
				}
			}
		};
		await Promise.all(Array.from({ length: filers }, filer));
		const elapsed = (performance.now() - started) / 1000;
		signal.throwIfAborted();

		const delivered = await waitFor(() => received >= latencies.length, 15_000, signal);
		emit({ metric: 'dispatch.intake.filers', value: filers, unit: 'concurrent' });
		emit({ metric: 'dispatch.intake.jobs', value: latencies.length, unit: 'jobs' });
		emit({ metric: 'dispatch.intake.by_pin', value: byPin, unit: 'jobs' });
		emit({
			metric: 'dispatch.intake.jobs_per_s',
			value: round(latencies.length / elapsed, 1),
			unit: 'jobs/s'
		});
		emitPercentiles('dispatch.intake', latencies);
		// The two halves: geocoding (outside any transaction) and the filing transaction.
		emitPercentiles('dispatch.intake.resolve', resolving);
		emitPercentiles('dispatch.intake.commit', committing);
		emit({
			metric: 'dispatch.intake.errors',
			value: [...errors.values()].reduce((a, b) => a + b, 0),
			unit: 'jobs'
		});
		emit({ metric: 'dispatch.intake.broadcast_received', value: received, unit: 'events' });
		for (const [message, count] of errors) note(`intake: ${count} × ${message}`);
		if (!delivered) note(`intake: the client got ${received} of ${latencies.length} job:created`);
	} finally {
		client.close();
		await backbone.close();
	}
}
