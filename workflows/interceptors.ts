import {
  ContinueAsNew,
  isCancellation,
  proxySinks,
  TemporalFailure,
  type Next,
  type SignalInput,
  type Sinks,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The worker's side of failure reporting: it records the problem and tells the coordinator. */
export interface ProblemSinks extends Sinks {
  problems: {
    workflowTaskFailed(failure: { message: string }): void;
  };
}

const { problems } = proxySinks<ProblemSinks>();

/**
 * A `TemporalFailure` (a refusal, a failed child or activity) fails the workflow or the update on
 * purpose, and continue-as-new and cancellation are how workflows end. Anything else is a bug in
 * workflow code: Temporal fails the workflow task and retries it forever, and nothing moves. The
 * worker hears of it through the sink, which runs outside the sandbox and not during replay.
 */
function reportBug(err: unknown): never {
  if (!(err instanceof TemporalFailure) && !(err instanceof ContinueAsNew) && !isCancellation(err)) {
    problems.workflowTaskFailed({ message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
  throw err;
}

class ReportBugs implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    return next(input).catch(reportBug);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    return next(input).catch(reportBug);
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    return next(input).catch(reportBug);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ReportBugs()] });
