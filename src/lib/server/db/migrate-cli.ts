// `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded
// database in DATA_DIR, and exits.
import { loadEnv } from '../env.ts';
import { openDatabase } from './client.ts';

const env = loadEnv();
const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
	await database.migrate();
	console.log(`[db] migrations applied (${database.backend})`);
} finally {
	await database.close();
}
