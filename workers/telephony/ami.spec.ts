import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentStates, type TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { Device, FakeAmi } from '../../tests/support/fake-ami.ts';
import { startScenario } from '../../tests/support/fake-ami-scenario.ts';
import { backoffDelay, createAmiSource, type AmiSource, type AmiSourceOptions } from './ami.ts';

/*
 * The AMI source against the fake Asterisk on loopback TCP. Every wait is for a condition
 * (vi.waitFor polls it), never a fixed sleep.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakePbx(options: { timestampEvents?: boolean } = {}): Promise<FakeAmi> {
	const fake = await FakeAmi.start(options);
	cleanups.push(() => fake.close());
	fake.addQueue('1999');
	fake.addMember('1999', 'PJSIP/1001', '陳美玲', { wrapUpSec: 15 });
	fake.addMember('1999', 'PJSIP/1002', '林志明', { paused: true, reason: '用餐' });
	return fake;
}

interface Harness {
	source: AmiSource;
	events: TelephonyEvent[];
	logs: string[];
	changes: boolean[];
	/** Resolves with the first event after index `from` that matches. */
	next<T extends TelephonyEvent['type']>(
		type: T,
		match?: (e: Extract<TelephonyEvent, { type: T }>) => boolean,
		from?: number
	): Promise<Extract<TelephonyEvent, { type: T }>>;
}

async function connect(fake: FakeAmi, options: Partial<AmiSourceOptions> = {}): Promise<Harness> {
	const events: TelephonyEvent[] = [];
	const logs: string[] = [];
	const changes: boolean[] = [];
	const source = createAmiSource({
		url: fake.url(),
		log: (line) => logs.push(line),
		emit: async (batch) => void events.push(...batch),
		backoff: { initialMs: 20, maxMs: 200 },
		leaveGraceMs: 300,
		onConnectionChange: (up) => changes.push(up),
		...options
	});
	cleanups.push(() => source.stop());
	await source.start();
	const next: Harness['next'] = (type, match = () => true, from = 0) =>
		vi.waitFor(
			() => {
				const found = events.slice(from).find((e) => e.type === type && match(e as never)) as never;
				if (!found) throw new Error(`no ${type} yet; logs:\n${logs.join('\n')}`);
				return found;
			},
			{ timeout: 5000, interval: 10 }
		);
	return { source, events, logs, changes, next };
}

const waitUntil = (check: () => boolean, what: string, timeout = 5000) =>
	vi.waitFor(
		() => {
			if (!check()) throw new Error(`still waiting for ${what}`);
		},
		{ timeout, interval: 10 }
	);

describe('AMI source: login and snapshot', () => {
	it('logs in, asks QueueStatus and emits one snapshot of the queues; logs off on stop', async () => {
		const fake = await fakePbx();
		const waitingUid = fake.join('1999');
		const { source, events, changes, next } = await connect(fake);

		const snapshot = await next('snapshot');
		const login = fake.actions.find((a) => a.get('Action') === 'Login')!;
		expect(login.get('Username')).toBe('citydesk');
		expect(login.get('Secret')).toBe('secret');
		expect(login.get('Events')).toBe('agent');
		expect(fake.actions.map((a) => a.get('Action'))).toEqual(['Login', 'QueueStatus']);
		expect(snapshot.waiting).toEqual([
			{ callId: waitingUid, queue: '1999', waitingSinceSec: expect.any(Number) }
		]);
		expect(snapshot.agents).toEqual([
			{ agent: 'PJSIP/1001', name: '陳美玲', state: 'available' },
			{ agent: 'PJSIP/1002', name: '林志明', state: 'not_ready', reason: '用餐' }
		]);
		// The caller already waiting is announced once, before the snapshot, with a stable id.
		expect(events[0]).toMatchObject({
			type: 'call.joined',
			callId: waitingUid,
			eventId: `ami:join:${waitingUid}:1999`
		});
		expect(source.connected).toBe(true);
		expect(changes).toEqual([true]);

		await source.stop();
		expect(fake.count('Logoff')).toBe(1);
		expect(changes).toEqual([true, false]);
		expect(source.connected).toBe(false);
	});

	it('logs a refused login and retries with backoff until the PBX accepts it', async () => {
		const fake = await fakePbx();
		fake.rejectLogins = true;
		const { logs, events, next } = await connect(fake);

		await waitUntil(() => fake.count('Login') >= 3, 'three login attempts');
		expect(logs.some((l) => l.includes('login refused: Authentication failed'))).toBe(true);
		expect(logs.some((l) => /retrying in \d+ ms/.test(l))).toBe(true);
		expect(fake.count('QueueStatus')).toBe(0);
		expect(events).toEqual([]);
		expect(logs.join('\n')).not.toContain('secret@');

		fake.rejectLogins = false;
		await next('snapshot');
		expect(fake.count('QueueStatus')).toBe(1);
	});

	it('backs off exponentially with jitter, up to the cap', () => {
		const options = { initialMs: 1000, maxMs: 30_000 };
		expect(backoffDelay(0, options, () => 0)).toBe(500);
		expect(backoffDelay(0, options, () => 1)).toBe(1000);
		expect(backoffDelay(3, options, () => 0.5)).toBe(6000);
		expect(backoffDelay(10, options, () => 1)).toBe(30_000);
		expect(backoffDelay(99, options, () => 0)).toBe(15_000);
	});
});

describe('AMI source: live events', () => {
	it('maps every consumed app_queue event to the normalised events', async () => {
		const fake = await fakePbx();
		const h = await connect(fake);
		await h.next('snapshot');
		let from = h.events.length;
		const mark = () => (from = h.events.length);

		// QueueMemberAdded
		fake.addMember('1999', 'PJSIP/1003', '黃淑芬');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1003', from)).toMatchObject({
			name: '黃淑芬',
			state: 'available'
		});

		// QueueMemberPause, paused and back
		mark();
		fake.pause('PJSIP/1003', true, '教育訓練');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1003', from)).toMatchObject({
			state: 'not_ready',
			reason: '教育訓練'
		});
		mark();
		fake.pause('PJSIP/1003', false);
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1003', from)).toMatchObject({
			state: 'available'
		});

		// QueueCallerJoin
		mark();
		const uid = fake.join('1999');
		expect(await h.next('call.joined', (e) => e.callId === uid, from)).toMatchObject({
			queue: '1999',
			eventId: `ami:join:${uid}:1999`
		});

		// AgentCalled (+ QueueMemberStatus ringing), AgentRingNoAnswer
		mark();
		fake.ring(uid, 'PJSIP/1001');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from)).toMatchObject({
			state: 'ringing'
		});
		mark();
		fake.ringNoAnswer(uid, 'PJSIP/1001');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from)).toMatchObject({
			state: 'available'
		});

		// QueueCallerLeave then AgentConnect (+ QueueMemberStatus in use)
		fake.ring(uid, 'PJSIP/1001');
		await h.next('agent.state', (e) => e.agent === 'PJSIP/1001' && e.state === 'ringing', from);
		mark();
		fake.answer(uid, 'PJSIP/1001');
		expect(await h.next('call.answered', (e) => e.callId === uid, from)).toMatchObject({
			agent: 'PJSIP/1001',
			eventId: `ami:answer:${uid}:PJSIP/1001`
		});
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from)).toMatchObject({
			state: 'on_call'
		});

		// AgentComplete: the member's Wrapuptime, then wrap-up
		mark();
		fake.hangup(uid, 'agent');
		expect(await h.next('call.completed', (e) => e.callId === uid, from)).toMatchObject({
			agent: 'PJSIP/1001',
			wrapUpSec: 15
		});
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from)).toMatchObject({
			state: 'wrap_up'
		});

		// QueueCallerAbandon (then QueueCallerLeave): abandoned once
		mark();
		const gone = fake.join('1999');
		fake.abandon(gone);
		expect(await h.next('call.abandoned', (e) => e.callId === gone, from)).toMatchObject({
			eventId: `ami:abandon:${gone}`
		});

		// QueueCallerLeave alone (the caller pressed a key): abandoned after the grace
		mark();
		const left = fake.join('1999');
		fake.exitWithKey(left);
		await h.next('call.abandoned', (e) => e.callId === left, from);

		// QueueMemberStatus: the device is gone
		mark();
		fake.setDevice('PJSIP/1003', Device.unavailable);
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1003', from)).toMatchObject({
			state: 'logged_out'
		});
		mark();
		fake.setDevice('PJSIP/1003', Device.notInUse);
		await h.next('agent.state', (e) => e.agent === 'PJSIP/1003' && e.state === 'available', from);

		// QueueMemberRemoved from the only queue
		mark();
		fake.removeMember('1999', 'PJSIP/1003');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1003', from)).toMatchObject({
			state: 'logged_out'
		});

		expect(h.events.filter((e) => e.type === 'call.abandoned')).toHaveLength(2);
		expect(h.logs.filter((l) => l.includes('skipped'))).toEqual([]);
	});

	it('gives member events ids from their Timestamp when the PBX sends one', async () => {
		const fake = await fakePbx({ timestampEvents: true });
		const h = await connect(fake);
		await h.next('snapshot');
		const from = h.events.length;
		fake.pause('PJSIP/1001', true, '休息');
		const paused = await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from);
		expect(paused.eventId).toMatch(/^ami:QueueMemberPause:1999:PJSIP\/1001:\d+\.\d{6}:state$/);
	});

	it('parses messages that arrive a few bytes at a time, Chinese names included', async () => {
		const fake = await fakePbx();
		fake.chunkBytes = 3;
		const uid = fake.join('1999');
		const h = await connect(fake);
		const snapshot = await h.next('snapshot');
		expect(snapshot.agents.map((a) => a.name)).toEqual(['陳美玲', '林志明']);
		expect(snapshot.waiting.map((w) => w.callId)).toEqual([uid]);
		const from = h.events.length;
		fake.pause('PJSIP/1001', true, '行政作業');
		expect(await h.next('agent.state', (e) => e.agent === 'PJSIP/1001', from)).toMatchObject({
			reason: '行政作業'
		});
	});

	it('logs and skips malformed, unknown and incomplete events, and keeps going', async () => {
		const fake = await fakePbx();
		const h = await connect(fake);
		await h.next('snapshot');
		const from = h.events.length;

		fake.sendRaw('Event: AgentConnect\r\nthis line is not a header\r\nUniqueid: 1.1\r\n\r\n');
		fake.event('DeviceStateChange', [
			['Device', 'PJSIP/1001'],
			['State', 'INUSE']
		]);
		fake.event('QueueCallerJoin', [['Uniqueid', '2.2']]);
		fake.event('AgentComplete', [
			['Queue', '1999'],
			['Interface', 'PJSIP/1001']
		]);
		const uid = fake.join('1999');

		await h.next('call.joined', (e) => e.callId === uid, from);
		expect(h.events.slice(from).map((e) => e.type)).toEqual(['call.joined']);
		const logs = h.logs.join('\n');
		expect(logs).toContain('skipped a malformed message (line without "Key: Value"');
		expect(logs).toContain('ignoring DeviceStateChange events');
		expect(logs).toContain('ignoring FullyBooted events');
		expect(logs).toContain('skipped QueueCallerJoin: QueueCallerJoin without Queue');
		expect(logs).toContain('skipped AgentComplete: AgentComplete without Uniqueid/Linkedid');
		expect(fake.connections).toBe(1);
		expect(h.source.connected).toBe(true);
	});
});

describe('AMI source: reconnect', () => {
	it('reconnects after a drop, asks QueueStatus again, and its snapshot shows what changed meanwhile', async () => {
		const fake = await fakePbx();
		const before = fake.join('1999');
		const h = await connect(fake);
		await h.next('snapshot');
		const from = h.events.length;

		fake.dropConnections();
		// While the source is away: a caller joins, the waiting one is answered, an agent pauses.
		const during = fake.join('1999');
		fake.answer(before, 'PJSIP/1001');
		fake.pause('PJSIP/1002', false);
		expect(fake.loggedIn).toBe(0);

		const snapshot = await h.next('snapshot', () => true, from);
		expect(fake.connections).toBe(2);
		expect(fake.count('QueueStatus')).toBe(2);
		expect(fake.count('Login')).toBe(2);
		expect(snapshot.waiting.map((w) => w.callId)).toEqual([during]);
		expect(snapshot.agents).toEqual([
			{ agent: 'PJSIP/1001', name: '陳美玲', state: 'on_call' },
			{ agent: 'PJSIP/1002', name: '林志明', state: 'available' }
		]);
		// The newcomer is announced (id-deduplicated), the answered one only left the queue.
		expect(h.events.slice(from).map((e) => e.type)).toEqual(['call.joined', 'snapshot']);
		expect(h.events[from]).toMatchObject({ callId: during });
		expect(h.logs.join('\n')).toMatch(/lost tcp:\/\/citydesk@127\.0\.0\.1:\d+ .*retrying/);
		expect(h.logs.join('\n')).toContain('1 caller(s) left while disconnected, outcome unknown');
		expect(h.changes).toEqual([true, false, true]);

		// And live events flow again on the new connection.
		fake.hangup(before);
		await h.next('call.completed', (e) => e.callId === before, from);
	});

	it('applies events that arrive inside the QueueStatus listing after its snapshot', async () => {
		const fake = await fakePbx();
		const uid = fake.join('1999');
		// The listing still shows the caller waiting; the answer comes in the middle of it.
		fake.duringQueueStatus = () => fake.answer(uid, 'PJSIP/1001');
		const h = await connect(fake);
		const answered = await h.next('call.answered', (e) => e.callId === uid);
		const types = h.events.map((e) => (e.type === 'agent.state' ? `${e.type}:${e.state}` : e.type));
		expect(types).toEqual(['call.joined', 'snapshot', 'call.answered', 'agent.state:on_call']);
		const snapshot = h.events[1];
		expect(snapshot?.type === 'snapshot' && snapshot.waiting.map((w) => w.callId)).toEqual([uid]);
		expect(answered.agent).toBe('PJSIP/1001');
	});

	it('keeps retrying while the PBX is down and resynchronises when it is back', async () => {
		const fake = await fakePbx();
		const port = fake.port;
		const h = await connect(fake);
		await h.next('snapshot');
		await fake.close();
		await waitUntil(() => h.logs.some((l) => l.includes('cannot reach')), 'a failed retry');

		const again = await FakeAmi.start({ port });
		cleanups.push(() => again.close());
		again.addQueue('1999');
		again.addMember('1999', 'PJSIP/1001', '陳美玲');
		const from = h.events.length;
		const snapshot = await h.next('snapshot', () => true, from);
		expect(snapshot.agents).toEqual([{ agent: 'PJSIP/1001', name: '陳美玲', state: 'available' }]);
	});

	it('asks for a fresh snapshot after the consumer failed to store events', async () => {
		const fake = await fakePbx();
		let fail = false;
		const events: TelephonyEvent[] = [];
		const h = await connect(fake, {
			emit: async (batch) => {
				if (fail) {
					fail = false;
					throw new Error('database unavailable');
				}
				events.push(...batch);
			}
		});
		await waitUntil(() => events.some((e) => e.type === 'snapshot'), 'the first snapshot');
		fail = true;
		fake.join('1999');
		await waitUntil(() => fake.count('QueueStatus') === 2, 'a second QueueStatus');
		await waitUntil(() => events.filter((e) => e.type === 'snapshot').length === 2, 'a resync');
		expect(h.logs.join('\n')).toContain('could not store 1 event(s): database unavailable');
		expect(fake.connections).toBe(1);
	});
});

describe('AMI source with the demo scenario', () => {
	it('follows a busy fake call centre: its waiting callers are exactly the PBX ones', async () => {
		const fake = await FakeAmi.start();
		cleanups.push(() => fake.close());
		const scenario = startScenario(fake, {
			speed: 200,
			callsPerHour: 300,
			meanTalkSec: 60,
			meanPatienceSec: 60,
			breakEveryMin: 5,
			shiftChangeEveryMin: 1,
			tickMs: 20,
			seed: 7
		});
		cleanups.push(() => scenario.stop());
		const h = await connect(fake, { leaveGraceMs: 50 });
		const statesSeen = () =>
			new Set(
				h.events.flatMap((e) =>
					e.type === 'agent.state'
						? [e.state]
						: e.type === 'snapshot'
							? e.agents.map((a) => a.state)
							: []
				)
			);
		await waitUntil(
			() =>
				scenario.stats.completed >= 20 &&
				scenario.stats.abandoned >= 3 &&
				scenario.stats.shiftChanges >= 1 &&
				agentStates.every((state) => statesSeen().has(state)),
			'calls of every outcome and agents in every state',
			20_000
		);
		scenario.stop();
		await fake.flushed();
		const expected = [...fake.callers('1999').map((c) => c.uid)].sort();

		// Replay the emitted events the way a consumer would.
		const replayWaiting = () => {
			const waiting = new Set<string>();
			for (const e of h.events) {
				if (e.type === 'snapshot') {
					waiting.clear();
					for (const w of e.waiting) waiting.add(w.callId);
				} else if (e.type === 'call.joined') waiting.add(e.callId);
				else if (e.type === 'call.answered' || e.type === 'call.abandoned') {
					waiting.delete(e.callId);
				}
			}
			return [...waiting].sort();
		};
		await vi.waitFor(() => expect(replayWaiting()).toEqual(expected), { timeout: 10_000 });
		const types = new Set(h.events.map((e) => e.type));
		expect([...types].sort()).toEqual([
			'agent.state',
			'call.abandoned',
			'call.answered',
			'call.completed',
			'call.joined',
			'snapshot'
		]);
		const ids = h.events.flatMap((e) => (e.type.startsWith('call.') ? [e.eventId] : []));
		expect(new Set(ids).size).toBe(ids.length);
		expect(h.logs.filter((l) => l.includes('skipped') || l.includes('dropped'))).toEqual([]);
	}, 40_000);
});
