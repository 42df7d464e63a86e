import { defineConfig } from 'drizzle-kit';

// Used by `npm run db:generate` only; migrations are applied by our own migrator
// (src/lib/server/db/migrate.ts) so that the same SQL serves PostgreSQL and PGlite.
export default defineConfig({
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle',
	dialect: 'postgresql'
});
