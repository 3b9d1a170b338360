import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { workflowCallLog } from './workflow-log';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

const defaults = defaultGrpcRetryOptions();

/**
 * Temporal's client retries an unreachable engine with a growing backoff. Here a retry is only
 * scheduled when it starts before the call's deadline: a dead engine is then answered at the
 * deadline, not at the first retry after it, and no retry fires once the request has been answered
 * (or the connection closed at shutdown).
 */
const retryWithinDeadline: Interceptor = (options, nextCall) => {
  const deadline = options.deadline === undefined ? Infinity : new Date(options.deadline).getTime();
  let delay = 0;
  return makeGrpcRetryInterceptor({
    retryableDecider: (attempt, status) =>
      defaults.retryableDecider(attempt, status) && Date.now() + (delay = defaults.delayFunction(attempt, status)) < deadline,
    delayFunction: () => delay,
  })(options, nextCall);
};

/**
 * The API's connection to Temporal. Lazy: the API starts while Temporal is down, its pages read
 * PostgreSQL, its actions answer 503 until the engine answers, and /api/ready says which part is missing.
 */
export function apiConnection(address: string): Connection {
  return Connection.lazy({ address, interceptors: [retryWithinDeadline] });
}

/** The API's client: every call into a workflow logged with its workflowId on the request's log line. */
export function apiClient(connection: Connection, namespace: string): Client {
  return new Client({ connection, namespace, interceptors: { workflow: [workflowCallLog] } });
}
