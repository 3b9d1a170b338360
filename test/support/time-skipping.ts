import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { createWorker } from '../../worker/worker';
import type { Db } from '../../db/client';
import type { Mailer } from '../../activities/mailer';
import * as t from '../../db/schema';
import { stockholmInstant } from '../../core/time';
import { workflowBundle } from './temporal';
import { testApp } from './app';
import { createSeededDatabase, type TestDatabase } from './database';
import { catchMail, type CaughtMail } from './smtp';
import { createMailer } from '../../activities/mailer';

const server = fileURLToPath(new URL('../../scripts/time-skipping-server.sh', import.meta.url));

export interface Simulation {
  env: TestWorkflowEnvironment;
  database: TestDatabase;
  db: Db;
  /** None when the test runs its workers in processes of their own. */
  worker: Worker | undefined;
  taskQueue: string;
  app: FastifyInstance;
  /** Moves the test server's clock to a Stockholm wall-clock time, firing every timer on the way. */
  until(when: string): Promise<void>;
  now(): Promise<Date>;
  /** Stops only the worker: pages must still answer from PostgreSQL. */
  stopWorker(): Promise<void>;
  stop(): Promise<void>;
}

export const at = (when: string) => {
  const [date, time = '09:00'] = when.split(' ');
  const [year, month, day] = date!.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return stockholmInstant({ year, month, day }, hour, minute);
};

export interface SimulationOptions {
  mailer?: Mailer;
  problemCheckMs?: number;
  /** False when the test runs its workers in processes of their own (test/support/killable-worker.ts). */
  inProcessWorker?: boolean;
}

/**
 * Temporal's time-skipping test server with a real worker, the real API, and a fresh seeded
 * PostgreSQL database; `stop` takes all of it down.
 */
export async function simulate(opts: SimulationOptions = {}): Promise<Simulation> {
  const database = await createSeededDatabase();
  const { db } = database;
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: server } } });
  const taskQueue = 'simulation';
  const worker =
    opts.inProcessWorker === false
      ? undefined
      : await createWorker({
          connection: env.nativeConnection,
          namespace: env.namespace ?? 'default',
          taskQueue,
          db,
          publicUrl: 'http://localhost:3000',
          mailer: opts.mailer,
          workflowBundle: await workflowBundle(),
          problemCheckMs: opts.problemCheckMs,
        });
  const running = worker?.run();
  let workerStopped = false;
  const stopWorker = async () => {
    if (workerStopped || !worker) return;
    workerStopped = true;
    worker.shutdown();
    await running;
  };
  // The API starts cycles at the test server's time, which runs ahead of the wall clock once skipped.
  let ahead = (await env.currentTimeMs()) - Date.now();
  const app = await testApp(db, env.client, taskQueue, opts.mailer, () => new Date(Date.now() + ahead));
  const serverNow = async () => {
    const ms = await env.currentTimeMs();
    ahead = ms - Date.now();
    return ms;
  };
  return {
    env,
    database,
    db,
    worker,
    taskQueue,
    app,
    async now() {
      return new Date(await serverNow());
    },
    async until(when) {
      const target = at(when).getTime();
      const now = await serverNow();
      if (target < now) throw new Error(`${when} is in the simulation's past`);
      await env.sleep(target - now);
      await serverNow();
    },
    stopWorker,
    async stop() {
      await app.close();
      await stopWorker();
      await env.teardown();
      opts.mailer?.close();
      await database.drop();
    },
  };
}

export type MailSimulation = Simulation & { smtp: CaughtMail };

/** A simulation whose mail goes out to a real SMTP server in the test process; `stop` stops both. */
export async function simulateWithMail(opts: Omit<SimulationOptions, 'mailer'> = {}): Promise<MailSimulation> {
  const smtp = await catchMail();
  const sim = await simulate({ mailer: createMailer(smtp.url), ...opts });
  return {
    ...sim,
    smtp,
    async stop() {
      await sim.stop();
      await smtp.stop();
    },
  };
}

/** Open or done tasks of a cycle's step, with their seat slugs. */
export async function stepTasks(db: Db, cycleId: string, stepKey: string) {
  return db
    .select({ task: t.tasks, seat: t.seats.slug })
    .from(t.tasks)
    .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.stepKey, stepKey)))
    .orderBy(asc(t.seats.slug), asc(t.tasks.round));
}
