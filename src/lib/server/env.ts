import { z } from 'zod';

const flag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
	.transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const optionalUrl = (protocols: string[]) =>
	z
		.string()
		.trim()
		.transform((v) => (v === '' ? undefined : v))
		.pipe(z.url({ protocol: new RegExp(`^(${protocols.join('|')})$`) }).optional())
		.optional();

/** The environment CityDesk understands; `.env.example` documents every key. */
const schema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
	DATA_DIR: z.string().default('./data'),
	REDIS_URL: optionalUrl(['redis', 'rediss']),
	ADMIN_PASSWORD: z
		.string()
		.optional()
		.transform((v) => (v === '' ? undefined : v))
		.pipe(z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters').optional()),
	SESSION_TTL_HOURS: z.coerce.number().positive().max(720).default(12),
	LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
	LOGIN_WINDOW_SEC: z.coerce.number().int().positive().default(900),
	OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(24),
	DEMO_ACCOUNTS: flag.optional(),
	/** Nominatim-compatible geocoder, tried after the address cache and the gazetteer. */
	GEOCODER_URL: optionalUrl(['http', 'https']),
	GEOCODER_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
	/** Duplicate suggestions: same category within this radius and age. */
	DUPLICATE_RADIUS_M: z.coerce.number().positive().default(150),
	DUPLICATE_HOURS: z.coerce.number().positive().default(72),
	/** Reporter counts at which a job's priority rises by one (comma-separated). */
	DUPLICATE_PRIORITY_STEPS: z
		.string()
		.default('3,10')
		.transform((v) => v.split(',').map(Number))
		.pipe(z.array(z.number().int().positive())),
	/** Demo traffic (jobs and moving crews): default on for embedded, off with DATABASE_URL. */
	SIMULATE: flag.optional(),
	/** Simulated field jobs a day (the 1999 feed's typhoon-month median is ~480) and a demo speed-up. */
	SIMULATE_JOBS_PER_DAY: z.coerce.number().positive().max(100_000).default(480),
	SIMULATE_SPEED: z.coerce.number().positive().max(1000).default(20),
	/** Optional online basemap style for the dispatch map; the offline basemap is the default. */
	MAP_STYLE_URL: optionalUrl(['http', 'https']),
	/** Field crews' tablets: position throttle (seconds or metres moved, whichever first). */
	CREW_POSITION_INTERVAL_SEC: z.coerce.number().int().positive().max(3600).default(15),
	CREW_POSITION_MIN_METERS: z.coerce.number().positive().max(10_000).default(50),
	/** Largest photo a crew may upload, in bytes (after the tablet has scaled it down). */
	PHOTO_MAX_BYTES: z.coerce
		.number()
		.int()
		.positive()
		.default(8 * 1024 * 1024),
	/** How long idempotency keys (crew outbox replays) are remembered; at least 24 h. */
	IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().min(24).default(48),
	/** Call-queue statistics: service-level threshold and target, short abandons, wait alarm. */
	SERVICE_LEVEL_SEC: z.coerce.number().int().positive().max(600).default(20),
	SERVICE_LEVEL_TARGET_PCT: z.coerce.number().positive().max(100).default(80),
	SHORT_ABANDON_SEC: z.coerce.number().min(0).max(120).default(5),
	LONGEST_WAIT_ALARM_SEC: z.coerce.number().int().positive().default(60),
	/** Asterisk Manager Interface, e.g. tcp://user:secret@pbx:5038; drives the queue when set. */
	AMI_URL: optionalUrl(['tcp']),
	/** Wrap-up after an AMI call when the PBX does not report the member's own wrap-up time. */
	AMI_WRAPUP_SEC: z.coerce.number().min(0).max(3600).default(0),
	/** Shared secret for HMAC-SHA256 signatures on POST /api/telephony/events; unset = refused. */
	TELEPHONY_WEBHOOK_SECRET: z
		.string()
		.optional()
		.transform((v) => (v === '' ? undefined : v))
		.pipe(z.string().min(16, 'TELEPHONY_WEBHOOK_SECRET needs 16+ characters').optional()),
	/** Simulated calls and agents; default on when SIMULATE is on and no AMI_URL is set. */
	SIMULATE_CALLS: flag.optional(),
	/** The simulated call centre: calls on an average day, mean talk, wrap-up and caller patience. */
	SIMULATE_CALLS_PER_DAY: z.coerce.number().positive().max(1_000_000).default(2500),
	SIMULATE_CALLS_TALK_SEC: z.coerce.number().positive().max(3600).default(180),
	SIMULATE_CALLS_WRAP_SEC: z.coerce.number().positive().max(3600).default(30),
	SIMULATE_CALLS_PATIENCE_SEC: z.coerce.number().positive().max(3600).default(120),
	/** Headcount multiplier for the simulated shifts (below 1 misses the target more often). */
	SIMULATE_CALLS_STAFFING: z.coerce.number().positive().max(10).default(1),
	/** Seed of the call simulator's random source, for a repeatable demo; random when unset. */
	SIMULATE_CALLS_SEED: z.coerce.number().int().min(0).max(4_294_967_295).optional()
});

export type Env = z.infer<typeof schema>;

/** Parses the environment once and fails fast, naming every bad key. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
	const parsed = schema.safeParse(source);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid CityDesk configuration:\n${lines.join('\n')}`);
	}
	return parsed.data;
}
