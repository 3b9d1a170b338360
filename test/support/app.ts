import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { coordinatorSeat, findSeat, holderOn } from '../../db/queries/directory';
import { stockholmDate } from '../../core/time';
import { CSRF_COOKIE, openSession, SESSION_COOKIE } from '../../api/plugins/session';
import { buildApp } from '../../api/app';
import { loadConfig, type Config } from '../../config/env';
import type { Db } from '../../db/client';
import type { Client } from '@temporalio/client';
import { createMailer, type Mailer } from '../../activities/mailer';

/** Limits no test of behaviour reaches; the limits themselves are tested with the defaults. */
export const UNLIMITED = { api: 1e9, pages: 1e9, links: 1e9, signin: 1e9, signinAddress: 1e9 };

/** The real fastify app around real dependencies, exercised with `inject`; `settings` changes what the environment would. */
export function testApp(
  db: Db,
  temporal: Client,
  taskQueue: string,
  mailer: Mailer = createMailer(undefined),
  clock?: () => Date,
  settings: Partial<Config> = {},
): Promise<FastifyInstance> {
  const config = { ...loadConfig({}), taskQueue, secret: 'test-secret-'.padEnd(40, 'x'), rateLimits: UNLIMITED, ...settings };
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

/** The address of a seat's holder today (the coordinator's when no seat is named). */
async function holderEmail(app: FastifyInstance, seatRef?: string): Promise<string | undefined> {
  const { db } = app.deps;
  const seat = seatRef ? await findSeat(db, seatRef) : await coordinatorSeat(db);
  const holder = seat && (await holderOn(db, seat.id, stockholmDate(new Date())));
  return holder?.email;
}

/** The session cookie a sign-in link would set for the holder of a seat (or the coordinator), for a browser. */
export async function sessionCookieFor(app: FastifyInstance, seatRef?: string): Promise<{ name: string; value: string }> {
  const email = await holderEmail(app, seatRef);
  if (!email) throw new Error(`no holder on ${seatRef ?? 'the coordinator seat'}`);
  return { name: SESSION_COOKIE, value: app.signCookie(await openSession(app, email)) };
}

/**
 * A signed-in client as a script holds it: the session and CSRF cookies (one `cookie` header) and
 * the CSRF token, asked of `/api/session` as any client asks.
 */
export async function signedInAs(app: FastifyInstance, seatRef?: string): Promise<{ cookie: string; csrf: string }> {
  const session = await sessionCookieFor(app, seatRef);
  return clientOf(app, `${session.name}=${session.value}`);
}

/** The CSRF cookie of each app's one test browser, kept as a browser keeps it: a link page's form then posts from any session. */
const csrfCookies = new WeakMap<FastifyInstance, string>();

async function clientOf(app: FastifyInstance, sessionCookie: string): Promise<{ cookie: string; csrf: string }> {
  const known = csrfCookies.get(app);
  const res = await app.inject({
    method: 'GET',
    url: '/api/session',
    headers: { cookie: known ? `${sessionCookie}; ${known}` : sessionCookie },
  });
  const set = res.cookies.find((c) => c.name === CSRF_COOKIE);
  const secret = set ? `${CSRF_COOKIE}=${set.value}` : known!;
  csrfCookies.set(app, secret);
  return { cookie: `${sessionCookie}; ${secret}`, csrf: res.json<{ csrfToken?: string }>().csrfToken ?? '' };
}

/**
 * Signs in as the `actor` a request names (the coordinator when it names none), exactly as the
 * sign-in link would: a session of the app's own, its cookies and its CSRF token. Tests of
 * sign-in itself use `app.inject` without it.
 */
export async function injectAs(
  app: FastifyInstance,
  opts: InjectOptions,
  as?: { kind: string; seat?: string },
): Promise<LightMyRequestResponse> {
  const actor = as ?? (opts.payload as { actor?: { kind: string; seat?: string } } | undefined)?.actor ?? { kind: 'coordinator' };
  const email = actor.kind === 'coordinator' ? await holderEmail(app) : actor.seat ? await holderEmail(app, actor.seat) : undefined;
  if (!email) return app.inject(opts);
  const { cookie, csrf } = await clientOf(app, `${SESSION_COOKIE}=${app.signCookie(await openSession(app, email))}`);
  return app.inject({ ...opts, headers: { ...opts.headers, cookie, 'x-csrf-token': csrf } });
}

/** What a browser posts back from a page without a session (a link's): the form's CSRF token and the cookie the page set. */
export function csrfOfPage(page: LightMyRequestResponse): { token: string; cookie: string } {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const secret = page.cookies.find((c) => c.name === CSRF_COOKIE);
  return { token, cookie: secret ? `${secret.name}=${secret.value}` : '' };
}
