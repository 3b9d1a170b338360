import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createMailer, type Mailer } from '../activities/mailer';
import { problemActivityInterceptor, problemSinks, watchProblems } from './problems';
import { OUTBOX_SWEEP_MS, sweepOutbox } from './outbox-sweep';
import { whileRunning } from './periodic';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Reports workflow tasks that fail on a bug; every bundle of the workflows includes it. */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/interceptors.ts', import.meta.url))];

export interface WorkerOptions extends Omit<ActivityDeps, 'mailer' | 'mailFrom'> {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** SMTP or the outbox alone (the default). */
  mailer?: Mailer;
  mailFrom?: string;
  /** A prebuilt bundle (tests build it once per file); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleOption;
  /** How often recorded problems are checked against Temporal (tests shorten it). */
  problemCheckMs?: number;
  /** Failed attempts after which an activity needs action (tests lower it). */
  activityAttemptBudget?: number;
  /**
   * Workflows kept in memory between their tasks (WORKER_CACHED_WORKFLOWS); the SDK sizes it from the
   * heap limit when unset. Capping it did not lower the worker's peak with 311 cycles (BENCHMARKS.md).
   */
  maxCachedWorkflows?: number;
  /** How long a stopping worker waits for its activities in flight (WORKER_SHUTDOWN_GRACE_MS); the SDK's defaults when unset. */
  shutdownGraceMs?: number;
}

/** After the grace time, how long an activity asked to cancel has to say so before the worker gives up on it. */
const SHUTDOWN_CANCEL_MS = 5000;

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  const deps = {
    db: opts.db,
    publicUrl: opts.publicUrl,
    mailer: opts.mailer ?? createMailer(undefined),
    mailFrom: opts.mailFrom ?? 'arshjul@example.org',
  };
  const worker = await Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    maxCachedWorkflows: opts.maxCachedWorkflows,
    activities: createActivities(deps),
    sinks: problemSinks(deps),
    // A prebuilt bundle carries its workflow interceptors from bundleWorkflowCode.
    interceptors: {
      activity: [problemActivityInterceptor(deps, opts.activityAttemptBudget)],
      ...(opts.workflowBundle ? {} : { workflowModules: workflowInterceptorModules }),
    },
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
    // The SDK's defaults ask activities to cancel at once and wait for ever for those that do not
    // listen, as ours do not: a hung SMTP server would hold a stop until the engine kills the
    // process. Here they get the grace time to finish, and run() gives up a little later.
    ...(opts.shutdownGraceMs === undefined
      ? {}
      : { shutdownGraceTime: opts.shutdownGraceMs, shutdownForceTime: opts.shutdownGraceMs + SHUTDOWN_CANCEL_MS }),
  });
  const client = new Client({ connection: opts.connection, namespace: opts.namespace });
  watchProblems(deps, worker, client, opts.problemCheckMs);
  // At start, too: a request that crashed before handing its mail over may have been the reason for the restart.
  whileRunning(worker, 'Sweeping the outbox', OUTBOX_SWEEP_MS, () => sweepOutbox(deps.db, client, opts.taskQueue), true);
  return worker;
}
