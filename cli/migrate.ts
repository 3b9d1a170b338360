import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';

/**
 * Applies the migrations in db/migrations to the database of `DATABASE_URL` (or the embedded
 * PGlite in `DATA_DIR`), then stops. The API and `npm start` migrate on start as well; this is for
 * a deployment step of its own.
 */
async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    console.log(`Migrated ${config.databaseUrl ? 'the PostgreSQL server' : `PGlite in ${config.dataDir}`}.`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
