import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { inject } from 'vitest';
import { createWorker, workflowInterceptorModules, workflowsPath, type WorkerOptions } from '../../worker/worker';
import type { Db } from '../../db/client';
import type { Mailer } from '../../activities/mailer';

// Worker lifecycle chatter drowns test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes a second or two: do it once per test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: unknown) {
    console.error(message, meta);
  },
};

export interface TemporalHarness {
  client: Client;
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

/** A namespace of its own on the run's dev server, named after the task queue it is for. */
export async function registerNamespace(connection: Connection, taskQueue: string): Promise<string> {
  const namespace = `${taskQueue.replace(/[^A-Za-z0-9._-]/g, '-')}-${randomUUID().slice(0, 8)}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  return namespace;
}

/**
 * A real worker and client against the run's Temporal dev server, in a namespace of its own.
 * Workflow ids are the engine's own (`mail/signin:<address>:<window>`, `cycle/<definition>/<year>`),
 * so two test files in one namespace would share them: one file's delivery still running would make
 * another's start a no-op. A namespace per harness keeps every file's workflows apart.
 */
export async function startTemporal(
  db: Db,
  taskQueue: string,
  mailer?: Mailer,
  opts: Pick<WorkerOptions, 'workflowBundle' | 'problemCheckMs' | 'activityAttemptBudget'> = {},
): Promise<TemporalHarness> {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const namespace = await registerNamespace(connection, taskQueue);
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace,
    taskQueue,
    db,
    publicUrl: 'http://localhost:3000',
    mailer,
    workflowBundle: await workflowBundle(),
    ...opts,
  });
  const running = worker.run();
  const client = new Client({ connection, namespace });
  return {
    client,
    worker,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
