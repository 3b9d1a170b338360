import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import * as t from '../db/schema';
import { ensureTemporalCli, startDevServer, type DevServer } from '../cli/temporal-dev';
import { createWorker } from '../worker/worker';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { workflowBundle } from './support/temporal';
import { eventually, testApp } from './support/app';
import { approveOpenDecision, completeOpenTasks, recordedTwice, startCollectAndDecide } from './support/faults';

/**
 * The Temporal dev server with its SQLite file stopped (SIGTERM) and started again on the same
 * port and file, under a running worker and API: both reconnect, and the cycle goes on.
 */
describe('Temporal restarted with its file database', () => {
  const cli = ensureTemporalCli();
  const taskQueue = 'faults-temporal';
  let dir: string;
  let dev: DevServer;
  let database: TestDatabase;
  let worker: Worker;
  let running: Promise<void>;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let app: FastifyInstance;
  let cycleId: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'arshjul-temporal-'));
    dev = await startDevServer({ cli, dbFile: path.join(dir, 'temporal.db') });
    database = await createSeededDatabase();
    nativeConnection = await NativeConnection.connect({ address: dev.address });
    worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      db: database.db,
      publicUrl: 'http://localhost:3000',
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
    connection = await Connection.connect({ address: dev.address });
    app = await testApp(database.db, new Client({ connection }), taskQueue);
  });
  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
    await dev?.stop();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const tasksOf = () => database.db.select().from(t.tasks).where(eq(t.tasks.cycleId, cycleId));

  it('a cycle started before the restart has its three tasks, and one is completed', async () => {
    cycleId = await startCollectAndDecide(app, 'omstart-temporal');
    await eventually(async () => ((await tasksOf()).length === 3 ? true : undefined));
    expect(await completeOpenTasks(app, database.db, cycleId, 1)).toBe(1);
  });

  it('after a restart on the same port and file, the worker and the API go on with it to the end', { timeout: 180_000 }, async () => {
    const before = dev;
    await before.stop();
    dev = await startDevServer({ cli, dbFile: path.join(dir, 'temporal.db'), port: before.port });
    expect(dev.address).toBe(before.address);

    expect(await completeOpenTasks(app, database.db, cycleId)).toBe(2);
    await eventually(async () => ((await approveOpenDecision(app, database.db, cycleId)) > 0 ? true : undefined));
    const [cycle] = await eventually(async () => {
      const rows = await database.db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
      return rows[0]?.status === 'completed' ? rows : undefined;
    });
    expect(cycle!.closedAt).not.toBeNull();
    const tasks = await tasksOf();
    expect(tasks.map((x) => x.status)).toEqual(['done', 'done', 'done']);
    const [decision] = await database.db.select().from(t.decisions).where(eq(t.decisions.cycleId, cycleId));
    expect(await database.db.select().from(t.votes).where(eq(t.votes.decisionId, decision!.id))).toHaveLength(7);
    expect(await recordedTwice(database.db)).toEqual([]);
  });
});
