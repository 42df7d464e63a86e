import {
	pgTable,
	text,
	integer,
	bigint,
	boolean,
	timestamp,
	jsonb,
	real,
	index,
	primaryKey,
	uniqueIndex,
	customType,
	check
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { jobStatuses } from '../../domain/workflow.ts';

/*
 * Geometry columns are written and read through PostGIS functions in SQL (ST_GeomFromGeoJSON,
 * ST_AsGeoJSON, ST_X ...), so Drizzle only needs their SQL type. drizzle-kit quotes these type
 * names in generated SQL; the committed migration has them unquoted (see ../shared/STACK.md).
 */
const geometry = (type: string) =>
	customType<{ data: string; driverData: string }>({ dataType: () => type });
const multiPolygon = geometry('geometry(MultiPolygon,4326)');
const pointGeography = geometry('geography(Point,4326)');
/** Binary data (photos); read and written as Node Buffers by both drivers. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const formerAreas = ['city', 'county'] as const;

/** The 38 districts of the merged city (MOI boundaries). */
export const districts = pgTable(
	'districts',
	{
		code: text('code').primaryKey(), // TOWNCODE, e.g. 64000100
		townId: text('town_id').notNull().unique(), // E01..E38
		nameZh: text('name_zh').notNull(),
		nameEn: text('name_en').notNull(),
		formerArea: text('former_area', { enum: formerAreas }).notNull(),
		geom: multiPolygon('geom').notNull()
	},
	(t) => [index('districts_geom_gist').using('gist', t.geom)]
);

/** The 886 villages (里), each inside one district. */
export const villages = pgTable(
	'villages',
	{
		code: text('code').primaryKey(), // VILLCODE
		districtCode: text('district_code')
			.notNull()
			.references(() => districts.code),
		nameZh: text('name_zh').notNull(),
		nameEn: text('name_en'),
		geom: multiPolygon('geom').notNull()
	},
	(t) => [
		index('villages_geom_gist').using('gist', t.geom),
		index('villages_district_idx').on(t.districtCode)
	]
);

/** Bureaus, district offices and utilities that own categories and crews. */
export const agencies = pgTable('agencies', {
	code: text('code').primaryKey(),
	nameZh: text('name_zh').notNull(),
	nameEn: text('name_en').notNull(),
	kind: text('kind', { enum: ['bureau', 'district_office', 'utility'] }).notNull(),
	districtCode: text('district_code').references(() => districts.code),
	// ETA = straight-line distance × detour factor ÷ speed; tuned per agency by an admin.
	etaSpeedKmh: real('eta_speed_kmh').notNull().default(30),
	etaDetourFactor: real('eta_detour_factor').notNull().default(1.4),
	createdAt: createdAt()
});

/** The category catalog; an admin may edit it, seeding never overwrites an edit. */
export const categories = pgTable(
	'categories',
	{
		code: text('code').primaryKey(),
		nameZh: text('name_zh').notNull(),
		nameEn: text('name_en').notNull(),
		synonyms: text('synonyms')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		defaultPriority: integer('default_priority').notNull(),
		deadlineHours: real('deadline_hours').notNull(),
		calendar: text('calendar', { enum: ['24x7', 'office'] }).notNull(),
		emergency: boolean('emergency').notNull().default(false),
		requiredSkill: text('required_skill'),
		routing: text('routing', { enum: ['former_area', 'district_office'] }).notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		check('categories_priority_range', sql`${t.defaultPriority} between 1 and 4`),
		check('categories_deadline_positive', sql`${t.deadlineHours} > 0`)
	]
);

/** A category's sub-queues: the city's (一) former-city / (二) former-county split. */
export const categoryQueues = pgTable(
	'category_queues',
	{
		categoryCode: text('category_code')
			.notNull()
			.references(() => categories.code, { onDelete: 'cascade' }),
		formerArea: text('former_area', { enum: ['city', 'county', 'all'] }).notNull(),
		agencyCode: text('agency_code')
			.notNull()
			.references(() => agencies.code),
		nameZh: text('name_zh').notNull()
	},
	(t) => [primaryKey({ columns: [t.categoryCode, t.formerArea] })]
);

import { crewStatuses } from '../../contracts/crews.ts';
export { crewStatuses };

/** Field crews with their live position. */
export const crews = pgTable(
	'crews',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		name: text('name').notNull(),
		agencyCode: text('agency_code')
			.notNull()
			.references(() => agencies.code),
		skills: text('skills')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		status: text('status', { enum: crewStatuses }).notNull().default('off_duty'),
		location: pointGeography('location'),
		heading: real('heading'),
		positionAt: timestamp('position_at', { withTimezone: true }),
		version: integer('version').notNull().default(1),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('crews_location_gist').using('gist', t.location),
		index('crews_agency_status_idx').on(t.agencyCode, t.status)
	]
);

import { roles } from '../../contracts/auth.ts';
export { roles };

/** People who sign in; a crew account is bound to exactly one crew. */
export const users = pgTable(
	'users',
	{
		id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
		username: text('username').notNull(),
		passwordHash: text('password_hash').notNull(),
		role: text('role', { enum: roles }).notNull(),
		crewId: integer('crew_id').references(() => crews.id),
		disabled: boolean('disabled').notNull().default(false),
		createdAt: createdAt()
	},
	(t) => [
		uniqueIndex('users_username_lower_idx').on(sql`lower(${t.username})`),
		check('users_crew_binding', sql`(${t.role} = 'crew') = (${t.crewId} is not null)`)
	]
);

/** Sessions; only a hash of the token is stored, the token itself lives in the cookie. */
export const sessions = pgTable(
	'sessions',
	{
		tokenHash: text('token_hash').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export { jobStatuses };

/** Field jobs (派工案件) under deadline control. */
export const jobs = pgTable(
	'jobs',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		categoryCode: text('category_code')
			.notNull()
			.references(() => categories.code),
		agencyCode: text('agency_code')
			.notNull()
			.references(() => agencies.code),
		queueName: text('queue_name'),
		status: text('status', { enum: jobStatuses }).notNull().default('received'),
		version: integer('version').notNull().default(1),
		priority: integer('priority').notNull(),
		description: text('description').notNull(),
		address: text('address'),
		location: pointGeography('location').notNull(),
		districtCode: text('district_code')
			.notNull()
			.references(() => districts.code),
		villageCode: text('village_code').references(() => villages.code),
		formerArea: text('former_area', { enum: formerAreas }).notNull(),
		crewId: integer('crew_id').references(() => crews.id),
		parentJobId: bigint('parent_job_id', { mode: 'number' }),
		reporterCount: integer('reporter_count').notNull().default(1),
		reporterName: text('reporter_name'),
		reporterPhone: text('reporter_phone'),
		/** The dispatcher shared the reporter's callback details with the assigned crew. */
		reporterShared: boolean('reporter_shared').notNull().default(false),
		geocodeSource: text('geocode_source'),
		geocodeConfidence: text('geocode_confidence'),
		deadlineAt: timestamp('deadline_at', { withTimezone: true }).notNull(),
		warnAt: timestamp('warn_at', { withTimezone: true }).notNull(),
		escalationLevel: integer('escalation_level').notNull().default(0),
		createdAt: createdAt(),
		updatedAt: updatedAt()
	},
	(t) => [
		index('jobs_location_gist').using('gist', t.location),
		index('jobs_status_deadline_idx').on(t.status, t.deadlineAt),
		index('jobs_agency_status_idx').on(t.agencyCode, t.status),
		index('jobs_crew_idx').on(t.crewId),
		check('jobs_priority_range', sql`${t.priority} between 1 and 4`)
	]
);

/** Append-only history of every job; never updated or deleted. */
export const jobEvents = pgTable(
	'job_events',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		jobId: bigint('job_id', { mode: 'number' })
			.notNull()
			.references(() => jobs.id),
		type: text('type').notNull(),
		fromStatus: text('from_status', { enum: jobStatuses }),
		toStatus: text('to_status', { enum: jobStatuses }),
		actorUserId: integer('actor_user_id').references(() => users.id),
		data: jsonb('data').notNull().default({}),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('job_events_job_idx').on(t.jobId, t.id)]
);

/** One row per call that reached a queue, for queue statistics and reports. */
export const callRecords = pgTable(
	'call_records',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		callId: text('call_id').notNull().unique(),
		queue: text('queue').notNull(),
		source: text('source').notNull(), // ami | webhook | simulator
		joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		endedAt: timestamp('ended_at', { withTimezone: true }),
		outcome: text('outcome', { enum: ['waiting', 'answered', 'abandoned', 'completed'] }).notNull(),
		agent: text('agent'),
		waitSec: real('wait_sec'),
		talkSec: real('talk_sec'),
		jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id)
	},
	(t) => [index('call_records_joined_idx').on(t.joinedAt)]
);

/**
 * The transactional outbox. Its `seq` is the sequence number clients see; rows are written in
 * the same transaction as the change they announce, under a transaction-scoped advisory lock so
 * that sequence order equals commit order (see realtime/outbox.ts).
 */
export const outbox = pgTable(
	'outbox',
	{
		seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		event: text('event').notNull(),
		rooms: text('rooms').array().notNull(),
		payload: jsonb('payload').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('outbox_at_idx').on(t.at)]
);

/** One row: how far the relay has broadcast. Claimed with SKIP LOCKED so one node relays. */
export const relayCursor = pgTable('relay_cursor', {
	id: integer('id').primaryKey(),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull()
});

/** Learned geocodes: a confirmed pin teaches the normalised address its point. */
export const addressCache = pgTable(
	'address_cache',
	{
		normalized: text('normalized').primaryKey(),
		location: pointGeography('location').notNull(),
		hits: integer('hits').notNull().default(0),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }).notNull().defaultNow(),
		confirmedBy: integer('confirmed_by').references(() => users.id)
	},
	(t) => [index('address_cache_location_gist').using('gist', t.location)]
);

/** Gazetteer of named places (MRT and light-rail stations, landmarks) entered as data. */
export const places = pgTable(
	'places',
	{
		id: text('id').primaryKey(),
		kind: text('kind').notNull(), // mrt | lrt | landmark
		nameZh: text('name_zh').notNull(),
		nameEn: text('name_en'),
		aliases: text('aliases')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		location: pointGeography('location').notNull()
	},
	(t) => [index('places_location_gist').using('gist', t.location)]
);

/**
 * Durable deadline timers: one row per job and kind, fired once. Claimed with
 * FOR UPDATE SKIP LOCKED so that with several nodes each timer fires exactly once.
 */
export const jobTimers = pgTable(
	'job_timers',
	{
		jobId: bigint('job_id', { mode: 'number' })
			.notNull()
			.references(() => jobs.id),
		kind: text('kind', { enum: ['warn', 'breach'] }).notNull(),
		fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
		firedAt: timestamp('fired_at', { withTimezone: true })
	},
	(t) => [
		primaryKey({ columns: [t.jobId, t.kind] }),
		index('job_timers_due_idx')
			.on(t.fireAt)
			.where(sql`${t.firedAt} is null`)
	]
);

/** Persisted notifications (deadline breaches and the like) for a role or one user. */
export const notifications = pgTable(
	'notifications',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		kind: text('kind').notNull(),
		role: text('role', { enum: roles }),
		userId: integer('user_id').references(() => users.id),
		jobId: bigint('job_id', { mode: 'number' }).references(() => jobs.id),
		data: jsonb('data').notNull().default({}),
		createdAt: createdAt(),
		readAt: timestamp('read_at', { withTimezone: true })
	},
	(t) => [index('notifications_role_idx').on(t.role, t.createdAt)]
);

/** Results of idempotent commands, replayed when the same key comes again. */
export const idempotencyKeys = pgTable(
	'idempotency_keys',
	{
		key: text('key').notNull(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		status: integer('status').notNull(),
		response: jsonb('response').notNull(),
		createdAt: createdAt()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.key] }),
		index('idempotency_created_idx').on(t.createdAt)
	]
);

/** Calendar exceptions for office-hours deadlines: public holidays, typhoon days, make-up workdays. */
export const calendarDays = pgTable('calendar_days', {
	day: text('day').primaryKey(), // YYYY-MM-DD, Asia/Taipei
	kind: text('kind', { enum: ['holiday', 'typhoon', 'workday'] }).notNull(),
	note: text('note'),
	createdBy: integer('created_by').references(() => users.id),
	createdAt: createdAt()
});

/*
 * Field crews' tablets (issue 4). Each device numbers its actions; the server remembers the
 * highest number it applied so that a replayed outbox is applied in order and once.
 */
export const crewDevices = pgTable('crew_devices', {
	deviceId: text('device_id').primaryKey(),
	crewId: integer('crew_id')
		.notNull()
		.references(() => crews.id),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
	lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow()
});

/** Photos attached to a job (by a crew when done, or by the office), kept in the database. */
export const jobPhotos = pgTable(
	'job_photos',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		jobId: bigint('job_id', { mode: 'number' })
			.notNull()
			.references(() => jobs.id),
		uploadedBy: integer('uploaded_by')
			.notNull()
			.references(() => users.id),
		crewId: integer('crew_id').references(() => crews.id),
		contentType: text('content_type').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		data: bytea('data').notNull(),
		thumbnailType: text('thumbnail_type'),
		thumbnail: bytea('thumbnail'),
		/** The client's key, so a photo re-sent after a lost answer is stored once. */
		idempotencyKey: text('idempotency_key'),
		createdAt: createdAt()
	},
	(t) => [
		index('job_photos_job_idx').on(t.jobId),
		uniqueIndex('job_photos_key_idx').on(t.uploadedBy, t.idempotencyKey)
	]
);

/*
 * Telephony (issue 5). Every source (AMI, webhook, simulator) appends normalised events to this
 * inbox; one node's queue engine consumes them in order, so several app nodes agree on one state.
 */
export const telephonyEvents = pgTable(
	'telephony_events',
	{
		seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		source: text('source').notNull(), // ami | webhook | simulator
		/** The source's own id for the event, when it has one: a resent event is stored once. */
		eventId: text('event_id'),
		type: text('type').notNull(),
		payload: jsonb('payload').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('telephony_events_source_id_idx').on(t.source, t.eventId),
		index('telephony_events_received_idx').on(t.receivedAt)
	]
);

/** How far the queue engine has consumed the telephony inbox (one row, claimed SKIP LOCKED). */
export const telephonyCursor = pgTable('telephony_cursor', {
	id: integer('id').primaryKey(),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull()
});

/** Agent state history (logged in, paused with a reason, ringing, on a call, wrap-up ...). */
export const agentStateChanges = pgTable(
	'agent_state_changes',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		agent: text('agent').notNull(),
		state: text('state', {
			enum: ['available', 'ringing', 'on_call', 'wrap_up', 'not_ready', 'logged_out']
		}).notNull(),
		reason: text('reason'),
		source: text('source').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull()
	},
	(t) => [index('agent_state_changes_agent_idx').on(t.agent, t.at)]
);
