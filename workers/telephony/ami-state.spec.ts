import { describe, expect, it } from 'vitest';
import { telephonyEventSchema, type TelephonyEvent } from '../../src/lib/contracts/telephony.ts';
import { AmiMessage } from './ami-protocol.ts';
import { AmiEventError, AmiState, amiEventId } from './ami-state.ts';

const T0 = Date.parse('2026-11-30T01:00:00Z');
const sec = (n: number) => T0 + n * 1000;

function msg(fields: Record<string, string | number>): AmiMessage {
	return new AmiMessage(Object.entries(fields).map(([k, v]) => [k, String(v)] as const));
}

const member = (event: string, iface: string, more: Record<string, string | number> = {}) =>
	msg({
		Event: event,
		Queue: '1999',
		MemberName: iface === 'PJSIP/1001' ? '陳美玲' : iface,
		Interface: iface,
		Status: 1,
		Paused: 0,
		PausedReason: '',
		...more
	});

const call = (event: string, uid: string, more: Record<string, string | number> = {}) =>
	msg({ Event: event, Uniqueid: uid, Linkedid: uid, Queue: '1999', ...more });

/** Feeds events in order, each at its own second; returns everything emitted. */
function feed(state: AmiState, ...steps: Array<[number, AmiMessage]>): TelephonyEvent[] {
	return steps.flatMap(([at, m]) => state.handleEvent(m, sec(at)) ?? []);
}

function valid(events: TelephonyEvent[]): TelephonyEvent[] {
	for (const event of events) expect(telephonyEventSchema.parse(event)).toEqual(event);
	return events;
}

describe('AmiState: calls', () => {
	it('maps join, leave then connect, and completion, with the agent states between', () => {
		const state = new AmiState({ wrapUpSec: 0 });
		feed(state, [0, member('QueueMemberAdded', 'PJSIP/1001')]);
		const events = valid(
			feed(
				state,
				[1, call('QueueCallerJoin', '1700.1')],
				[2, call('AgentCalled', '1700.1', { Interface: 'PJSIP/1001' })],
				[4, call('QueueCallerLeave', '1700.1')],
				[5, call('AgentConnect', '1700.1', { Interface: 'PJSIP/1001', HoldTime: 4 })],
				[65, call('AgentComplete', '1700.1', { Interface: 'PJSIP/1001', TalkTime: 60 })]
			)
		);
		expect(events.map((e) => [e.type, 'state' in e ? e.state : undefined])).toEqual([
			['call.joined', undefined],
			['agent.state', 'ringing'],
			['call.answered', undefined],
			['agent.state', 'on_call'],
			['call.completed', undefined],
			['agent.state', 'available']
		]);
		expect(events[0]).toMatchObject({
			callId: '1700.1',
			queue: '1999',
			at: new Date(sec(1)).toISOString()
		});
		expect(events[2]).toMatchObject({ callId: '1700.1', agent: 'PJSIP/1001' });
		expect(events[4]).toMatchObject({ wrapUpSec: 0, agent: 'PJSIP/1001' });
		expect(events[1]).toMatchObject({ name: '陳美玲' });
		expect(state.nextDeadline()).toBeGreaterThan(sec(65));
	});

	it('counts a caller who left and was never connected as abandoned after the grace', () => {
		const state = new AmiState({ leaveGraceMs: 10_000 });
		feed(state, [0, call('QueueCallerJoin', 'k.1')], [30, call('QueueCallerLeave', 'k.1')]);
		expect(state.nextDeadline()).toBe(sec(40));
		expect(state.tick(sec(39))).toEqual([]);
		const [abandoned] = valid(state.tick(sec(40)));
		expect(abandoned).toEqual({
			type: 'call.abandoned',
			eventId: 'ami:abandon:k.1',
			at: new Date(sec(30)).toISOString(),
			callId: 'k.1'
		});
		expect(state.waiting).toEqual([]);
	});

	it('abandons once even when Asterisk reports it twice, and clears the agents ringing', () => {
		const state = new AmiState();
		const events = feed(
			state,
			[0, call('QueueCallerJoin', 'a.1')],
			[1, call('AgentCalled', 'a.1', { Interface: 'SIP/1' })],
			[2, call('AgentCalled', 'a.1', { Interface: 'SIP/2' })],
			[3, call('QueueCallerAbandon', 'a.1', { HoldTime: 3 })],
			[3, call('QueueCallerAbandon', 'a.1', { HoldTime: 3 })],
			[3, call('QueueCallerLeave', 'a.1')]
		);
		expect(events.filter((e) => e.type === 'call.abandoned')).toHaveLength(1);
		expect(state.agentState('SIP/1')).toEqual({ state: 'available' });
		expect(state.agentState('SIP/2')).toEqual({ state: 'available' });
		expect(state.tick(sec(100))).toEqual([]);
	});

	it('with ringall, stops the other agents ringing when one answers', () => {
		const state = new AmiState();
		feed(
			state,
			[0, call('QueueCallerJoin', 'r.1')],
			[1, call('AgentCalled', 'r.1', { Interface: 'SIP/1' })],
			[1, call('AgentCalled', 'r.1', { Interface: 'SIP/2' })],
			[2, call('QueueCallerLeave', 'r.1')]
		);
		const events = feed(state, [3, call('AgentConnect', 'r.1', { Interface: 'SIP/2' })]);
		expect(events.map((e) => ('agent' in e ? `${e.type}:${e.agent}` : e.type))).toEqual([
			'call.answered:SIP/2',
			'agent.state:SIP/2',
			'agent.state:SIP/1'
		]);
		expect(state.agentState('SIP/1')).toEqual({ state: 'available' });
		expect(state.tick(sec(100))).toEqual([]);
	});

	it('follows a caller whose Uniqueid changed (Local channel optimised) by its Linkedid', () => {
		const state = new AmiState();
		feed(state, [
			0,
			msg({ Event: 'QueueCallerJoin', Queue: 'q', Uniqueid: 'L.2', Linkedid: 'S.1' })
		]);
		const events = feed(state, [
			5,
			msg({
				Event: 'AgentConnect',
				Queue: 'q',
				Uniqueid: 'S.1',
				Linkedid: 'S.1',
				Interface: 'SIP/1'
			})
		]);
		expect(events[0]).toMatchObject({ type: 'call.answered', callId: 'L.2' });
	});

	it('rebuilds the history of a call it first sees at its end from HoldTime and TalkTime', () => {
		const state = new AmiState();
		const events = valid(
			feed(state, [
				100,
				call('AgentComplete', 'old.1', { Interface: 'SIP/1', HoldTime: 10, TalkTime: 50 })
			])
		);
		expect(events.slice(0, 3).map((e) => [e.type, e.at, e.eventId])).toEqual([
			['call.joined', new Date(sec(40)).toISOString(), 'ami:join:old.1:1999'],
			['call.answered', new Date(sec(50)).toISOString(), 'ami:answer:old.1:SIP/1'],
			['call.completed', new Date(sec(100)).toISOString(), 'ami:complete:old.1:SIP/1']
		]);
	});

	it('gives every app node the same ids for the same AMI events', () => {
		const script: Array<[number, AmiMessage]> = [
			[0, call('QueueCallerJoin', 'n.1')],
			[1, call('AgentCalled', 'n.1', { Interface: 'SIP/1' })],
			[2, call('AgentRingNoAnswer', 'n.1', { Interface: 'SIP/1' })],
			[3, call('AgentCalled', 'n.1', { Interface: 'SIP/1' })],
			[4, call('QueueCallerLeave', 'n.1')],
			[4, call('AgentConnect', 'n.1', { Interface: 'SIP/1' })],
			[9, call('AgentComplete', 'n.1', { Interface: 'SIP/1' })]
		];
		const a = feed(new AmiState(), ...script).map((e) => e.eventId);
		const b = feed(new AmiState(), ...script).map((e) => e.eventId);
		expect(a).toEqual(b);
		expect(a.every((id) => typeof id === 'string')).toBe(true);
		// Two rings of one agent for one call are two facts, not a duplicate.
		expect(new Set(a).size).toBe(a.length);
	});

	it('hashes an id that would exceed the contract length', () => {
		const id = amiEventId('join', 'x'.repeat(200), 'q');
		expect(id.length).toBeLessThanOrEqual(128);
		expect(id).toBe(amiEventId('join', 'x'.repeat(200), 'q'));
	});

	it('ignores events it does not consume and rejects consumed ones missing a field', () => {
		const state = new AmiState();
		expect(state.handleEvent(msg({ Event: 'Newchannel', Uniqueid: '1' }), T0)).toBeNull();
		expect(() => state.handleEvent(msg({ Event: 'QueueCallerJoin', Uniqueid: '1' }), T0)).toThrow(
			AmiEventError
		);
		expect(() => state.handleEvent(call('AgentConnect', '1'), T0)).toThrow(/Interface/);
	});
});

describe('AmiState: agents', () => {
	it('maps device states, and reports only changes across queues', () => {
		const state = new AmiState();
		const states = (status: number) =>
			feed(
				state,
				[0, member('QueueMemberStatus', 'SIP/7', { Queue: 'a', Status: status })],
				[0, member('QueueMemberStatus', 'SIP/7', { Queue: 'b', Status: status })]
			).map((e) => (e.type === 'agent.state' ? e.state : e.type));
		expect(states(1)).toEqual(['available']);
		expect(states(0)).toEqual([]);
		expect(states(6)).toEqual(['ringing']);
		expect(states(2)).toEqual(['on_call']);
		expect(states(3)).toEqual([]);
		expect(states(8)).toEqual([]);
		expect(states(7)).toEqual([]);
		expect(states(5)).toEqual(['logged_out']);
		expect(states(4)).toEqual([]);
		expect(states(1)).toEqual(['available']);
	});

	it('is not ready only when paused in every queue, with the latest reason', () => {
		const state = new AmiState();
		feed(
			state,
			[0, member('QueueMemberAdded', 'SIP/1', { Queue: 'a' })],
			[0, member('QueueMemberAdded', 'SIP/1', { Queue: 'b' })]
		);
		expect(
			feed(state, [
				1,
				member('QueueMemberPause', 'SIP/1', { Queue: 'a', Paused: 1, PausedReason: '午休' })
			])
		).toEqual([]);
		const [paused] = feed(state, [
			2,
			member('QueueMemberPause', 'SIP/1', {
				Queue: 'b',
				Paused: 1,
				PausedReason: '',
				Reason: '教育訓練'
			})
		]);
		expect(paused).toMatchObject({ state: 'not_ready', reason: '教育訓練' });
		const [back] = feed(state, [3, member('QueueMemberPause', 'SIP/1', { Queue: 'a', Paused: 0 })]);
		expect(back).toMatchObject({ state: 'available' });
		expect(back).not.toHaveProperty('reason');
	});

	it('logs out a member removed from its last queue', () => {
		const state = new AmiState();
		feed(
			state,
			[0, member('QueueMemberAdded', 'SIP/1', { Queue: 'a' })],
			[0, member('QueueMemberAdded', 'SIP/1', { Queue: 'b' })]
		);
		expect(feed(state, [1, member('QueueMemberRemoved', 'SIP/1', { Queue: 'a' })])).toEqual([]);
		const [out] = feed(state, [2, member('QueueMemberRemoved', 'SIP/1', { Queue: 'b' })]);
		expect(out).toMatchObject({ type: 'agent.state', state: 'logged_out' });
	});

	it('wraps up for the member, queue or default time, then reports available', () => {
		const state = new AmiState({ wrapUpSec: 5, wrapUpSecByQueue: { q2: 30 } });
		feed(state, [0, member('QueueMemberAdded', 'SIP/1', { Queue: 'q1', Wrapuptime: 20 })]);
		const done = (q: string, uid: string, at: number) =>
			feed(state, [
				at,
				msg({ Event: 'AgentComplete', Queue: q, Uniqueid: uid, Interface: 'SIP/1' })
			]);
		expect(done('q1', 'w.1', 10).find((e) => e.type === 'call.completed')).toMatchObject({
			wrapUpSec: 20
		});
		expect(state.agentState('SIP/1')).toEqual({ state: 'wrap_up' });
		expect(state.tick(sec(29))).toEqual([]);
		const [available] = state.tick(sec(30));
		expect(available).toMatchObject({
			type: 'agent.state',
			state: 'available',
			eventId: 'ami:wrapped:w.1:SIP/1:state',
			at: new Date(sec(30)).toISOString()
		});
		expect(done('q2', 'w.2', 40).find((e) => e.type === 'call.completed')).toMatchObject({
			wrapUpSec: 30
		});
		expect(done('q3', 'w.3', 80).find((e) => e.type === 'call.completed')).toMatchObject({
			wrapUpSec: 5
		});
	});

	it('shows not ready, not available, after a call taken while paused', () => {
		const state = new AmiState();
		feed(
			state,
			[0, member('QueueMemberAdded', 'SIP/1')],
			[1, call('AgentConnect', 'p.1', { Interface: 'SIP/1' })],
			[2, member('QueueMemberPause', 'SIP/1', { Paused: 1, PausedReason: 'Break', Status: 2 })]
		);
		expect(state.agentState('SIP/1')).toEqual({ state: 'on_call' });
		const events = feed(
			state,
			[9, call('AgentComplete', 'p.1', { Interface: 'SIP/1' })],
			[9, member('QueueMemberStatus', 'SIP/1', { Paused: 1, PausedReason: 'Break', Status: 1 })]
		);
		expect(events.filter((e) => e.type === 'agent.state')).toMatchObject([
			{ state: 'not_ready', reason: 'Break' }
		]);
	});
});

describe('AmiState: QueueStatus rebuild', () => {
	it('replaces the model, announces callers it never saw join, and counts those gone', () => {
		const state = new AmiState({ wrapUpSec: 0 });
		feed(
			state,
			[0, member('QueueMemberAdded', 'SIP/1')],
			[0, call('QueueCallerJoin', 'gone.1')],
			[0, call('QueueCallerJoin', 'still.1')]
		);
		state.beginSnapshot();
		expect(state.rebuilding).toBe(true);
		state.addStatusItem(msg({ Event: 'QueueParams', Queue: '1999', Calls: 2 }));
		state.addStatusItem(
			msg({
				Event: 'QueueMember',
				Queue: '1999',
				Name: '陳美玲',
				Location: 'SIP/1',
				Status: 1,
				Paused: 0,
				InCall: 0,
				LastCall: Math.floor(sec(95) / 1000),
				Wrapuptime: 15
			})
		);
		state.addStatusItem(
			msg({
				Event: 'QueueMember',
				Queue: '1999',
				Name: 'SIP/2',
				Location: 'SIP/2',
				Status: 1,
				Paused: 1,
				PausedReason: 'Lunch'
			})
		);
		state.addStatusItem(
			msg({ Event: 'QueueEntry', Queue: '1999', Uniqueid: 'still.1', Wait: 100 })
		);
		state.addStatusItem(msg({ Event: 'QueueEntry', Queue: '1999', Uniqueid: 'new.1', Wait: 7 }));
		expect(() => state.addStatusItem(msg({ Event: 'QueueEntry', Wait: 1 }))).toThrow(AmiEventError);
		const { events, vanished } = state.finishSnapshot(sec(100));
		valid(events);
		expect(vanished).toBe(1);
		expect(events.map((e) => e.type)).toEqual(['call.joined', 'snapshot']);
		expect(events[0]).toMatchObject({ callId: 'new.1', at: new Date(sec(93)).toISOString() });
		expect(events[1]).toEqual({
			type: 'snapshot',
			at: new Date(sec(100)).toISOString(),
			waiting: [
				{ callId: 'still.1', queue: '1999', waitingSinceSec: 100 },
				{ callId: 'new.1', queue: '1999', waitingSinceSec: 7 }
			],
			agents: [
				{ agent: 'SIP/1', name: '陳美玲', state: 'wrap_up' },
				{ agent: 'SIP/2', state: 'not_ready', reason: 'Lunch' }
			]
		});
		expect(state.rebuilding).toBe(false);
		expect(state.waiting).toEqual(['still.1', 'new.1']);
		// LastCall 95 + Wrapuptime 15: available at 110.
		expect(state.nextDeadline()).toBe(sec(110));
		expect(state.tick(sec(110))).toMatchObject([{ agent: 'SIP/1', state: 'available' }]);
	});
});
