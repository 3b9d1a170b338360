import { timingSafeEqual } from 'node:crypto';
import { operationsCounts } from '../../db/queries/metrics';
import { UserError } from '../plugins/errors';
import type { Metrics } from '../plugins/metrics';
import type { Ctx } from './context';

/** The scraper's bearer token, compared in constant time; without METRICS_TOKEN there is nothing to read. */
function admitted(expected: string | undefined, authorization: string | undefined): boolean {
  if (!expected) return false;
  const given = Buffer.from(/^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The metrics in Prometheus's text format, the gauges read from the records now. Anyone else is
 * told there is no such page, as for a wrong link: the figures say how the agencies' work goes.
 */
export async function scrapeMetrics(
  ctx: Pick<Ctx, 'db' | 'config' | 'now'>,
  metrics: Metrics,
  authorization: string | undefined,
): Promise<{ contentType: string; body: string }> {
  if (!admitted(ctx.config.metricsToken, authorization)) throw new UserError(404, 'error.notFound');
  const counts = await operationsCounts(ctx.db, ctx.now());
  metrics.tasksLate.set(counts.tasksLate);
  for (const [reason, n] of Object.entries(counts.mailsFailed)) metrics.mailsFailed.set({ reason }, n);
  metrics.decisionsPending.set(counts.decisionsPending);
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
