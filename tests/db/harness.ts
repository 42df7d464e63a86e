import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
	openDatabase,
	type Database,
	type Queryable,
	type Tx
} from '../../src/lib/server/db/client.ts';

export type TestBackend =
	| { kind: 'postgres'; adminUrl: string; template: string }
	| { kind: 'pglite'; templateDir: string };

/** The same server URL with another database name. */
export function databaseUrl(url: string, name: string): string {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

/**
 * A fresh, migrated and seeded database for one test file, thrown away by `close()`. Which
 * backend it is follows TEST_DATABASE_URL (see global-setup.ts).
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
	const backend = inject('backend');
	if (backend.kind === 'postgres') {
		const name = `citydesk_t_${randomBytes(6).toString('hex')}`;
		const admin = new pg.Client({ connectionString: backend.adminUrl });
		await admin.connect();
		await admin.query(`create database ${name} template ${backend.template}`);
		const database = await openDatabase({ url: databaseUrl(backend.adminUrl, name), dataDir: '' });
		return {
			...database,
			url: databaseUrl(backend.adminUrl, name),
			async close() {
				await database.close();
				await admin.query(`drop database if exists ${name} with (force)`);
				await admin.end();
			}
		};
	}
	const dir = await mkdtemp(path.join(tmpdir(), 'citydesk-t-'));
	await cp(backend.templateDir, dir, { recursive: true });
	const database = await openDatabase({ dataDir: dir });
	return {
		...database,
		async close() {
			await database.close();
			await rm(dir, { recursive: true, force: true });
		}
	};
}

class Rollback extends Error {}

/** Runs a test body in a transaction that is always rolled back: per-test isolation. */
export async function withRollback(db: Queryable, body: (tx: Tx) => Promise<void>): Promise<void> {
	try {
		await db.transaction(async (tx) => {
			await body(tx as Tx);
			throw new Rollback();
		});
	} catch (err) {
		if (!(err instanceof Rollback)) throw err;
	}
}
