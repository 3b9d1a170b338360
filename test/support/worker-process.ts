import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { workflowBundle } from './temporal';
import { injectAs } from './app';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** The SDK's default identity, as Temporal records it in a history. */
  identity: string;
  /** What the process wrote, stdout and stderr together. */
  output(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** The workflows bundled once, as `npm run build:workflows` writes them, for WORKFLOW_BUNDLE. */
export async function bundleFile(): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'arshjul-bundle-'));
  const file = path.join(dir, 'workflow-bundle.js');
  await writeFile(file, (await workflowBundle()).code);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * worker/main.ts as a deployment runs it, against the run's dev server: node itself with tsx's
 * loader in-process, so a signal sent to the child reaches the worker's own handlers.
 */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: { ...process.env, TEMPORAL_ADDRESS: inject('temporalAddress'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    identity: `${child.pid}@${hostname()}`,
    output: () => out,
    exited: once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>,
  };
}

/** The worker has logged that it reached a state of the SDK's (RUNNING, DRAINING, STOPPED…). */
export const inState = (worker: WorkerProcess, state: string) =>
  new RegExp(`Worker state changed \\{[^}]*\\bstate: '${state}'`).test(worker.output()) || undefined;

/** A one-off task through the API: a workflow task for the worker, and a notice mailed to the seat's holder. */
export async function giveTask(app: FastifyInstance, seat: string): Promise<{ id: string; workflowId: string }> {
  const res = await injectAs(app, {
    method: 'POST',
    url: '/api/tasks',
    payload: { seat, title: 'Lägesbild', dueAt: '2099-03-31T12:00:00Z', actor: { kind: 'coordinator' } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
