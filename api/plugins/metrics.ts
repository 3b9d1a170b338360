import fp from 'fastify-plugin';
import { Gauge, Histogram, Registry } from 'prom-client';

/** The app's own Prometheus registry: one per app, so two apps in one process (tests) count apart. */
export interface Metrics {
  registry: Registry;
  tasksLate: Gauge;
  mailsFailed: Gauge<'reason'>;
  decisionsPending: Gauge;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/**
 * Times every answer by route, method and status class. The gauges are set from the records when
 * /metrics is scraped, so a replica that just started reports the same figures as one that ran all year.
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    const latency = new Histogram({
      name: 'arshjul_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route, method and status class',
      labelNames: ['route', 'method', 'status_class'] as const,
      registers: [registry],
    });
    app.decorate('metrics', {
      registry,
      tasksLate: new Gauge({ name: 'arshjul_tasks_late', help: 'Open tasks past their due time', registers: [registry] }),
      mailsFailed: new Gauge({
        name: 'arshjul_mails_failed',
        help: 'Mails not delivered: refused for now (failed), for good (bounced), or pending past their time (overdue)',
        labelNames: ['reason'] as const,
        registers: [registry],
      }),
      decisionsPending: new Gauge({ name: 'arshjul_decisions_pending', help: 'Decisions open for votes', registers: [registry] }),
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      latency.observe({ route, method: request.method, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics' },
);
