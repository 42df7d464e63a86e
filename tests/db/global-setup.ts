import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db/client.ts';
import { prepareDatabase } from '../../src/lib/server/setup.ts';
import { databaseUrl, type TestBackend } from './harness.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		backend: TestBackend;
	}
}

/**
 * Migrates and seeds one template database per run; each test file then gets a copy of it:
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL (TEST_DATABASE_URL), a copied data folder on PGlite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const adminUrl = process.env.TEST_DATABASE_URL;
	const quiet = () => undefined;
	if (adminUrl) {
		const template = `citydesk_tpl_${process.pid}`;
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`drop database if exists ${template}`);
		await admin.query(`create database ${template}`);
		const database = await openDatabase({ url: databaseUrl(adminUrl, template), dataDir: '' });
		try {
			await prepareDatabase(database, { demoAccounts: false, log: quiet });
		} finally {
			await database.close();
		}
		project.provide('backend', { kind: 'postgres', adminUrl, template });
		return async () => {
			await admin.query(`drop database if exists ${template}`);
			await admin.end();
		};
	}
	const templateDir = await mkdtemp(path.join(tmpdir(), 'citydesk-tpl-'));
	const database = await openDatabase({ dataDir: templateDir });
	try {
		await prepareDatabase(database, { demoAccounts: false, log: quiet });
	} finally {
		await database.close();
	}
	project.provide('backend', { kind: 'pglite', templateDir });
	return () => rm(templateDir, { recursive: true, force: true });
}
