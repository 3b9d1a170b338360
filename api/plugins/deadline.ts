import fp from 'fastify-plugin';
import type { Client } from '@temporalio/client';
import { requestLog } from '../workflow-log';

/**
 * Every call to Temporal made while a request is handled shares one deadline, counted from the
 * handler's start: a hung engine then answers DEADLINE_EXCEEDED instead of never, a dead one stops
 * being retried, and the error handler turns either into a 503 in the reader's language. The
 * deadline rides on the client's call context, so services need not pass it along; the request's
 * logger rides along the same way, for the workflow calls it logs.
 */
export default fp<{ temporal: Client; ms: number }>(
  async (app, { temporal, ms }) => {
    app.addHook('onRoute', (route) => {
      const handler = route.handler;
      route.handler = function (this: typeof app, request, reply) {
        return requestLog.run(request.log, () => temporal.withDeadline(Date.now() + ms, async () => handler.call(this, request, reply)));
      };
    });
  },
  { name: 'deadline' },
);
