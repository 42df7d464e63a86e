/*
 * The Asterisk Manager Interface wire format, without I/O: a banner line on connect
 * ("Asterisk Call Manager/5.0.1"), then messages of `Key: Value` lines ended by a blank line,
 * CRLF throughout. Used by the AMI source (workers/telephony/ami.ts) and the fake server in the
 * tests. https://docs.asterisk.org/Configuration/Interfaces/Asterisk-Manager-Interface-AMI/
 */

/** One AMI message (response, event or action); header names are case-insensitive. */
export class AmiMessage {
	readonly fields: ReadonlyArray<readonly [string, string]>;
	readonly #byName = new Map<string, string>();

	constructor(fields: ReadonlyArray<readonly [string, string]>) {
		this.fields = fields;
		// Asterisk looks headers up by first match (astman_get_header); do the same.
		for (const [key, value] of fields) {
			const name = key.toLowerCase();
			if (!this.#byName.has(name)) this.#byName.set(name, value);
		}
	}

	/** The first value of a header, or undefined when absent. */
	get(name: string): string | undefined {
		return this.#byName.get(name.toLowerCase());
	}

	/** `Event:` header, for events. */
	get event(): string | undefined {
		return this.get('Event');
	}

	/** `Response:` header, for replies to actions. */
	get response(): string | undefined {
		return this.get('Response');
	}

	get actionId(): string | undefined {
		return this.get('ActionID');
	}
}

export type AmiFrame =
	| { type: 'banner'; text: string }
	| { type: 'message'; message: AmiMessage }
	| { type: 'malformed'; reason: string; raw: string };

export interface AmiParser {
	/** Feeds bytes (or text) as they arrive; returns every frame completed by them, in order. */
	push(chunk: Uint8Array | string): AmiFrame[];
	/** Bytes held for an unfinished message (for tests and diagnostics). */
	readonly buffered: number;
}

export interface AmiParserOptions {
	/** The first line of the stream is the banner (true for a client). */
	expectBanner?: boolean;
	/** A message larger than this (characters) is reported malformed and skipped. */
	maxMessageChars?: number;
}

/**
 * A streaming parser: any split of the byte stream (mid-line, between CR and LF, inside a
 * multi-byte character) yields the same frames. A line without a colon makes its whole message
 * malformed; the stream goes on with the next one.
 */
export function createAmiParser(options: AmiParserOptions = {}): AmiParser {
	const maxChars = options.maxMessageChars ?? 256 * 1024;
	const decoder = new TextDecoder('utf-8');
	let expectBanner = options.expectBanner ?? false;
	let pending = '';
	let lines: string[] = [];
	let messageChars = 0;
	// Set after an oversized message: drop lines until the blank line that ends it.
	let skipping = false;

	function finish(frames: AmiFrame[]): void {
		if (lines.length === 0) return;
		const raw = lines.join('\r\n');
		const fields: Array<[string, string]> = [];
		let bad: string | undefined;
		for (const line of lines) {
			const colon = line.indexOf(':');
			if (colon <= 0) {
				bad = `line without "Key: Value": ${JSON.stringify(line.slice(0, 80))}`;
				break;
			}
			fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
		}
		lines = [];
		messageChars = 0;
		frames.push(
			bad
				? { type: 'malformed', reason: bad, raw }
				: { type: 'message', message: new AmiMessage(fields) }
		);
	}

	function tooLarge(frames: AmiFrame[]): void {
		frames.push({
			type: 'malformed',
			reason: `message larger than ${maxChars} characters`,
			raw: lines.slice(0, 5).join('\r\n')
		});
		lines = [];
		messageChars = 0;
		skipping = true;
	}

	return {
		push(chunk) {
			const frames: AmiFrame[] = [];
			pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
			let start = 0;
			for (;;) {
				const end = pending.indexOf('\n', start);
				if (end < 0) break;
				// A CR before the LF belongs to the terminator; a lone LF is tolerated too.
				const line = pending.slice(start, end > start && pending[end - 1] === '\r' ? end - 1 : end);
				start = end + 1;
				if (expectBanner) {
					expectBanner = false;
					frames.push({ type: 'banner', text: line.trim() });
					continue;
				}
				if (line.trim() === '') {
					if (skipping) skipping = false;
					else finish(frames);
					continue;
				}
				if (skipping) continue;
				lines.push(line);
				messageChars += line.length + 2;
				if (messageChars > maxChars) tooLarge(frames);
			}
			pending = pending.slice(start);
			// A line that never ends must not grow without bound either.
			if (!skipping && messageChars + pending.length > maxChars) {
				pending = '';
				tooLarge(frames);
			} else if (skipping && pending.length > maxChars) {
				pending = '';
			}
			return frames;
		},
		get buffered() {
			return pending.length + messageChars;
		}
	};
}

/**
 * Serialises an action (or, on the fake server, a response or event) as CRLF lines ended by a
 * blank line. CR or LF inside a name or value would inject headers, so it is refused.
 */
export function formatMessage(
	fields: Record<string, string | number> | ReadonlyArray<readonly [string, string | number]>
): string {
	const entries = Array.isArray(fields)
		? (fields as ReadonlyArray<readonly [string, string | number]>)
		: Object.entries(fields);
	let out = '';
	for (const [key, value] of entries) {
		const text = String(value);
		if (/[\r\n]/.test(key) || /[\r\n]/.test(text) || !/^[A-Za-z0-9_-]+$/.test(key)) {
			throw new Error(`AMI header ${JSON.stringify(key)} has a line break or bad name`);
		}
		out += `${key}: ${text}\r\n`;
	}
	return `${out}\r\n`;
}

export interface AmiEndpoint {
	host: string;
	port: number;
	username: string;
	secret: string;
}

/** `tcp://user:secret@host:5038` (percent-encoded user and secret; port 5038 by default). */
export function parseAmiUrl(url: string): AmiEndpoint {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error('AMI_URL: not a URL; expected tcp://user:secret@host:5038');
	}
	if (parsed.protocol !== 'tcp:') throw new Error('AMI_URL: the scheme must be tcp://');
	const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
	if (!host) throw new Error('AMI_URL: host is missing');
	const username = decodeURIComponent(parsed.username);
	const secret = decodeURIComponent(parsed.password);
	if (!username || !secret) throw new Error('AMI_URL: needs user:secret@ before the host');
	const port = parsed.port === '' ? 5038 : Number(parsed.port);
	return { host, port, username, secret };
}

/** The URL without its secret, for logs. */
export function describeEndpoint(endpoint: AmiEndpoint): string {
	const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
	return `tcp://${encodeURIComponent(endpoint.username)}@${host}:${endpoint.port}`;
}
