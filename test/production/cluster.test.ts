import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import type { FastifyInstance } from 'fastify';
import * as t from '../../db/schema';
import { createSeededDatabase, type TestDatabase } from '../support/database';
import { eventually, injectAs, testApp } from '../support/app';
import { stopChild } from '../../cli/temporal-dev';
import type { YearPlan } from '../../core/plan-types';

const root = fileURLToPath(new URL('../..', import.meta.url));
const taskQueue = 'production-test';
const cycleId = 'cycle/kvinnofrid-arshjul/2027';
const phaseOneSteps = ['behovsinventering', 'lagesbeskrivning'];
const coordinator = { kind: 'coordinator' } as const;

let database: TestDatabase;
let connection: Connection;
let client: Client;
let app: FastifyInstance;
const workers: ChildProcess[] = [];
/** The workers' own logs, shown only when the test fails. */
let workerLogs = '';

/** The image's workflow bundle (npm run build:workflows), built once for the second worker. */
let bundleDir: string;
let bundle: string;

/**
 * worker/main.ts as its own process, as a deployment runs it; node itself, so its pid names it to
 * Temporal. `settings` adds to its environment.
 */
function startWorker(settings: Record<string, string> = {}): ChildProcess {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  worker.stderr?.on('data', (d: Buffer) => {
    workerLogs = (workerLogs + `[worker ${worker.pid}] ${d.toString()}`).slice(-20_000);
  });
  workers.push(worker);
  return worker;
}

/** The SDK's default worker identity. */
const identityOf = (worker: ChildProcess) => `${worker.pid}@${hostname()}`;

async function polling(worker: ChildProcess): Promise<true | undefined> {
  const { pollers } = await connection.workflowService.describeTaskQueue({
    namespace: 'default',
    taskQueue: { name: taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return pollers?.some((p) => p.identity === identityOf(worker)) || undefined;
}

const phaseOneTasks = () =>
  database.db
    .select({ id: t.tasks.id, stepKey: t.tasks.stepKey, seatId: t.tasks.seatId, status: t.tasks.status })
    .from(t.tasks)
    .where(and(eq(t.tasks.cycleId, cycleId), inArray(t.tasks.stepKey, phaseOneSteps)));

/**
 * Completes each open task of phase I through the API once. A 503 (Temporal not answering in
 * time, e.g. while a dead worker's workflows move to the other) leaves the task open for the next
 * round, as a person would try again.
 */
async function completeOpenTasks(asked: Set<string>, unanswered: Set<string>) {
  const open = (await phaseOneTasks()).filter((task) => task.status === 'open' && !asked.has(task.id));
  await Promise.all(
    open.map(async (task) => {
      asked.add(task.id);
      const res = await injectAs(app, {
        method: 'POST',
        url: `/api/tasks/${task.id}/complete`,
        payload: { report: 'Klart.', actor: coordinator },
      });
      if (res.statusCode === 503) {
        asked.delete(task.id);
        unanswered.add(task.id);
        return;
      }
      // A completion that was not answered in time may still have been taken: the next try finds it done.
      if (res.statusCode === 409 && unanswered.has(task.id)) expect(res.json().status).toBe('done');
      else expect(res.statusCode, res.body).toBe(200);
    }),
  );
}

async function workflowTaskIdentities(workflowId: string): Promise<Set<string>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return new Set((history.events ?? []).flatMap((e) => e.workflowTaskCompletedEventAttributes?.identity ?? []));
}

beforeAll(async () => {
  database = await createSeededDatabase();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace: 'default' });
  app = await testApp(database.db, client, taskQueue);
  bundleDir = await mkdtemp(path.join(tmpdir(), 'arshjul-bundle-'));
  bundle = path.join(bundleDir, 'workflow-bundle.js');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'worker/build-bundle.ts', bundle], { cwd: root });
});

afterAll(async () => {
  await app?.close();
  await Promise.all(workers.map((w) => stopChild(w)));
  await connection?.close();
  await database?.drop();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
});

describe("the engine on Temporal's own server with PostgreSQL persistence", () => {
  it('finishes a step with the other worker when one is killed in the middle of it', async () => {
    onTestFailed(() => console.error(workerLogs));
    const first = startWorker();
    await eventually(() => polling(first));
    const started = await injectAs(app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: coordinator },
    });
    expect(started.statusCode, started.body).toBe(201);
    // The first worker alone has begun phase I: its step's first tasks are recorded.
    await eventually(async () => ((await phaseOneTasks()).length > 0 ? true : undefined));

    // The second worker loads the bundle built ahead of time, as the image's worker does, and
    // carries on the histories the first worker's own bundle began.
    const second = startWorker({ WORKFLOW_BUNDLE: bundle });
    await eventually(() => polling(second));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const asked = new Set<string>();
    const unanswered = new Set<string>();
    await eventually(async () => {
      await completeOpenTasks(asked, unanswered);
      const [cycle] = await database.db.select({ phase: t.cycles.currentPhase }).from(t.cycles).where(eq(t.cycles.id, cycleId));
      return cycle?.phase === 'valja-atgarder' ? true : undefined;
    });

    const plan = (await injectAs(app, { method: 'GET', url: '/api/cycles/kvinnofrid-arshjul/2027/plan' })).json<YearPlan>();
    const planned = plan.phases.flatMap((p) => p.steps).filter((s) => phaseOneSteps.includes(s.key));
    const tasks = await phaseOneTasks();
    expect(tasks.map((task) => task.status)).toEqual(tasks.map(() => 'done'));
    expect(new Set(tasks.map((task) => `${task.stepKey}/${task.seatId}`)).size).toBe(planned.flatMap((s) => s.assignments).length);
    expect(tasks.length).toBe(planned.flatMap((s) => s.assignments).length);
    // The cycle's own history shows the hand-over: the first worker began it, the second carried it on.
    const identities = await workflowTaskIdentities(cycleId);
    expect(identities).toContain(identityOf(first));
    expect(identities).toContain(identityOf(second));
  });
});
