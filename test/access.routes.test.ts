import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { ACCESS_LEVELS, type DeclaredRoute } from '../api/plugins/access';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';

/**
 * Walks the route table: every route declares who may use it, and the declaration holds for each
 * role before any handler runs. Temporal is never reached (a lazy connection to nowhere), so a
 * refusal here comes from the access check alone.
 */
const ANY_ID = '00000000-0000-4000-8000-000000000000';
const urlOf = (route: DeclaredRoute) => route.url.replace(/:[A-Za-z]+/g, (p) => (p === ':year' ? '2027' : p === ':token' ? 'x' : ANY_ID));
const holder = { kind: 'seat', seat: 'styrgrupp/polisen' };

describe('the route table', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    db = await createSeededDatabase();
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await testApp(db.db, temporal, 'access-routes');
    await app.ready();
    routes = app.declaredRoutes.filter((r) => !r.url.startsWith('/documentation'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('lists the routes', () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it('declares who may use every route', () => {
    const undeclared = routes.filter((r) => !r.access || !ACCESS_LEVELS.includes(r.access)).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses every route that is not public to a visitor without a session', async () => {
    const letIn: string[] = [];
    for (const route of routes.filter((r) => r.access && r.access !== 'public')) {
      const res = await app.inject({ method: route.method as 'GET', url: urlOf(route) });
      const refused = res.statusCode === 401 || (res.statusCode === 303 && res.headers.location === '/signin');
      if (!refused) letIn.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(letIn).toEqual([]);
  });

  it("refuses the coordinator's routes to a seat holder who is not the coordinator", async () => {
    const letIn: string[] = [];
    for (const route of routes.filter((r) => r.access === 'coordinator')) {
      const res = await injectAs(app, { method: route.method as 'GET', url: urlOf(route) }, holder);
      if (res.statusCode !== 403) letIn.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(letIn).toEqual([]);
  });
});
