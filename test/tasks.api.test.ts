import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, testApp, injectAs } from './support/app';

/** The vertical slice: API → Temporal → worker → activity → PostgreSQL, all real. */
describe('a task started and completed through the API', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `tasks-api-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
  });

  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const coordinator = { kind: 'coordinator' };
  const polisen = { kind: 'seat', seat: 'samordningsgrupp/polisen' };

  const startTask = async (dueAt: string, seat = 'samordningsgrupp/polisen') => {
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      payload: { seat, title: 'Behovsinventering 2027', instructions: 'Beskriv era behov.', dueAt, actor: coordinator },
    });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; workflowId: string }>();
  };

  const projection = (id: string) =>
    database.db
      .select()
      .from(t.tasks)
      .where(eq(t.tasks.id, id))
      .then((rows) => rows[0]);

  it('starts, answers a status query, completes, and shows the projection', async () => {
    const { id, workflowId } = await startTask('2027-03-31T23:59:00+02:00');
    expect(workflowId).toBe(`task/adhoc/${id}`);

    const open = await eventually(async () => {
      const res = await injectAs(app, { method: 'GET', url: `/api/tasks/${id}` });
      return res.statusCode === 200 ? res.json() : undefined;
    });
    const [seat] = await database.db.select().from(t.seats).where(eq(t.seats.slug, 'samordningsgrupp/polisen'));
    expect(open).toMatchObject({ id, workflowId, status: 'open', seatId: seat!.id, dueAt: '2027-03-31T21:59:00.000Z' });

    const live = await injectAs(app, { method: 'GET', url: `/api/tasks/${id}/live` });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ status: 'open', title: 'Behovsinventering 2027' });

    const done = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${id}/complete`,
      payload: { report: '  Behoven är inventerade.  ', attachments: [{ name: 'behov.pdf', size: 1200 }], actor: polisen },
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', report: 'Behoven är inventerade.' });

    // The update returns only after the projection is written.
    const row = await projection(id);
    expect(row).toMatchObject({ status: 'done', report: 'Behoven är inventerade.', attachments: [{ name: 'behov.pdf', size: 1200 }] });
    expect(row!.completedAt).toBeInstanceOf(Date);

    const result = await temporal.client.workflow.getHandle(workflowId).result();
    expect(result.status).toBe('done');
  });

  it('refuses to complete a task twice, saying it is already done', async () => {
    const { id } = await startTask('2027-03-31T23:59:00+02:00');
    await eventually(() => projection(id));
    const first = await injectAs(app, { method: 'POST', url: `/api/tasks/${id}/complete`, payload: { report: 'Klart.', actor: polisen } });
    expect(first.statusCode).toBe(200);
    const again = await injectAs(app, { method: 'POST', url: `/api/tasks/${id}/complete`, payload: { report: 'Igen.', actor: polisen } });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('Uppgiften kan inte slutföras: den är redan slutförd');
    expect((await projection(id))!.report).toBe('Klart.');
  });

  it('marks a task overdue when its deadline passes', async () => {
    const { id } = await startTask(new Date(Date.now() + 1500).toISOString());
    const overdue = await eventually(async () => {
      const row = await projection(id);
      return row?.overdueSince ? row : undefined;
    });
    expect(overdue.status).toBe('open');
    const done = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${id}/complete`,
      payload: { report: 'Sent men klart.', actor: coordinator },
    });
    expect(done.statusCode).toBe(200);
  });

  it('answers 404 with a clear message for an unknown task', async () => {
    const id = '6f1c1f0e-0000-4000-8000-000000000000';
    for (const [method, url] of [
      ['GET', `/api/tasks/${id}`],
      ['GET', `/api/tasks/${id}/live`],
      ['POST', `/api/tasks/${id}/complete`],
    ] as const) {
      const res = await injectAs(app, { method, url, payload: method === 'POST' ? { report: 'x', actor: coordinator } : undefined });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().message).toBe(`Det finns ingen uppgift med id ${id}`);
    }
    const en = await injectAs(app, { method: 'GET', url: `/api/tasks/${id}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(en.json().message).toBe(`There is no task with id ${id}`);
  });

  it('answers 400 naming the field for a malformed body, and starts nothing', async () => {
    const before = (await database.db.select().from(t.tasks)).length;
    const cases: [unknown, string, RegExp][] = [
      [{ seat: 'samordningsgrupp/polisen', title: 'x', actor: coordinator }, 'dueAt', /obligatoriskt fält saknas/],
      [{ seat: 'samordningsgrupp/polisen', title: 'x', dueAt: '31 mars', actor: coordinator }, 'dueAt', /ogiltig/i],
      [{ seat: 'samordningsgrupp/polisen', title: '', dueAt: '2027-03-31T12:00:00Z', actor: coordinator }, 'title', /tecken/],
      [{ seat: 42, title: 'x', dueAt: '2027-03-31T12:00:00Z', actor: coordinator }, 'seat', /förväntat string/],
      [{ seat: 'samordningsgrupp/polisen', title: 'x', dueAt: '2027-03-31T12:00:00Z' }, 'actor', /obligatoriskt fält saknas/],
    ];
    for (const [payload, field, message] of cases) {
      const res = await injectAs(app, { method: 'POST', url: '/api/tasks', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = res.json();
      expect(body.issues).toEqual([expect.objectContaining({ field, in: 'body', message: expect.stringMatching(message) })]);
      expect(body.message).toContain(`${field}: `);
    }
    const unknownSeat = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks?lang=en',
      payload: { seat: 'styrgrupp/nobody', title: 'x', dueAt: '2027-03-31T12:00:00Z', actor: coordinator },
    });
    expect(unknownSeat.statusCode).toBe(400);
    expect(unknownSeat.json().message).toBe('seat: there is no seat styrgrupp/nobody');

    const notJson = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      headers: { 'content-type': 'application/json' },
      payload: '{"seat":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().message).toBe('Innehållet kunde inte läsas som JSON');

    const emptyReport = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks/6f1c1f0e-0000-4000-8000-000000000000/complete',
      payload: { report: '   ', actor: coordinator },
    });
    expect(emptyReport.statusCode).toBe(400);
    expect(emptyReport.json().issues[0].field).toBe('report');

    expect((await database.db.select().from(t.tasks)).length).toBe(before);
  });

  it('lists the seeded organisations and bodies, as JSON and on the home page', async () => {
    const orgs = await injectAs(app, { method: 'GET', url: '/api/organisations' });
    expect(orgs.json().map((o: { shortName: string }) => o.shortName)).toContain('Storsthlm');
    const bodies = await injectAs(app, { method: 'GET', url: '/api/bodies' });
    const styrgrupp = bodies.json().find((b: { slug: string }) => b.slug === 'styrgrupp');
    expect(styrgrupp.convenor.shortName).toBe('Länsstyrelsen');
    expect(styrgrupp.seats).toHaveLength(7);
    const home = await injectAs(app, { method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('<html lang="sv">');
    expect(home.body).toContain('Åklagarmyndigheten');
    expect(home.body).toContain('Samordningskoordinator');
    const english = await injectAs(app, { method: 'GET', url: '/?lang=en' });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('steering group');
  });

  it('keeps mail in the outbox without SMTP, readable by the coordinator only', async () => {
    const list = await injectAs(app, { method: 'GET', url: '/api/outbox' });
    expect(list.statusCode).toBe(200);
    const mails = list.json<{ id: string; kind: string; status: string; toAddress: string }[]>();
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => m.status === 'held')).toBe(true);
    const page = await injectAs(app, { method: 'GET', url: '/outbox' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('sara.lindgren@polisen.example.org');
    const one = await injectAs(app, { method: 'GET', url: `/outbox/${mails[0]!.id}` });
    expect(one.body).toMatch(/\/l\/[A-Za-z0-9_-]{43}/);
    const member = await injectAs(app, { method: 'GET', url: '/outbox' }, polisen);
    expect(member.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/outbox' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/signin');
  });

  it('publishes an OpenAPI document covering the routes', async () => {
    const res = await injectAs(app, { method: 'GET', url: '/api/openapi.json' });
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/tasks',
        '/api/tasks/{id}',
        '/api/tasks/{id}/complete',
        '/api/organisations',
        '/api/bodies',
        '/api/health',
      ]),
    );
  });
});
