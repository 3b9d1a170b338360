import { NativeConnection } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config/env';
import { openDatabase } from '../db/client';
import { createWorker } from './worker';
import { createMailer } from '../activities/mailer';
import { installRuntime } from './runtime';

/** A worker on its own, for deployments with a Temporal cluster and a PostgreSQL server. */
async function main() {
  const config = loadConfig();
  if (!config.temporalAddress || !config.databaseUrl) {
    throw new ConfigError([
      ...(!config.temporalAddress ? [{ variable: 'TEMPORAL_ADDRESS', message: 'is required for a separate worker process' }] : []),
      ...(!config.databaseUrl
        ? [
            {
              variable: 'DATABASE_URL',
              message: 'is required for a separate worker process (PGlite serves one process only; use npm start)',
            },
          ]
        : []),
    ]);
  }
  installRuntime(config, 'INFO');
  const database = await openDatabase({ databaseUrl: config.databaseUrl });
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const mailer = createMailer(config.smtpUrl);
  const worker = await createWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    db: database.db,
    publicUrl: config.publicUrl,
    mailer,
    mailFrom: config.mailFrom,
    maxCachedWorkflows: config.workerCachedWorkflows,
    shutdownGraceMs: config.workerShutdownGraceMs,
    ...(config.workflowBundle ? { workflowBundle: { codePath: config.workflowBundle } } : {}),
  });
  // Worker.run() shuts down on SIGINT/SIGTERM by itself and resolves once in-flight work is done.
  await worker.run();
  // The SMTP pool's idle connections would keep the process alive after the drain.
  mailer.close();
  await connection.close();
  await database.close();
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
