import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../services/context';
import { checkHealth, checkReadiness } from '../services/health';

const part = z.enum(['ok', 'unavailable']);
const readiness = z.object({ status: z.enum(['ready', 'unready']), database: part, temporal: part });

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: { summary: 'Liveness: the process answers', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => checkHealth(),
  );

  app.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Readiness: PostgreSQL and Temporal answer within the deadline; 503 names the part that did not',
        response: { 200: readiness, 503: readiness },
      },
    },
    async (request, reply) => {
      const result = await checkReadiness(ctxOf(request));
      return reply.status(result.status === 'ready' ? 200 : 503).send(result);
    },
  );
};

export default health;
