import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface KillableWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl?: string;
}

/**
 * A worker in its own process (test/support/worker-child.ts) on a bundle from worker-process.ts's
 * `bundleFile`, so that a test can SIGKILL it; resolves once it polls.
 */
export async function spawnKillableWorker(opts: KillableWorkerOptions, bundle: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-child.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: opts.address,
      TEMPORAL_NAMESPACE: opts.namespace,
      TEMPORAL_TASK_QUEUE: opts.taskQueue,
      DATABASE_URL: opts.databaseUrl,
      SMTP_URL: opts.smtpUrl ?? '',
      WORKFLOW_BUNDLE: bundle,
    },
    // The IPC channel says when the worker polls, and closes when this process ends: the worker then ends too.
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code, signal) => reject(new Error(`the worker process ended before it polled (${code ?? signal})`)));
  });
  return child;
}

/** SIGKILL, as the kernel's OOM killer or a pulled plug would, and wait until it is gone. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
