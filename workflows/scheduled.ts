import { ApplicationFailure, ParentClosePolicy, startChild, WorkflowIdReusePolicy } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { activities } from './common';
import { cycleWorkflow } from './cycle';

/**
 * What a definition's yearly Temporal Schedule runs: resolve this year's plan (or the given
 * year's, to start a year ahead) from the latest definition and start the cycle, which then lives
 * on its own. A cycle already running for the year is left alone (the id policy refuses the
 * duplicate).
 */
export async function scheduledCycleWorkflow(args: {
  definitionKey: string;
  year?: number;
}): Promise<{ cycleId: string; started: boolean }> {
  const prepared = await activities.prepareScheduledCycle({
    definitionKey: args.definitionKey,
    at: new Date().toISOString(),
    ...(args.year ? { year: args.year } : {}),
  });
  if (!prepared.ok) {
    throw ApplicationFailure.create({ type: 'CyclePlanInvalid', message: prepared.problems.join('; '), nonRetryable: true });
  }
  try {
    await startChild(cycleWorkflow, {
      workflowId: prepared.input.cycleId,
      args: [prepared.input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return { cycleId: prepared.input.cycleId, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { cycleId: prepared.input.cycleId, started: false };
    throw err;
  }
}
