import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { like } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema';
import { messageIdOf } from '../activities/delivery';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { registerNamespace } from './support/temporal';
import { catchMail, type CaughtMail } from './support/smtp';
import { mailCount } from './support/faults';
import { eventually, injectAs, testApp } from './support/app';
import { bundleFile, giveTask, inState, spawnWorker, type WorkerProcess } from './support/worker-process';

/** Each case's task queue and the worker settings it runs with. */
const cases: Record<string, Record<string, string>> = { drain: {}, grace: { WORKER_SHUTDOWN_GRACE_MS: '0' }, again: {} };

/**
 * worker/main.ts stopped by SIGTERM while an activity is in flight: a task's notice held at an SMTP
 * server that does not answer until the test lets it. Each case has a task queue of its own, so a
 * delivery one case leaves unfinished is never retried into the next.
 */

describe("the worker's graceful shutdown", () => {
  let database: TestDatabase;
  let smtp: CaughtMail;
  let connection: Connection;
  let client: Client;
  let namespace: string;
  let bundle: Awaited<ReturnType<typeof bundleFile>>;
  const apps: FastifyInstance[] = [];
  const queues: Record<string, { app: FastifyInstance; first: WorkerProcess }> = {};
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    connection = await Connection.connect({ address: inject('temporalAddress') });
    namespace = await registerNamespace(connection, 'worker-shutdown');
    client = new Client({ connection, namespace });
    bundle = await bundleFile();
    // Each case's first worker starts now, all at once: a worker takes seconds to start.
    for (const taskQueue of Object.keys(cases)) {
      const app = await testApp(database.db, client, taskQueue);
      apps.push(app);
      queues[taskQueue] = { app, first: startOn(taskQueue) };
    }
  });
  afterAll(async () => {
    smtp?.release();
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    for (const app of apps) await app.close();
    await connection?.close();
    await smtp?.stop();
    await database?.drop();
    await bundle?.remove();
  });

  /** A worker process of one task queue, the test's SMTP server its mail server. */
  function startOn(taskQueue: string): WorkerProcess {
    const worker = spawnWorker({
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      WORKFLOW_BUNDLE: bundle.file,
      ...cases[taskQueue],
    });
    workers.push(worker);
    return worker;
  }

  /** The worker once it polls; its output is shown if the test fails. */
  async function running(worker: WorkerProcess) {
    onTestFailed(() => console.error(worker.output()));
    await eventually(async () => inState(worker, 'RUNNING'));
    return worker;
  }

  /** A task given while the SMTP server holds its answers: its notice is in flight when this returns. */
  async function taskWithMailInFlight(app: FastifyInstance, seat: string) {
    smtp.hold();
    const task = await giveTask(app, seat);
    await eventually(async () => (smtp.held() === 1 ? true : undefined));
    return task;
  }

  /** A task's notices are keyed by its workflow. */
  const outboxOf = (task: { workflowId: string }) =>
    database.db
      .select()
      .from(t.mailOutbox)
      .where(like(t.mailOutbox.key, `${task.workflowId}:%`));

  const history = async (workflowId: string) => (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

  it('stops polling, finishes the delivery in flight and exits 0; a new worker carries on with nothing done twice', async () => {
    const { app } = queues.drain!;
    const first = await running(queues.drain!.first);
    const task = await taskWithMailInFlight(app, 'samordningsgrupp/polisen');

    first.child.kill('SIGTERM');
    await eventually(async () => inState(first, 'DRAINING'));
    // Given while the first worker drains: nobody takes its workflow task until the second worker starts.
    const later = await giveTask(app, 'samordningsgrupp/kriminalvarden');
    smtp.release();
    expect(await first.exited).toEqual([0, null]);

    const [row] = await outboxOf(task);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.messages.filter((m) => m.messageId === messageIdOf(row!.key))).toHaveLength(1);
    expect((await history(later.workflowId)).filter((e) => e.workflowTaskCompletedEventAttributes)).toEqual([]);

    const second = await running(startOn('drain'));
    const done = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/complete`,
      payload: { report: 'Klart.', actor: { kind: 'coordinator' } },
    });
    expect(done.statusCode, done.body).toBe(200);
    await eventually(async () => ((await outboxOf(later))[0]?.status === 'sent' ? true : undefined));

    const events = await history(task.workflowId);
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliver')).toHaveLength(1);
    const identities = events.flatMap((e) => e.workflowTaskCompletedEventAttributes?.identity ?? []);
    expect(identities[0]).toBe(first.identity);
    expect(identities.at(-1)).toBe(second.identity);
    expect(await mailCount(database.db, smtp)).toMatchObject({ repeated: [], lost: [], unsent: [] });
  });

  it('gives up on a delivery that does not finish in the grace time, and exits 1', async () => {
    const { app } = queues.grace!;
    const first = await running(queues.grace!.first);
    const task = await taskWithMailInFlight(app, 'samordningsgrupp/polisen');

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual([1, null]);
    expect(first.output()).toContain('GracefulShutdownPeriodExpiredError');
    const [row] = await outboxOf(task);
    expect(row!.status).not.toBe('sent');
    // The server never said 250 to a sender that has gone: the retry elsewhere is the only delivery.
    smtp.release();
    expect(smtp.messages.filter((m) => m.messageId === messageIdOf(row!.key))).toEqual([]);
  });

  it('ends at once on a second signal, without waiting for the delivery', async () => {
    const { app } = queues.again!;
    const first = await running(queues.again!.first);
    await taskWithMailInFlight(app, 'samordningsgrupp/polisen');

    first.child.kill('SIGTERM');
    await eventually(async () => inState(first, 'DRAINING'));
    first.child.kill('SIGINT');
    expect(await first.exited).toEqual([null, 'SIGINT']);
    expect(smtp.held()).toBe(1);
  });
});
