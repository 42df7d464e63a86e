import { describe, expect, it } from 'vitest';
import {
	createAmiParser,
	describeEndpoint,
	formatMessage,
	parseAmiUrl,
	type AmiFrame
} from './ami-protocol.ts';

const stream =
	'Asterisk Call Manager/5.0.1\r\n' +
	'Response: Success\r\nActionID: citydesk-1\r\nMessage: Authentication accepted\r\n\r\n' +
	'Event: QueueMemberStatus\r\nQueue: 1999\r\nMemberName: 陳美玲\r\nInterface: PJSIP/1001\r\n' +
	'Paused: 1\r\nPausedReason: 午休\r\n\r\n';

/** Frames as plain data, so that two parses can be compared. */
function plain(frames: AmiFrame[]) {
	return frames.map((f) => (f.type === 'message' ? { type: f.type, fields: f.message.fields } : f));
}

describe('createAmiParser', () => {
	it('reads the banner, then messages ended by a blank line', () => {
		const frames = createAmiParser({ expectBanner: true }).push(stream);
		expect(frames.map((f) => f.type)).toEqual(['banner', 'message', 'message']);
		expect(frames[0]).toEqual({ type: 'banner', text: 'Asterisk Call Manager/5.0.1' });
		const event = frames[2]!.type === 'message' ? frames[2]!.message : undefined;
		expect(event?.event).toBe('QueueMemberStatus');
		expect(event?.get('membername')).toBe('陳美玲');
		expect(event?.get('PAUSEDREASON')).toBe('午休');
	});

	it('gives the same frames however the bytes are split, even inside a character', () => {
		const bytes = new TextEncoder().encode(stream);
		const whole = plain(createAmiParser({ expectBanner: true }).push(bytes));
		for (let cut = 1; cut < bytes.length; cut++) {
			const parser = createAmiParser({ expectBanner: true });
			const frames = [...parser.push(bytes.slice(0, cut)), ...parser.push(bytes.slice(cut))];
			expect(plain(frames), `split at byte ${cut}`).toEqual(whole);
		}
		const parser = createAmiParser({ expectBanner: true });
		const oneByOne = [...bytes].flatMap((b) => parser.push(Uint8Array.of(b)));
		expect(plain(oneByOne)).toEqual(whole);
		expect(parser.buffered).toBe(0);
	});

	it('holds a half-received message until its blank line arrives', () => {
		const parser = createAmiParser();
		expect(parser.push('Event: QueueCallerJoin\r\nQueue: 19')).toEqual([]);
		expect(parser.buffered).toBeGreaterThan(0);
		expect(parser.push('99\r\nUniqueid: 1700000000.1\r\n')).toEqual([]);
		const frames = parser.push('\r\n');
		expect(frames).toHaveLength(1);
		expect(frames[0]!.type === 'message' && frames[0]!.message.get('Queue')).toBe('1999');
	});

	it('tolerates bare LF and extra blank lines, keeps empty values, and finds the first header', () => {
		const frames = createAmiParser().push(
			'\r\n\nEvent: QueueMemberPause\nPausedReason:\nQueue: a\nQueue: b\n\n\r\n'
		);
		expect(frames).toHaveLength(1);
		const message = frames[0]!.type === 'message' ? frames[0]!.message : undefined;
		expect(message?.get('PausedReason')).toBe('');
		expect(message?.get('Queue')).toBe('a');
		expect(message?.get('Missing')).toBeUndefined();
		expect(message?.fields).toHaveLength(4);
	});

	it('reports a message with a line that is not "Key: Value" and goes on with the next', () => {
		const frames = createAmiParser().push(
			'Event: Broken\r\nthis line has no colon\r\n\r\nEvent: FullyBooted\r\n\r\n'
		);
		expect(frames.map((f) => f.type)).toEqual(['malformed', 'message']);
		expect(frames[0]!.type === 'malformed' && frames[0]!.reason).toContain('no colon');
		expect(frames[1]!.type === 'message' && frames[1]!.message.event).toBe('FullyBooted');
	});

	it('skips an oversized message, however it arrives, and parses what follows', () => {
		const parser = createAmiParser({ maxMessageChars: 100 });
		const big = `Event: Huge\r\n${'Variable: x\r\n'.repeat(20)}\r\n`;
		const frames = [...parser.push(big.slice(0, 70)), ...parser.push(big.slice(70))];
		frames.push(...parser.push('Event: After\r\n\r\n'));
		expect(frames.map((f) => f.type)).toEqual(['malformed', 'message']);
		expect(frames[1]!.type === 'message' && frames[1]!.message.event).toBe('After');

		const endless = createAmiParser({ maxMessageChars: 100 });
		const runaway = endless.push('Event: NoNewline' + 'x'.repeat(200));
		expect(runaway.map((f) => f.type)).toEqual(['malformed']);
		expect(endless.buffered).toBe(0);
	});
});

describe('formatMessage', () => {
	it('writes CRLF lines and a blank line', () => {
		expect(formatMessage({ Action: 'Login', Username: 'citydesk', Secret: 's' })).toBe(
			'Action: Login\r\nUsername: citydesk\r\nSecret: s\r\n\r\n'
		);
		expect(
			formatMessage([
				['Event', 'X'],
				['Count', 3]
			])
		).toBe('Event: X\r\nCount: 3\r\n\r\n');
	});

	it('refuses line breaks that would inject headers', () => {
		expect(() => formatMessage({ Secret: 'x\r\nAction: Logoff' })).toThrow(/line break/);
		expect(() => formatMessage({ 'Bad Name': 'x' })).toThrow(/bad name/);
	});
});

describe('parseAmiUrl', () => {
	it('reads user, secret, host and port, decoding percent escapes', () => {
		expect(parseAmiUrl('tcp://citydesk:s%40cret@pbx.example.org:5039')).toEqual({
			host: 'pbx.example.org',
			port: 5039,
			username: 'citydesk',
			secret: 's@cret'
		});
		expect(parseAmiUrl('tcp://u:p@127.0.0.1').port).toBe(5038);
		expect(parseAmiUrl('tcp://u:p@[::1]:5038').host).toBe('::1');
	});

	it('names what is wrong', () => {
		expect(() => parseAmiUrl('http://u:p@h:5038')).toThrow(/scheme/);
		expect(() => parseAmiUrl('tcp://pbx:5038')).toThrow(/user:secret/);
		expect(() => parseAmiUrl('not a url')).toThrow(/not a URL/);
	});

	it('describes the endpoint without the secret', () => {
		const text = describeEndpoint(parseAmiUrl('tcp://citydesk:topsecret@pbx:5038'));
		expect(text).toBe('tcp://citydesk@pbx:5038');
		expect(text).not.toContain('topsecret');
	});
});
