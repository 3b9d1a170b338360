import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { WorkflowClientInterceptor } from '@temporalio/client';

/** The logger of the request being handled, so a call into Temporal logs on the request's line of ids. */
export const requestLog = new AsyncLocalStorage<FastifyBaseLogger>();

/**
 * Logs every call the API makes into a workflow with its workflowId, beside the request's id: an
 * operator follows one action from the HTTP request to the workflow's history in Temporal's UI.
 * Only names are logged, never arguments (they hold reports, comments and addresses).
 */
function logged<I, O>(call: string, of: (input: I) => { workflowId?: string | null; name: string }) {
  return async (input: I, next: (input: I) => Promise<O>): Promise<O> => {
    const log = requestLog.getStore();
    const { workflowId, name } = of(input);
    try {
      const result = await next(input);
      log?.info({ workflowId, call, name }, 'workflow call');
      return result;
    } catch (err) {
      log?.warn({ workflowId, call, name, failure: (err as Error).name, reason: (err as Error).message }, 'workflow call failed');
      throw err;
    }
  };
}

export const workflowCallLog: WorkflowClientInterceptor = {
  startWithDetails: logged('start', (i) => ({ workflowId: i.options.workflowId, name: i.workflowType })),
  startUpdate: logged('update', (i) => ({ workflowId: i.workflowExecution.workflowId, name: i.updateName })),
  signal: logged('signal', (i) => ({ workflowId: i.workflowExecution.workflowId, name: i.signalName })),
  query: logged('query', (i) => ({ workflowId: i.workflowExecution.workflowId, name: i.queryType })),
  describe: logged('describe', (i) => ({ workflowId: i.workflowExecution.workflowId, name: 'describe' })),
};
