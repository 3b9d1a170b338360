import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createMailer, type Mailer } from '../activities/mailer';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerOptions extends Omit<ActivityDeps, 'mailer' | 'mailFrom'> {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** SMTP or the outbox alone (the default). */
  mailer?: Mailer;
  mailFrom?: string;
  /** A prebuilt bundle (tests build it once per file); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundleOption;
}

export async function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities({ db: opts.db, publicUrl: opts.publicUrl, mailer: opts.mailer ?? createMailer(undefined), mailFrom: opts.mailFrom ?? 'arshjul@example.org' }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
  });
}
