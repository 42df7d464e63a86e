// Starts the production entry on a fresh PostgreSQL database, so that the browser and API checks
// also run against the real-server backend (only when TEST_DATABASE_URL is set).
import pg from 'pg';
import { databaseUrl } from '../db/harness.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
// One fixed name per port, recreated at every run: a crashed run leaves nothing that grows, and
// runs on other ports (other checkouts on the same machine) do not drop each other's database.
const name = `citydesk_e2e_${(process.env.PORT ?? '').replace(/\D/g, '') || 'default'}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`drop database if exists ${name} with (force)`);
await admin.query(`create database ${name}`);
await admin.end();

process.env.DATABASE_URL = databaseUrl(adminUrl, name);
await import('../../src/server.ts');
