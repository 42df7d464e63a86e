import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/lib/server/db/client.ts';
import { loadEnv } from '../../src/lib/server/env.ts';
import { appendTelephonyEvents } from '../../src/lib/server/queue/inbox.ts';
import { createQueueWorker, type QueueWorker } from '../../workers/queue.ts';
import { createAmiSource, type AmiSource } from '../../workers/telephony/ami.ts';
import { FakeAmi } from '../support/fake-ami.ts';
import { openTestDatabase } from './harness.ts';

/*
 * Issue 5, "done when": pointing AMI_URL at an AMI server drives the wallboard figures. The fake
 * Asterisk speaks the protocol on loopback; the AMI source stores what it hears in the telephony
 * inbox exactly as the app wires it (src/lib/server/app.ts), and the queue worker's figures
 * follow, also across a dropped connection rebuilt by QueueStatus.
 */

let database: Database;
let fake: FakeAmi;
let source: AmiSource;
let worker: QueueWorker;

beforeAll(async () => {
	database = await openTestDatabase();
	fake = await FakeAmi.start();
	fake.addQueue('1999');
	fake.addMember('1999', 'PJSIP/101', 'Agent 101');
	fake.addMember('1999', 'PJSIP/102', 'Agent 102');
	fake.addMember('1999', 'PJSIP/103', 'Agent 103', { paused: true, reason: 'meal' });
	worker = createQueueWorker(
		{ db: database.db, env: loadEnv({}), log: () => undefined },
		{ intervalMs: 50 }
	);
	await worker.start();
	source = createAmiSource({
		url: fake.url(),
		log: () => undefined,
		backoff: { initialMs: 50, maxMs: 200 },
		emit: async (events) => {
			await appendTelephonyEvents(database.db, 'ami', events);
			worker.nudge();
		}
	});
	await source.start();
});

afterAll(async () => {
	await source?.stop();
	await worker?.stop();
	await fake?.close();
	await database?.close();
});

const settled = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

describe('AMI drives the queue figures', () => {
	it('shows the PBX state after login, then follows calls live', async () => {
		await settled(() => {
			const s = worker.stats();
			expect(s.agents).toMatchObject({ available: 2, notReady: 1 });
			expect(s.agentList.find((a) => a.agent.includes('103'))?.reason).toBe('meal');
		});
		const first = fake.join('1999');
		const second = fake.join('1999');
		await settled(() => expect(worker.stats()).toMatchObject({ waiting: 2, offered: 2 }));
		fake.ring(first, 'PJSIP/101');
		fake.answer(first, 'PJSIP/101');
		await settled(() =>
			expect(worker.stats()).toMatchObject({ waiting: 1, answered: 1, agents: { onCall: 1 } })
		);
		fake.abandon(second);
		await settled(() => expect(worker.stats()).toMatchObject({ waiting: 0 }));
	});

	it('rebuilds the picture from QueueStatus after the connection drops', async () => {
		const before = fake.count('QueueStatus');
		fake.dropConnections();
		// Callers join while CityDesk is not listening; the rebuilt snapshot must show them.
		const a = fake.join('1999');
		const b = fake.join('1999');
		await fake.until(() => fake.count('QueueStatus') > before, 10_000, 'a new QueueStatus');
		await settled(() => expect(worker.stats().waiting).toBe(2));
		expect(fake.caller(a)).toBeDefined();
		expect(fake.caller(b)).toBeDefined();
	});
});
