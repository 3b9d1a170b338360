import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/env';
import { openDatabase, type Database } from '../db/client';
import { isEmpty, seedAll } from '../db/seed';
import { seedRssProgramme } from '../db/seed/programmes/rss';
import { buildApp } from '../api/app';
import { apiClient, apiConnection } from '../api/temporal-connection';
import { closeWhenDrained } from '../api/drain';
import { createWorker } from '../worker/worker';
import { createMailer } from '../activities/mailer';
import { issueSigninLink } from '../activities/notices';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { ensureTemporalCli, startDevServer, type DevServer } from './temporal-dev';
import { lockDataDir, recordDevServer, stopStaleDevServer } from './pid-files';

export interface RunningSystem {
  dashboardUrl: string;
  /** Without SMTP no sign-in mail leaves the outbox, so a local run hands the coordinator a link. */
  coordinatorSignin?: string;
  temporalAddress: string;
  temporalUiUrl: string | undefined;
  api: FastifyInstance;
  database: Database;
  stop(): Promise<void>;
}

/**
 * The whole system in one process: Temporal (a dev server unless TEMPORAL_ADDRESS is set), the
 * database (PGlite under DATA_DIR unless DATABASE_URL is set), the worker and the API.
 * PGlite allows one connection, which is why the worker and the API share this process.
 */
export async function startSystem(config: Config, log: (line: string) => void = console.log): Promise<RunningSystem> {
  await mkdir(config.dataDir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir);
  const cleanups: (() => Promise<unknown>)[] = [unlock];
  const secret = config.secret ?? (await localSecret(config.dataDir));
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err) => log(`shutdown: ${String(err)}`));
    }
  };

  try {
    let devServer: DevServer | undefined;
    let temporalAddress = config.temporalAddress;
    if (!temporalAddress) {
      const cli = ensureTemporalCli(log);
      const dbFile = path.join(config.dataDir, 'temporal.db');
      await stopStaleDevServer(config.dataDir, dbFile, log);
      devServer = await startDevServer({
        cli,
        dbFile,
        namespace: config.temporalNamespace,
        port: 7233,
        ui: true,
      });
      cleanups.push(() => devServer!.stop());
      cleanups.push(await recordDevServer(config.dataDir, devServer.process.pid!, devServer.port));
      temporalAddress = devServer.address;
    }

    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    cleanups.push(() => database.close());
    await database.migrate();
    if (await isEmpty(database.db)) {
      await seedAll(database.db);
      await seedRssProgramme(database.db);
      log("Seeded the Operation Kvinnofrid model. Added SKR's RSS programme as an example.");
    }

    const mailer = createMailer(config.smtpUrl);
    cleanups.push(async () => mailer.close());
    const workerConnection = await NativeConnection.connect({ address: temporalAddress });
    cleanups.push(() => workerConnection.close());
    const worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporalNamespace,
      taskQueue: config.taskQueue,
      db: database.db,
      publicUrl: config.publicUrl,
      mailer,
      mailFrom: config.mailFrom,
      maxCachedWorkflows: config.workerCachedWorkflows,
      shutdownGraceMs: config.workerShutdownGraceMs,
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const connection = apiConnection(temporalAddress);
    cleanups.push(() => connection.close());
    const temporal = apiClient(connection, config.temporalNamespace);

    const api = await buildApp(
      { db: database.db, temporal, config: { ...config, secret }, mailer, temporalUiUrl: devServer?.uiUrl },
      { logger: { level: config.logLevel } },
    );
    cleanups.push(closeWhenDrained(api));
    await api.listen({ port: config.port, host: config.host });
    const { port } = api.server.address() as { port: number };
    // PORT=0 asks for any free port, so the configured URL cannot know it.
    const dashboardUrl = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;

    let coordinatorSignin: string | undefined;
    if (mailer.mode === 'outbox') {
      const seat = await coordinatorSeat(database.db);
      const holder = seat && (await holderOn(database.db, seat.id, stockholmDate(new Date())));
      if (seat && holder) coordinatorSignin = `${dashboardUrl}/l/${await issueSigninLink(database.db, seat.id, holder)}`;
    }
    return { dashboardUrl, coordinatorSignin, temporalAddress, temporalUiUrl: devServer?.uiUrl, api, database, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Without SECRET, a local run keeps a random one under DATA_DIR so links survive restarts. */
async function localSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(32).toString('base64url');
    await writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}
