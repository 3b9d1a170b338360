import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMailer } from '../activities/mailer';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, injectAs, testApp } from './support/app';

const TOKEN = 'metrics-token-for-the-scraper';

/** Prometheus's view: figures read from the records at scrape time, and how long answers take. */
describe('metrics', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    // Nothing listens on port 1: every mail fails for now, as with an SMTP server that is down.
    temporal = await startTemporal(database.db, 'metrics', createMailer('smtp://127.0.0.1:1'));
    // The app's clock stands in the next century, so a task due in 2099 is late.
    app = await testApp(database.db, temporal.client, 'metrics', undefined, () => new Date('2100-01-01T00:00:00Z'), {
      metricsToken: TOKEN,
    });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const scrape = async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };
  const value = (body: string, series: string) =>
    Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(body)?.[1] ?? NaN);

  it('counts a late task, a failed mail and no pending decision', async () => {
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      payload: { seat: 'samordningsgrupp/polisen', title: 'Lägesbild', dueAt: '2099-03-31T12:00:00Z', actor: { kind: 'coordinator' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = await eventually(async () => {
      const text = await scrape();
      return value(text, 'arshjul_tasks_late') === 1 && value(text, 'arshjul_mails_failed{reason="failed"}') === 1 ? text : undefined;
    });
    expect(value(body, 'arshjul_mails_failed{reason="bounced"}')).toBe(0);
    expect(value(body, 'arshjul_mails_failed{reason="overdue"}')).toBe(0);
    expect(value(body, 'arshjul_decisions_pending')).toBe(0);
  });

  it('times answers by route, method and status class', async () => {
    const body = await scrape();
    expect(value(body, 'arshjul_http_request_duration_seconds_count{route="/api/tasks",method="POST",status_class="2xx"}')).toBe(1);
  });

  it('is not there without the token', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.statusCode).toBe(404);
  });
});
