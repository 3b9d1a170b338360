import { apiClient, apiConnection } from './temporal-connection';
import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';
import { isEmpty, seedAll } from '../db/seed';
import { buildApp } from './app';
import { createMailer } from '../activities/mailer';

/** The API on its own (one of several replicas); it migrates and seeds before it listens. */
async function main() {
  const config = loadConfig();
  if (!config.temporalAddress) {
    throw new ConfigError([{ variable: 'TEMPORAL_ADDRESS', message: 'is required for a separate API process (or use npm start)' }]);
  }
  if (!config.secret) {
    throw new ConfigError([
      { variable: 'SECRET', message: 'is required for a separate API process: every replica must sign with the same secret' },
    ]);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  if (await isEmpty(database.db)) await seedAll(database.db);
  const connection = apiConnection(config.temporalAddress);
  const temporal = apiClient(connection, config.temporalNamespace);
  const mailer = createMailer(config.smtpUrl);
  const app = await buildApp({ db: database.db, temporal, config, mailer }, { logger: { level: config.logLevel } });

  const close = async () => {
    await app.close();
    mailer.close();
    await connection.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close());
  process.once('SIGTERM', () => void close());
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
