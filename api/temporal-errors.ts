import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isEngineUnavailable, UserError } from './plugins/errors';

/** The failure a workflow's validator or handler threw, if that is what went wrong. */
export function applicationFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
  if (err instanceof ApplicationFailure) return err;
  return undefined;
}

export const failureDetails = (f: ApplicationFailure) => (f.details?.[0] ?? {}) as Record<string, unknown>;

/** Engine errors that are not bugs: a workflow gone, or the engine not answering. */
export function engineError(err: unknown, notFound: UserError): UserError | undefined {
  if (err instanceof WorkflowNotFoundError) return notFound;
  // gRPC UNAVAILABLE / DEADLINE_EXCEEDED: Temporal is down or unreachable.
  if (isEngineUnavailable(err)) return new UserError(503, 'error.temporalUnavailable');
  // The engine answered, but gave up on the call: a workflow no worker runs cannot answer a query.
  if (err instanceof ServiceError) return new UserError(503, 'error.workflowNoAnswer');
  return undefined;
}

/**
 * Runs a call into a workflow and turns its refusals into the user's language: `refusals` maps a
 * failure type to the error to show; anything else not found becomes `notFound`.
 */
export async function talkToWorkflow<T>(
  call: () => Promise<T>,
  notFound: UserError,
  refusals: Record<string, (f: ApplicationFailure) => UserError> = {},
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = applicationFailure(err);
    const refusal = failure?.type ? refusals[failure.type] : undefined;
    if (refusal) throw refusal(failure!);
    throw engineError(err, notFound) ?? err;
  }
}
