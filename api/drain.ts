import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * Closes the app once its requests in flight are answered. Fastify's close waits for them, but an
 * answer on a keep-alive connection would leave that connection open and the server with it: the
 * answers given while closing say `Connection: close`.
 */
export function closeWhenDrained(app: FastifyInstance): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  return async () => {
    app.log.info({ inFlight: inFlight.size }, 'stopping: finishing the requests in flight');
    for (const response of inFlight) response.shouldKeepAlive = false;
    await app.close();
  };
}
