import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import type { Db } from '../../db/client';
import type { Client } from '@temporalio/client';
import { createMailer, type Mailer } from '../../activities/mailer';

/** The real fastify app around real dependencies, exercised with `inject`. */
export function testApp(db: Db, temporal: Client, taskQueue: string, mailer: Mailer = createMailer(undefined)): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), taskQueue, secret: 'test-secret-'.padEnd(40, 'x') };
  return buildApp({ db, temporal, config, mailer }, { logger: false });
}

/** Polls until `check` returns a value (projections are written by activities, a moment later). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
