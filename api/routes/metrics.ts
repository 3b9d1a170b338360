import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../services/context';
import { scrapeMetrics } from '../services/metrics';

/** Prometheus's scrape: the bearer token of METRICS_TOKEN, checked by the service. */
const metrics: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/metrics',
    { config: { access: 'public' }, schema: { summary: 'Metrics in Prometheus format (bearer METRICS_TOKEN)', hide: true } },
    async (request, reply) => {
      const scraped = await scrapeMetrics(ctxOf(request), app.metrics, request.headers.authorization);
      return reply.type(scraped.contentType).send(scraped.body);
    },
  );
};

export default metrics;
