import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app';
import { loadConfig } from '../config/env';
import { createMailer } from '../activities/mailer';
import { freePort } from '../cli/temporal-dev';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { cycles } from '../db/schema';
import { signedInAs, UNLIMITED } from './support/app';

/** Every route of the app, read from fastify's own route tree: [method, path]. */
function routesOf(app: FastifyInstance): [string, string][] {
  const stack: string[] = [];
  const routes: [string, string][] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^(.*?)(?:├── |└── )(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const segment = m[2]!;
    const path =
      depth === 0 ? segment : `${stack[depth - 1]}${stack[depth - 1]!.endsWith('/') || segment.startsWith('/') ? '' : '/'}${segment}`;
    stack[depth] = path;
    for (const method of m[3]!.split(', ')) if (method === 'GET' || method === 'POST' || method === 'PUT') routes.push([method, path]);
  }
  return routes;
}

const garbage = ['x', '00000000-0000-4000-8000-000000000000', 'ä ö/..', 'a'.repeat(300), '2027', '%00', '-1'];

/**
 * Bad input gets a clear 4xx and never a 5xx: every route with garbage in each place, signed in
 * and not, while the process engine does not answer (only the engine's own 503 is allowed).
 */
describe('every route, with bad input and no process engine', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    database = await createSeededDatabase();
    // No retries: each call to the absent engine fails at once, as it would after the retries.
    const temporal = new Client({
      connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '200ms', interceptors: [] }),
    });
    const config = { ...loadConfig({}), secret: 'robustness-secret-'.padEnd(40, 'x'), rateLimits: UNLIMITED };
    app = await buildApp({ db: database.db, temporal, config, mailer: createMailer(undefined) }, { logger: false });
    ({ cookie, csrf } = await signedInAs(app));
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('answers with 4xx (or 503 from the engine), never another 5xx', { timeout: 300_000 }, async () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(60);
    const failures: string[] = [];
    for (const [method, path] of routes) {
      for (const value of garbage) {
        const url =
          path.replace(/:(\w+)(\.ics)?/g, (_m, _n, ext) => encodeURIComponent(value) + (ext ?? '')) +
          `?year=${encodeURIComponent(value)}&lang=${encodeURIComponent(value)}`;
        const bodies: (string | undefined)[] =
          method === 'GET'
            ? [undefined]
            : [
                '{}',
                '{"actor":{"kind":"coordinator"},"reason":7}',
                'not json',
                `_csrf=${csrf}&confirm=yes&seat=${encodeURIComponent(value)}`,
              ];
        for (const payload of bodies) {
          for (const signedIn of [true, false]) {
            const contentType = payload?.startsWith('_csrf') ? 'application/x-www-form-urlencoded' : 'application/json';
            const res = await app.inject({
              method: method as 'GET',
              url,
              payload,
              headers: { ...(payload ? { 'content-type': contentType } : {}), ...(signedIn ? { cookie, 'x-csrf-token': csrf } : {}) },
            });
            const engine = res.statusCode === 503 && /Processmotorn svarar inte|process engine|Arbetsflödet svarar inte/.test(res.body);
            // Readiness says 503 by design when the engine does not answer, naming the part.
            const unready = path === '/api/ready' && res.statusCode === 503 && res.json().temporal === 'unavailable';
            if (res.statusCode >= 500 && !engine && !unready)
              failures.push(`${method} ${url} ${payload ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
        }
      }
      // Signing out revokes the session: the routes after it are walked with a new one.
      if (path.startsWith('/signout')) ({ cookie, csrf } = await signedInAs(app));
    }
    expect(failures).toEqual([]);
  });

  it('asks to try again when a valid action cannot reach the engine, and records nothing', async () => {
    const headers = { cookie, 'x-csrf-token': csrf };
    const api = await app.inject({
      method: 'POST',
      url: '/api/cycles',
      headers,
      payload: { definition: 'kvinnofrid-arshjul', year: 2030, actor: { kind: 'coordinator' } },
    });
    expect(api.statusCode).toBe(503);
    expect(api.json().message).toBe('Processmotorn svarar inte just nu. Försök igen om en stund.');
    const page = await app.inject({
      method: 'POST',
      url: '/cycles/new',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrf}&definition=kvinnofrid-arshjul&year=2030&confirm=yes`,
    });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Processmotorn svarar inte just nu.');
    expect(await database.db.select().from(cycles)).toEqual([]);
  });
});
