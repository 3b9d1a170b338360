import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, signedInAs, testApp } from './support/app';
import { buildApp } from '../api/app';
import { DEFAULT_RATE_LIMITS, loadConfig } from '../config/env';
import { createMailer } from '../activities/mailer';
import { storeLink } from '../activities/notices';
import { newToken } from '../db/queries/links';
import { findSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { CSRF_COOKIE } from '../api/plugins/session';

/** The doors themselves, before any handler: what a forged or odd request meets. */
describe('the doors', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    db = await createSeededDatabase();
    // Every request here is refused before a handler could reach Temporal.
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'doors');
    cookie = (await signedInAs(app)).cookie;
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('refuses a CSRF token of the right length in characters but not in bytes with 403', async () => {
    const token = 'é'.padEnd(43, 'x');
    const res = await app.inject({ method: 'POST', url: '/api/cycles/preview', headers: { cookie, 'x-csrf-token': token }, payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('CSRF');
  });

  it('has no default SECRET in the compose file: compose refuses to start without one', () => {
    const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
    const secrets = [...compose.matchAll(/^\s*SECRET:\s*(.+)$/gm)].map((m) => m[1]!.trim());
    expect(secrets.length).toBeGreaterThan(0);
    for (const value of secrets) expect(value).toMatch(/^\$\{ARSHJUL_SECRET:\?[^}]+\}$/);
  });

  it('refuses a NUL character in a path parameter with 400, naming the parameter', async () => {
    for (const url of ['/api/admin/bodies/%00', '/api/admin/seats/styrgrupp/%00']) {
      const res = await injectAs(app, { method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().issues[0].message).toContain('NUL');
    }
  });

  it('refuses a NUL character anywhere in a JSON body with 400, naming the field', async () => {
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/cycles/preview',
      payload: { definition: 'kvinnofrid\u0000', year: 2027 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'definition', in: 'body', message: 'får inte innehålla NUL-tecken (\\0)' }]);
  });
  it('refuses a definition version past any that can exist with 400, before the database sees it', async () => {
    for (const url of ['/api/cycles/preview', '/api/cycles']) {
      const res = await injectAs(app, {
        method: 'POST',
        url,
        payload: { definition: 'kvinnofrid-arshjul', year: 2027, version: 3_000_000_000 },
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().issues[0].field).toBe('version');
    }
  });

  it('refuses a state-changing request another site sends, before anything acts, on every door', async () => {
    for (const url of ['/l/' + 'A'.repeat(43), '/signin', '/api/cycles/preview']) {
      for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
        const res = await app.inject({ method: 'POST', url, headers: { ...headers, cookie }, payload: {} });
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.json().message).toContain('annan webbplats');
      }
    }
  });

  it('lets a request from its own pages through the origin check', async () => {
    const own = [
      { origin: 'http://localhost:80', host: 'localhost:80' },
      { origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' },
      // A page that sends no referrer (the link pages) has its form's origin sent as null.
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of own) {
      const res = await app.inject({ method: 'POST', url: '/signin', headers, payload: { email: 'nobody@example.org' } });
      expect(res.statusCode, JSON.stringify(headers)).not.toBe(403);
    }
  });

  it('answers a sign-in link that expired while its page was open with its own page, and its renewal with 410, not 500', async () => {
    const seat = (await findSeat(db.db, 'styrgrupp/polisen'))!;
    const holder = (await holderOn(db.db, seat.id, stockholmDate(new Date())))!;
    const { token, hash } = newToken();
    const binding = {
      seatId: seat.id,
      holderId: holder.id,
      action: 'signin',
      targetKind: 'person',
      targetId: holder.email,
      expiresAt: new Date(Date.now() + 60_000),
    };
    await storeLink(db.db, hash, binding as Parameters<typeof storeLink>[2]);
    const open = await app.inject({ method: 'GET', url: `/l/${token}` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(open.body)![1]!;
    const secret = open.cookies.find((c) => c.name === CSRF_COOKIE)!;
    await db.db
      .update(t.linkTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(t.linkTokens.tokenHash, hash));
    const page = await app.inject({ method: 'GET', url: `/l/${token}` });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Inloggningslänken har gått ut');
    expect(page.body).not.toContain('/renew');
    const renew = await app.inject({
      method: 'POST',
      url: `/l/${token}/renew`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${secret.name}=${secret.value}` },
      payload: `_csrf=${csrf}`,
    });
    expect(renew.statusCode).toBe(410);
    expect(renew.body).toContain('Länken kan inte förnyas');
  });

  it('counts guessed links per address and day, and writes no audit row for each', async () => {
    const auditBefore = (await db.db.select().from(t.auditEvents)).length;
    for (let i = 0; i < 30; i++) {
      const res = await app.inject({ method: 'GET', url: `/l/${'G'.repeat(42)}${i % 10}`, remoteAddress: '198.51.100.77' });
      expect(res.statusCode).toBe(404);
    }
    expect((await db.db.select().from(t.auditEvents)).length).toBe(auditBefore);
    const [probe] = await db.db.select().from(t.linkProbes).where(eq(t.linkProbes.address, '198.51.100.0'));
    expect(probe).toMatchObject({ attempts: 30, day: stockholmDate(new Date()) });
  });

  it('sends the security headers on every page: no framing, no inline script or style, no sniffing', async () => {
    for (const url of ['/signin', '/l/not-a-real-link', '/', '/cycles']) {
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("style-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('serves the stylesheet the pages link to, from this origin', async () => {
    const page = await app.inject({ method: 'GET', url: '/signin' });
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page.body)![1]!;
    const css = await app.inject({ method: 'GET', url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('.visually-hidden');
  });
});

describe('rate limits, per address and door', () => {
  let db: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createSeededDatabase();
    const config = { ...loadConfig({}), secret: 'limits-secret-'.padEnd(40, 'x') };
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await buildApp({ db: db.db, temporal, config, mailer: createMailer(undefined) }, { logger: false });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const from = (ip: string, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, remoteAddress: ip, headers });

  it("answers 429 with a page in the reader's language once an address has tried too many links", async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.links; i++) expect((await from('192.0.2.1', `/l/guess${i}`)).statusCode).not.toBe(429);
    const refused = await from('192.0.2.1', '/l/one-more');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('För många förfrågningar');
    expect((await from('192.0.2.1', '/l/one-more?lang=en')).body).toContain('Too many requests');
  });

  it('counts each address on its own', async () => {
    expect((await from('192.0.2.2', '/l/first-try')).statusCode).not.toBe(429);
  });

  it('counts each door on its own: an address refused at the links still reaches the API', async () => {
    expect((await from('192.0.2.1', '/api/session')).statusCode).not.toBe(429);
  });

  it('never limits the health check', async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.api + 5; i++) expect((await from('192.0.2.3', '/api/health')).statusCode).not.toBe(429);
  });

  it('answers JSON on the API', async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.signin; i++) await from('192.0.2.4', '/signin');
    const res = await from('192.0.2.4', '/signin', { accept: 'application/json' });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ statusCode: 429 });
  });
});
