import { defineSignal, setHandler, sleep } from '@temporalio/workflow';

/** The shipped workflows plus one with a bug, bundled only by the tests of failure reporting. */
export * from '../../workflows/index';

export const fix = defineSignal('fix');

/**
 * Once its timer fires it reads a field of nothing, as a real bug would: the workflow task fails,
 * and Temporal retries it, failing again each time, until the `fix` signal arrives first.
 */
export async function brokenWorkflow(): Promise<number> {
  let fixed = false;
  setHandler(fix, () => {
    fixed = true;
  });
  await sleep(10);
  const plan = (fixed ? { steps: [] } : undefined) as { steps: unknown[] };
  return plan.steps.length;
}
