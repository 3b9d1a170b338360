import { apiClient, apiConnection } from './temporal-connection';
import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';
import { isEmpty, seedAll } from '../db/seed';
import { buildApp } from './app';
import { closeWhenDrained } from './drain';
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

  // SIGTERM (an orchestrator's stop) or Ctrl-C: stop accepting, let requests in flight finish
  // (fastify's close waits for them; each waits on Temporal at most its deadline), then let go of
  // Temporal and the database. A second signal while closing changes nothing.
  const closeApp = closeWhenDrained(app);
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'stopping');
    try {
      await closeApp();
      mailer.close();
      await connection.close();
      await database.close();
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
