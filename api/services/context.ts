import type { FastifyRequest } from 'fastify';
import type { Client } from '@temporalio/client';
import type { Config } from '../../config/env';
import type { Db } from '../../db/client';
import type { Locale } from '../../i18n';

/**
 * What a service function needs to act: the database, Temporal, the settings, the clock, and the
 * reader's language for the refusals it words. JSON routes, page forms and links build it the same way.
 */
export interface Ctx {
  db: Db;
  temporal: Client;
  config: Config;
  now: () => Date;
  locale: Locale;
}

export function ctxOf(request: FastifyRequest): Ctx {
  const { db, temporal, config, clock } = request.server.deps;
  return { db, temporal, config, now: () => clock?.() ?? new Date(), locale: request.locale };
}
