/**
 * Bare Temporal on the same dev server as the figure it is the floor of, in the same run:
 * - bare_child_workflows_per_s: a no-op parent starting BARE_CHILDREN no-op children at once, until
 *   all have finished, with a worker of its own (bench/bare-workflows.ts, bundled apart);
 * - bare_update_p50_ms, bare_update_p99_ms: an update on a no-op workflow (one workflow per call,
 *   as each link completes its own task), at the concurrency of the link POSTs.
 * The client calls from this process, as the API does.
 */
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { parentOfNoops, touch, updatable } from './bare-workflows';

export const BARE_CHILDREN = 300;

const workflowsPath = fileURLToPath(new URL('./bare-workflows.ts', import.meta.url));
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
let bundle: Promise<{ code: string }> | undefined;
let runtime = false;

/** The bare workflows' worker on a queue of its own, and a client, for the time of `measure`. */
async function withBareWorker<T>(address: string, measure: (client: Client, taskQueue: string) => Promise<T>): Promise<T> {
  // The runtime is the process's, installed once: the worker's info lines would mix into the figures.
  if (!runtime) Runtime.install({ logger: quiet });
  runtime = true;
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: quiet });
  const taskQueue = `bare-${randomBytes(4).toString('hex')}`;
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    const worker = await Worker.create({ connection: native, taskQueue, workflowBundle: await bundle });
    return await worker.runUntil(measure(new Client({ connection }), taskQueue));
  } finally {
    await connection.close();
    await native.close();
  }
}

export async function bareChildWorkflowsPerS(address: string, count = BARE_CHILDREN): Promise<number> {
  return withBareWorker(address, async (client, taskQueue) => {
    const started = performance.now();
    await client.workflow.execute(parentOfNoops, { taskQueue, workflowId: `bare-parent-${randomBytes(4).toString('hex')}`, args: [count] });
    return count / ((performance.now() - started) / 1000);
  });
}

export async function bareUpdateLatency(address: string, count: number, concurrency: number) {
  return withBareWorker(address, async (client, taskQueue) => {
    const run = randomBytes(4).toString('hex');
    const handles = await Promise.all(
      Array.from({ length: count }, (_, i) => client.workflow.start(updatable, { taskQueue, workflowId: `bare-update-${run}-${i}` })),
    );
    // Every workflow has run its first task, as a task waiting for its link has.
    await Promise.all(handles.map((h) => h.executeUpdate(touch, { args: ['warm'] })));
    const latencies = await concurrently(concurrency, count, async (i) => {
      await handles[i]!.executeUpdate(touch, { args: ['Klart.'] });
    });
    await Promise.all(handles.map((h) => h.terminate('measured')));
    return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  });
}

/** `total` calls from `clients` concurrent loops; each call's milliseconds. */
async function concurrently(clients: number, total: number, call: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        await call(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
