import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';
import { isEmpty, seedAll } from '../db/seed';
import { seedRssProgramme } from '../db/seed/programmes/rss';

/**
 * Migrates, then seeds the Operation Kvinnofrid model and the shipped cycle definitions into an
 * empty database. A database that already holds records is left as it is.
 */
async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    if (await isEmpty(database.db)) {
      await seedAll(database.db);
      await seedRssProgramme(database.db);
      console.log("Seeded the Operation Kvinnofrid model. Added SKR's RSS programme as an example.");
    } else {
      console.log('The database already holds records: nothing seeded.');
    }
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
