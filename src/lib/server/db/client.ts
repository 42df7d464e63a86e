import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The Drizzle database, whichever backend is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle from `db.transaction`. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Backend = 'pglite' | 'postgres';

/** An open database plus what is needed to migrate and close it. */
export interface Database {
	db: Db;
	backend: Backend;
	migrate(): Promise<void>;
	close(): Promise<void>;
}

export interface DatabaseOptions {
	/** postgres:// URL; when absent, embedded PGlite in `dataDir`. */
	url?: string;
	dataDir: string;
	poolSize?: number;
}

/** The committed SQL migrations; the same folder serves both backends. */
export const migrationsFolder = fileURLToPath(new URL('../../../../drizzle', import.meta.url));

/** Opens PostgreSQL through a pool when a URL is given, otherwise embedded PGlite with PostGIS. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
	return options.url
		? openPostgres(options.url, options.poolSize ?? 10)
		: openPglite(options.dataDir);
}

async function openPostgres(url: string, max: number): Promise<Database> {
	const { default: pg } = await import('pg');
	const { drizzle } = await import('drizzle-orm/node-postgres');
	const { migrate } = await import('drizzle-orm/node-postgres/migrator');
	const pool = new pg.Pool({ connectionString: url, max });
	// An idle client that loses its server must not crash the process; the pool replaces it.
	pool.on('error', (err) => console.error('[db] idle client error:', err.message));
	const db = drizzle({ client: pool, schema }) as unknown as Db;
	return {
		db,
		backend: 'postgres',
		migrate: () => migrate(db as never, { migrationsFolder }),
		close: () => pool.end()
	};
}

async function openPglite(dataDir: string): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { postgis } = await import('@electric-sql/pglite-postgis');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dir = path.resolve(dataDir);
	await mkdir(dir, { recursive: true });
	const client = await PGlite.create(dir, { extensions: { postgis } });
	const db = drizzle({ client, schema }) as unknown as Db;
	return {
		db,
		backend: 'pglite',
		migrate: () => migrate(db as never, { migrationsFolder }),
		close: () => client.close()
	};
}

/** Runs raw SQL and returns its rows, the same on both drivers. */
export async function rows<T>(q: Queryable, query: SQL): Promise<T[]> {
	const result = (await q.execute(query)) as unknown as { rows: T[] };
	return result.rows;
}
