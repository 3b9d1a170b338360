import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, sessionCookieFor, testApp } from './support/app';

/** The doors themselves, before any handler: what a forged or odd request meets. */
describe('the doors', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    db = await createSeededDatabase();
    // Every request here is refused before a handler could reach Temporal.
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'doors');
    const session = await sessionCookieFor(app);
    cookie = `${session.name}=${session.value}`;
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
    const res = await injectAs(app, { method: 'POST', url: '/api/cycles/preview', payload: { definition: 'kvinnofrid\u0000', year: 2027 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'definition', in: 'body', message: 'får inte innehålla NUL-tecken (\\0)' }]);
  });
});
