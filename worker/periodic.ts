import { Runtime, type Worker } from '@temporalio/worker';

/** How soon a job meant for the worker's start looks again whether the worker runs yet. */
const START_POLL_MS = 1_000;

/**
 * Runs `job` every `everyMs` while the worker runs, one run at a time, and stops once the worker
 * shuts down. `atStart` runs it as soon as the worker runs, too. A failure is logged and the next
 * run tries again: the jobs are checks that a later run repeats.
 */
export function whileRunning(worker: Worker, what: string, everyMs: number, job: () => Promise<unknown>, atStart = false): void {
  const schedule = (ms: number) => setTimeout(() => void tick(), ms).unref();
  const tick = async () => {
    const state = worker.getState();
    if (state !== 'INITIALIZED' && state !== 'RUNNING') return;
    if (state === 'INITIALIZED') return schedule(atStart ? START_POLL_MS : everyMs);
    try {
      await job();
    } catch (error) {
      if (worker.getState() === 'RUNNING') Runtime.instance().logger.warn(`${what} failed`, { error });
    }
    schedule(everyMs);
  };
  schedule(atStart ? 0 : everyMs);
}
