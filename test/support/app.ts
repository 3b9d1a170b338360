import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { coordinatorSeat, findSeat, holderOn } from '../../db/queries/directory';
import { stockholmDate } from '../../core/time';
import { csrfTokenFor, SESSION_COOKIE, sessionValue } from '../../api/plugins/session';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import type { Db } from '../../db/client';
import type { Client } from '@temporalio/client';
import { createMailer, type Mailer } from '../../activities/mailer';

/** Limits no test of behaviour reaches; the limits themselves are tested with the defaults. */
export const UNLIMITED = { api: 1e9, pages: 1e9, links: 1e9, signin: 1e9 };

/** The real fastify app around real dependencies, exercised with `inject`. */
export function testApp(
  db: Db,
  temporal: Client,
  taskQueue: string,
  mailer: Mailer = createMailer(undefined),
  clock?: () => Date,
): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), taskQueue, secret: 'test-secret-'.padEnd(40, 'x'), rateLimits: UNLIMITED };
  return buildApp({ db, temporal, config, mailer, clock }, { logger: false });
}

/**
 * Polls until `check` returns a value (projections are written by activities, a moment later).
 * It keeps no deadline of its own: the test's timeout bounds it, so a slow machine makes a test
 * slower, never red.
 */
export async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The session cookie a sign-in link would set for the holder of a seat (or the coordinator), for a browser. */
export async function sessionCookieFor(app: FastifyInstance, seatRef?: string): Promise<{ name: string; value: string }> {
  const { db } = app.deps;
  const seat = seatRef ? await findSeat(db, seatRef) : await coordinatorSeat(db);
  const holder = seat && (await holderOn(db, seat.id, stockholmDate(new Date())));
  if (!holder) throw new Error(`no holder on ${seatRef ?? 'the coordinator seat'}`);
  return { name: SESSION_COOKIE, value: app.signCookie(sessionValue(holder.email, Date.now())) };
}

/**
 * Signs in as the `actor` a request names (the coordinator when it names none), exactly as the
 * sign-in link would: a session cookie signed with the app's secret and its CSRF token. Tests
 * of sign-in itself use `app.inject` without it.
 */
export async function injectAs(
  app: FastifyInstance,
  opts: InjectOptions,
  as?: { kind: string; seat?: string },
): Promise<LightMyRequestResponse> {
  const actor = as ?? (opts.payload as { actor?: { kind: string; seat?: string } } | undefined)?.actor ?? { kind: 'coordinator' };
  const { db, config } = app.deps;
  const seat = actor.kind === 'coordinator' ? await coordinatorSeat(db) : await findSeat(db, actor.seat!);
  const holder = seat && (await holderOn(db, seat.id, stockholmDate(new Date())));
  if (!holder) return app.inject(opts);
  const value = sessionValue(holder.email, Date.now());
  return app.inject({
    ...opts,
    headers: { ...opts.headers, cookie: `${SESSION_COOKIE}=${app.signCookie(value)}`, 'x-csrf-token': csrfTokenFor(config.secret!, value) },
  });
}
