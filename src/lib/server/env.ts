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
	MAP_STYLE_URL: optionalUrl(['http', 'https'])
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
