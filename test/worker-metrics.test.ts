import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../cli/temporal-dev';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { registerNamespace } from './support/temporal';
import { eventually, testApp } from './support/app';
import { bundleFile, giveTask, inState, spawnWorker, type WorkerProcess } from './support/worker-process';

const taskQueue = 'worker-metrics';

/** The TCP addresses a process listens on, as `ss` sees them (a process's own sockets need no privilege). */
const listeningPorts = (pid: number) =>
  spawnSync('ss', ['-Hltnp'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => line.trim().split(/\s+/)[3]);

/** The Temporal SDK's own figures from a worker process, for the same scraper as the API's /metrics. */
describe("the worker's SDK metrics", () => {
  let database: TestDatabase;
  let connection: Connection;
  let app: FastifyInstance;
  let bundle: Awaited<ReturnType<typeof bundleFile>>;
  let namespace: string;
  let address: string;
  const workers: WorkerProcess[] = [];

  const startWorker = (env: Record<string, string> = {}) => {
    const worker = spawnWorker({
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      DATABASE_URL: database.url,
      WORKFLOW_BUNDLE: bundle.file,
      ...env,
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    database = await createSeededDatabase();
    connection = await Connection.connect({ address: inject('temporalAddress') });
    namespace = await registerNamespace(connection, taskQueue);
    app = await testApp(database.db, new Client({ connection, namespace }), taskQueue);
    bundle = await bundleFile();
    address = `127.0.0.1:${await freePort()}`;
    const worker = startWorker({ WORKER_METRICS_ADDRESS: address });
    await eventually(async () => inState(worker, 'RUNNING'));
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await app?.close();
    await connection?.close();
    await database?.drop();
    await bundle?.remove();
  });

  const scrape = async () => {
    const res = await fetch(`http://${address}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The sum of a series over every label set that names our task queue. */
  const total = (body: string, name: string) =>
    body
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes(`task_queue="${taskQueue}"`))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

  it('serves Prometheus text with the worker metrics of our task queue', async () => {
    const body = await scrape();
    expect(body).toMatch(/^# TYPE temporal_worker_start counter$/m);
    expect(total(body, 'temporal_worker_start')).toBe(1);
    expect(body).toContain(`namespace="${namespace}"`);
  });

  it('counts the workflow tasks the worker has run', async () => {
    expect(total(await scrape(), 'temporal_workflow_task_execution_latency_count')).toBe(0);
    await giveTask(app, 'samordningsgrupp/polisen');
    const body = await eventually(async () => {
      const text = await scrape();
      return total(text, 'temporal_workflow_task_execution_latency_count') > 0 ? text : undefined;
    });
    expect(total(body, 'temporal_workflow_task_queue_poll_succeed')).toBeGreaterThan(0);
  });

  it('listens on no port without WORKER_METRICS_ADDRESS', async () => {
    const worker = startWorker();
    await eventually(async () => inState(worker, 'RUNNING'));
    expect(listeningPorts(worker.child.pid!)).toEqual([]);
    expect(listeningPorts(workers[0]!.child.pid!)).toEqual([address]);
  });
});
