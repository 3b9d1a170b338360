import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { appendAudit } from '../activities/audit';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';

/** The coordinator takes the audit of a period out as CSV; nobody else can. */
describe('the audit as CSV', () => {
  let db: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    db = await createSeededDatabase();
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'audit-export');
    const seat = (await coordinatorSeat(db.db))!;
    const holder = (await holderOn(db.db, seat.id, stockholmDate(new Date())))!;
    const coordinator = { kind: 'coordinator' as const, seatId: seat.id, holderId: holder.id, door: 'api' as const };
    const event = (at: string, action: string, target: string, detail: Record<string, unknown> = {}) =>
      appendAudit(db.db, { action, actor: coordinator, at, detail, ip: '192.0.2.0' }, { kind: 'test', id: target });
    // 23:30 on 28 February in Stockholm: the day before the period.
    await event('2027-02-28T22:30:00Z', 'test.before', 'a');
    await event('2027-03-01T10:00:00Z', 'test.inside', 'b', { reason: 'Sagt "nej"; sedan ja' });
    await event('2027-03-31T21:30:00Z', 'test.lastDay', '=HYPERLINK("http://example.org")');
    // 00:30 on 1 April in Stockholm (summer time): the day after.
    await event('2027-03-31T22:30:00Z', 'test.after', 'c');
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const csv = (query: string, as?: { kind: string; seat?: string }) =>
    injectAs(app, { method: 'GET', url: `/api/admin/audit.csv?${query}` }, as ?? { kind: 'coordinator' });

  it('holds the events of the Stockholm days asked for, both included, oldest first', async () => {
    const res = await csv('from=2027-03-01&to=2027-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-2027-03-01-2027-03-31.csv"');
    const lines = res.body
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('tid (UTC);händelse;aktör;plats;person;väg;gäller;id;adress;detaljer');
    expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(['test.inside', 'test.lastDay']);
    expect(lines[1]).toContain(';coordinator;samordningskoordinering/samordningskoordinator;');
    expect(lines[1]!.split(';')[5]).toBe('api');
  });

  it('quotes what holds a separator or a quote, and keeps a spreadsheet from reading a formula', async () => {
    const body = (await csv('from=2027-03-01&to=2027-03-31')).body;
    expect(body).toContain('"{""reason"":""Sagt \\""nej\\""; sedan ja""}"');
    expect(body).toContain(`;"'=HYPERLINK(""http://example.org"")";`);
  });

  it('names its headings in English on request', async () => {
    const body = (await csv('from=2027-03-01&to=2027-03-31&lang=en')).body;
    expect(body.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('time (UTC);event;actor;seat;person;door;concerns;id;address;details');
  });

  it('refuses a period that ends before it starts, naming both days', async () => {
    const res = await csv('from=2027-04-01&to=2027-03-01');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('2027-04-01');
  });

  it('is the coordinator’s alone', async () => {
    expect((await csv('from=2027-03-01&to=2027-03-31', { kind: 'seat', seat: 'styrgrupp/polisen' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/admin/audit.csv?from=2027-03-01&to=2027-03-31' })).statusCode).toBe(401);
  });
});
