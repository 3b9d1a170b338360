import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { workflowBundle } from './temporal';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcessOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl?: string;
}

/** The test file's workflow bundle as a file a worker process loads; returns its path. */
export async function bundleFile(): Promise<string> {
  const file = path.join(os.tmpdir(), `arshjul-workflows-${randomBytes(4).toString('hex')}.js`);
  await writeFile(file, (await workflowBundle()).code);
  return file;
}

/** A worker in its own process (test/support/worker-child.ts), so that a test can SIGKILL it; resolves once it polls. */
export async function spawnWorker(opts: WorkerProcessOptions, bundle: string): Promise<ChildProcess> {
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
