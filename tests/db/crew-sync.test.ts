import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { rows, type Database, type Tx } from '../../src/lib/server/db/client.ts';
import type { SessionUser } from '../../src/lib/contracts/auth.ts';
import type { CrewAction, CrewFix } from '../../src/lib/contracts/crew.ts';
import { crewSyncSchema } from '../../src/lib/contracts/crew.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { insertCrew, loadCrew } from '../../src/lib/server/crews/repository.ts';
import { assignCrew, fileJob, resolvePlace } from '../../src/lib/server/jobs/service.ts';
import { loadJob, loadJobEvents } from '../../src/lib/server/jobs/repository.ts';
import { syncCrewDevice } from '../../src/lib/server/crews/sync.ts';
import { listCrewJobs } from '../../src/lib/server/crews/my-jobs.ts';
import {
	listPhotos,
	preparePhoto,
	readPhoto,
	storePhoto
} from '../../src/lib/server/jobs/photos.ts';
import { ApiError } from '../../src/lib/server/http/api.ts';
import { openTestDatabase } from './harness.ts';

let database: Database;
let ctx: { db: Database['db']; relay: { nudge(): void } };
let dispatcher: SessionUser;
const crews: { id: number; user: SessionUser }[] = [];
const settings = { geocoderTimeoutMs: 1000, priorityStepsAt: [3, 10] };
const cityHall = { lon: 120.312, lat: 22.6204 };

beforeAll(async () => {
	database = await openTestDatabase();
	ctx = { db: database.db, relay: { nudge() {} } };
	const d = await createUser(database.db, {
		username: 'sync-d',
		password: 'long enough 1',
		role: 'dispatcher'
	});
	if (!d.ok) throw new Error('user');
	dispatcher = d.user;
	for (const name of ['A', 'B']) {
		const id = await insertCrew(database.db, {
			name: `sync crew ${name}`,
			agencyCode: 'MOPW',
			skills: ['electrical'],
			status: 'available',
			location: cityHall
		});
		const u = await createUser(database.db, {
			username: `sync-crew-${name}`,
			password: 'long enough 1',
			role: 'crew',
			crewId: id
		});
		if (!u.ok) throw new Error('crew user');
		crews.push({ id, user: u.user });
	}
});
afterAll(() => database.close());

const tx = <T>(fn: (tx: Tx) => Promise<T>) => database.db.transaction((t) => fn(t as Tx));

/** Files a street-light job (public works) and assigns it to a crew. */
async function assignedJob(crewIndex: number, options: { shareReporter?: boolean } = {}) {
	const input = {
		categoryCode: 'STREETLIGHT_OUT',
		description: 'lamp dark',
		location: cityHall,
		reporter: { name: '王小明', phone: '0912345678' }
	};
	const place = await resolvePlace(database.db, input, settings);
	const job = await tx((t) => fileJob(t, dispatcher, input, place));
	const crew = crews[crewIndex]!;
	await tx((t) => t.execute(sql`update crews set status = 'available' where id = ${crew.id}`));
	return tx((t) =>
		assignCrew(t, dispatcher, job.id, {
			crewId: crew.id,
			expectedVersion: job.version,
			shareReporter: options.shareReporter
		})
	);
}

let keyCounter = 0;
const action = (jobId: number, seq: number, to: CrewAction['to'], note?: string): CrewAction => ({
	idempotencyKey: `key-${process.pid}-${++keyCounter}`,
	seq,
	jobId,
	to,
	note,
	at: new Date().toISOString()
});
const sync = (
	crewIndex: number,
	deviceId: string,
	actions: CrewAction[],
	positions: CrewFix[] = []
) => syncCrewDevice(ctx, crews[crewIndex]!.user, { deviceId, actions, positions });
const refusal = async (p: Promise<unknown>) => {
	try {
		await p;
	} catch (err) {
		if (err instanceof ApiError) return err;
		throw err;
	}
	throw new Error('expected a refusal');
};

describe('crew tablet sync', () => {
	it('applies a batch once, in device order, however often it is sent', async () => {
		const job = await assignedJob(0);
		// Sent out of order on purpose: the server orders by the device's sequence numbers.
		const batch = [
			action(job.id, 3, 'done', 'lamp replaced'),
			action(job.id, 1, 'en_route'),
			action(job.id, 2, 'on_site')
		];
		const first = await sync(0, 'device-A-0001', batch);
		expect(first.results.map((r) => [r.seq, r.result])).toEqual([
			[1, 'applied'],
			[2, 'applied'],
			[3, 'applied']
		]);
		expect(first.lastSeq).toBe(3);
		for (let i = 0; i < 2; i++) {
			const again = await sync(0, 'device-A-0001', batch);
			expect(again.results.map((r) => r.result)).toEqual(['duplicate', 'duplicate', 'duplicate']);
		}
		const events = await loadJobEvents(database.db, job.id);
		const moves = events.filter((e) => 'deviceId' in e.data).map((e) => e.toStatus);
		expect(moves).toEqual(['en_route', 'on_site', 'done']);
		const done = events.find((e) => e.toStatus === 'done')!;
		expect(done.data).toMatchObject({
			note: 'lamp replaced',
			deviceId: 'device-A-0001',
			deviceSeq: 3
		});
		expect((await loadCrew(database.db, crews[0]!.id))!.status).toBe('available');
	});

	it('answers a conflict in plain words when the job was taken back meanwhile, every time', async () => {
		const job = await assignedJob(0);
		// The dispatcher takes the job back while the tablet is offline.
		await tx((t) =>
			t.execute(sql`update jobs set status = 'accepted', crew_id = null where id = ${job.id}`)
		);
		const batch = [action(job.id, 10, 'en_route')];
		for (let i = 0; i < 2; i++) {
			const { results } = await sync(0, 'device-A-0001', batch);
			expect(results[0]).toMatchObject({ result: 'conflict', code: 'not_assigned', seq: 10 });
			expect(results[0]!.result === 'conflict' && results[0]!.reason).toMatch(/not assigned/);
		}
		expect((await loadJob(database.db, job.id))!.status).toBe('accepted');
	});

	it('reports an illegal move as a conflict and still applies the rest of the batch', async () => {
		const job = await assignedJob(1);
		const { results } = await sync(1, 'device-B-0001', [
			action(job.id, 1, 'released'),
			action(job.id, 2, 'en_route')
		]);
		expect(results.map((r) => r.result)).toEqual(['conflict', 'applied']);
		expect(results[0]).toMatchObject({ code: 'illegal_transition' });
		expect((await loadJob(database.db, job.id))!.status).toBe('en_route');
	});

	it("refuses with 403, writing nothing, a batch touching another crew's job", async () => {
		const mine = await assignedJob(0);
		const theirs = await assignedJob(1);
		const err = await refusal(
			sync(0, 'device-A-0002', [action(mine.id, 1, 'en_route'), action(theirs.id, 2, 'en_route')])
		);
		expect(err).toMatchObject({ status: 403, field: 'actions' });
		expect((await loadJob(database.db, mine.id))!.status).toBe('dispatched');
		expect((await loadJob(database.db, theirs.id))!.status).toBe('dispatched');
		const [device] = await rows(
			database.db,
			sql`select 1 from crew_devices where device_id = 'device-A-0002'`
		);
		expect(device).toBeUndefined();
	});

	it('requires a note to close a job or to hand it back', () => {
		const parsed = crewSyncSchema.safeParse({
			deviceId: 'device-x-001',
			actions: [{ ...action(1, 1, 'done'), note: undefined }]
		});
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.path).toEqual(['actions', 0, 'note']);
	});

	it('applies only the newest of the positions gathered offline', async () => {
		// Newer than the crew's stored position (set when it was created); at most 45 s ahead.
		const t0 = Date.now();
		const fix = (i: number) => ({
			lon: 120.3 + i * 0.001,
			lat: 22.62,
			at: new Date(t0 + i * 15_000).toISOString()
		});
		const { positions } = await sync(1, 'device-B-0001', [], [fix(2), fix(0), fix(3), fix(1)]);
		expect(positions).toEqual({ received: 4, applied: 1 });
		const crew = (await loadCrew(database.db, crews[1]!.id))!;
		expect(crew.location!.lon).toBeCloseTo(120.303, 6);
		expect(crew.positionAt).toBe(fix(3).at);
	});

	it('refuses a position from the future before applying anything', async () => {
		const job = await assignedJob(0);
		const err = await refusal(
			sync(
				0,
				'device-A-0001',
				[action(job.id, 20, 'en_route')],
				[{ lon: 120.3, lat: 22.6, at: new Date(Date.now() + 3_600_000).toISOString() }]
			)
		);
		expect(err).toMatchObject({ status: 422, field: 'positions.0.at' });
		expect((await loadJob(database.db, job.id))!.status).toBe('dispatched');
	});

	it("lists a crew's jobs by deadline, with the reporter only when shared", async () => {
		const shared = await assignedJob(1, { shareReporter: true });
		const jobs = await listCrewJobs(database.db, crews[1]!.id);
		const found = jobs.find((j) => j.id === shared.id)!;
		expect(found.reporter).toEqual({ name: '王小明', phone: '0912345678' });
		expect(found.categoryNameZh).toBeTruthy();
		expect(found.history.at(-1)).toMatchObject({ type: 'assigned' });
		for (const j of jobs) expect(['dispatched', 'en_route', 'on_site']).toContain(j.status);
		const deadlines = jobs.map((j) => j.deadlineAt);
		expect([...deadlines].sort()).toEqual(deadlines);
		const unshared = (await listCrewJobs(database.db, crews[0]!.id))[0]!;
		expect(unshared.reporter).toBeUndefined();
	});
});

describe('job photos', () => {
	const png = (width: number, height: number) => {
		const image = new PNG({ width, height });
		image.data.fill(200);
		return new Blob([new Uint8Array(PNG.sync.write(image))], { type: 'image/png' });
	};

	it('stores a real image once per key, with a thumbnail, for the assigned crew', async () => {
		const job = await assignedJob(0);
		const prepared = await preparePhoto(png(800, 600), 1_000_000);
		expect(prepared.contentType).toBe('image/png');
		const user = crews[0]!.user;
		const first = await tx((t) => storePhoto(t, user, job.id, prepared, 'photo-key-0001'));
		const again = await tx((t) => storePhoto(t, user, job.id, prepared, 'photo-key-0001'));
		expect(first.created).toBe(true);
		expect(again).toEqual({ photo: first.photo, created: false });
		expect(await listPhotos(database.db, job.id)).toHaveLength(1);
		const thumb = await readPhoto(database.db, dispatcher, first.photo.id, 'thumbnail');
		expect(thumb.contentType).toBe('image/jpeg');
		const original = await readPhoto(database.db, dispatcher, first.photo.id, 'original');
		expect(original.data.length).toBe(prepared.data.length);
		expect(thumb.data.length).toBeLessThan(original.data.length);
		const other = crews[1]!.user;
		expect(await refusal(readPhoto(database.db, other, first.photo.id, 'original'))).toMatchObject({
			status: 403
		});
		expect(
			await refusal(tx((t) => storePhoto(t, other, job.id, prepared, 'photo-key-0002')))
		).toMatchObject({ status: 403 });
	});

	it('refuses files that are not images, empty files and files over the limit', async () => {
		const text = new Blob(['not an image at all'], { type: 'image/png' });
		expect(await refusal(preparePhoto(text, 1_000_000))).toMatchObject({ status: 415 });
		expect(await refusal(preparePhoto(new Blob([]), 1_000_000))).toMatchObject({ status: 422 });
		expect(await refusal(preparePhoto(png(400, 400), 100))).toMatchObject({ status: 413 });
	});
});
