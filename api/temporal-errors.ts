import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { UserError } from './plugins/errors';

/** The failure a workflow's validator or handler threw, if that is what went wrong. */
export function applicationFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
  if (err instanceof ApplicationFailure) return err;
  return undefined;
}

/** Engine errors that are not bugs: a workflow gone, or the engine not answering. */
export function engineError(err: unknown, notFound: UserError): UserError | undefined {
  if (err instanceof WorkflowNotFoundError) return notFound;
  const code = (err as { code?: number })?.code;
  // gRPC UNAVAILABLE / DEADLINE_EXCEEDED: Temporal is down or unreachable.
  if (code === 14 || code === 4) return new UserError(503, 'error.temporalUnavailable');
  return undefined;
}
