import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggedUrl } from '../api/app';
import { loadConfig } from '../config/env';
import { createMailer } from '../activities/mailer';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { apiClient, apiConnection } from '../api/temporal-connection';
import { injectAs } from './support/app';

/** Logs carry no tokens: request lines name the route, not the secret in the address. */
describe('request logs', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase();
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = { ...loadConfig({}), secret: 'log-test-secret-'.padEnd(40, 'x') };
    app = await buildApp(
      { db: database.db, temporal: new Client(), config, mailer: createMailer(undefined) },
      { logger: { level: 'info', stream } },
    );
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('masks link tokens and feed keys', async () => {
    const token = 'A'.repeat(43);
    await app.inject({ method: 'GET', url: `/l/${token}?lang=en` });
    await app.inject({ method: 'GET', url: `/cal/body/styrgrupp.ics?token=secretfeedkey` });
    await app.inject({ method: 'GET', url: `/no/such?key=anotherkey` });
    const log = lines.join('');
    expect(log).toContain('/l/[token]?lang=en');
    expect(log).toContain('/no/such?key=[key]');
    expect(log).not.toContain(token);
    expect(log).not.toContain('secretfeedkey');
    expect(log).not.toContain('anotherkey');
    expect(loggedUrl('/cal/seat/x.ics?lang=sv&token=abc')).toBe('/cal/seat/x.ics?lang=sv&token=[key]');
  });

  it('logs the connecting address, not one a request names in X-Forwarded-For', async () => {
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-for': '203.0.113.9' } });
    const log = lines.join('');
    expect(log).toContain('"remoteAddress":"127.0.0.1"');
    expect(log).not.toContain('203.0.113.9');
  });
});

describe('request ids', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const lines: string[] = [];
  const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    database = await createSeededDatabase();
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    // Nothing listens on port 1: the workflow call fails at once and is logged as failed.
    const temporal = apiClient(apiConnection('127.0.0.1:1'), 'default');
    const config = { ...loadConfig({}), secret: 'log-test-secret-'.padEnd(40, 'x'), temporalCallTimeoutMs: 500 };
    app = await buildApp({ db: database.db, temporal, config, mailer: createMailer(undefined) }, { logger: { level: 'info', stream } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('names each request by an id it returns, on every line about it', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      logged()
        .filter((l) => l.requestId === id)
        .map((l) => l.msg),
    ).toEqual(['incoming request', 'request completed']);
  });

  it('keeps a well-formed request id it is given and replaces one that is not', async () => {
    const kept = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.42');
    const odd = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'a b\u0000<script>' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs a workflow call with its workflowId on the request, and none of what was written', async () => {
    lines.length = 0;
    const instructions = 'Beskriv läget för Anna Andersson på Storgatan 1.';
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      payload: {
        seat: 'samordningsgrupp/polisen',
        title: 'Lägesbild',
        instructions,
        dueAt: '2099-03-31T12:00:00Z',
        actor: { kind: 'coordinator' },
      },
    });
    expect(res.statusCode).toBe(503);
    const call = logged().find((l) => l.msg === 'workflow call failed');
    expect(call).toMatchObject({ requestId: res.headers['x-request-id'], call: 'start', name: 'taskWorkflow' });
    expect(call?.workflowId).toMatch(/^task\/adhoc\//);
    expect(lines.join('')).not.toContain('Storgatan');
  });
});

describe('request logs behind a trusted proxy', () => {
  it('logs the address the proxy names', async () => {
    const database = await createSeededDatabase();
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const config = { ...loadConfig({ TRUST_PROXY: '127.0.0.1' }), secret: 'log-test-secret-'.padEnd(40, 'x') };
    const app = await buildApp(
      { db: database.db, temporal: new Client(), config, mailer: createMailer(undefined) },
      { logger: { level: 'info', stream } },
    );
    try {
      await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(lines.join('')).toContain('"remoteAddress":"203.0.113.9"');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
