import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { and, eq } from 'drizzle-orm';
import ical from 'node-ical';
import * as t from '../db/schema';
import { findSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { diffDefinitions } from '../core/definition-diff';
import { openSession, SESSION_COOKIE } from '../api/plugins/session';
import { feedToken } from '../api/feeds';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { shippedDefinitions } from '../db/seed';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, injectAs, testApp } from './support/app';
import { decisionCycle } from './support/definitions';

const coordinator = { kind: 'coordinator' };
const member = { kind: 'seat', seat: 'styrgrupp/polisen' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

describe('step-level diff of cycle definitions', () => {
  const base = {
    key: 'd',
    name: 'D',
    roles: { a: 'x/y' },
    phases: [
      {
        key: 'p1',
        title: 'P1',
        steps: [
          { key: 's1', kind: 'tasks', title: 'S1', due: 'Y-03-01' },
          { key: 's2', kind: 'tasks', title: 'S2', due: 'Y-04-01' },
        ],
      },
    ],
  };

  it('finds added, removed and changed steps with the fields that changed', () => {
    const next = structuredClone(base) as typeof base & { phases: { steps: Record<string, unknown>[] }[] };
    next.name = 'D2';
    next.phases[0]!.steps[0]!.due = 'Y-03-15';
    next.phases[0]!.steps[0]!.reminders = { before: ['3d'] };
    next.phases[0]!.steps.splice(1, 1, { key: 's3', kind: 'report', title: 'S3', due: 'Y-05-01' });
    const diff = diffDefinitions(base, next);
    expect(diff.definition).toEqual([{ field: 'name', before: 'D', after: 'D2' }]);
    expect(diff.steps).toEqual([
      {
        key: 's1',
        status: 'changed',
        phase: 'p1',
        title: 'S1',
        changes: [
          { field: 'due', before: 'Y-03-01', after: 'Y-03-15' },
          { field: 'reminders', after: { before: ['3d'] } },
        ],
      },
      { key: 's3', status: 'added', phase: 'p1', title: 'S3', changes: [] },
      { key: 's2', status: 'removed', phase: 'p1', title: 'S2', changes: [] },
    ]);
  });

  it('reads a step moved to another phase or place as changed, and equal versions as unchanged', () => {
    const moved = {
      ...base,
      phases: [
        { key: 'p1', title: 'P1', steps: [base.phases[0]!.steps[1]!] },
        { key: 'p2', title: 'P2', steps: [base.phases[0]!.steps[0]!] },
      ],
    };
    const diff = diffDefinitions(base, moved);
    expect(diff.phases).toEqual([{ key: 'p2', status: 'added', title: 'P2', changes: [] }]);
    expect(diff.steps.find((s) => s.key === 's1')?.changes).toEqual([
      { field: 'phase', before: 'p1', after: 'p2' },
      { field: 'position', before: 1, after: 2 },
    ]);
    expect(diffDefinitions(base, structuredClone(base)).unchanged).toBe(true);
  });
});

describe('administration pages, their JSON and the calendar feeds', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `admin-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const get = (url: string, as: { kind: string; seat?: string } = coordinator) => injectAs(app, { method: 'GET', url }, as);
  const post = (url: string, fields: Record<string, string>, as: { kind: string; seat?: string } = coordinator) =>
    injectAs(app, { method: 'POST', url, payload: form(fields), headers: formHeaders }, as);
  /** A session cookie without the CSRF token that belongs to it. */
  const cookieOnly = async (email: string) => ({ cookie: `${SESSION_COOKIE}=${app.signCookie(await openSession(app, email))}` });
  const isPage = (res: LightMyRequestResponse) => {
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  };

  const pages = [
    ['/admin', 'Administration'],
    ['/admin/organisations', 'Polismyndigheten, region Stockholm'],
    ['/admin/bodies', 'Samordningsgrupp'],
    ['/admin/bodies/styrgrupp', 'Innehavare över tid'],
    ['/admin/seats/styrgrupp/polisen', 'Kalender att prenumerera på'],
    ['/admin/strategy', 'Ingen ska utsättas för eller uppleva våld i Stockholms län.'],
    ['/admin/measures', 'exempel'],
    ['/admin/indicators', 'Nationella trygghetsundersökningen (NTU), Brå'],
    ['/admin/definitions', 'kvinnofrid-arshjul'],
    ['/admin/definitions/kvinnofrid-arshjul/1', 'Behovsinventering: regionala och lokala behov'],
    ['/admin/definitions/kvinnofrid-arshjul/1/diff', 'Version 1 är den första'],
    ['/admin/definitions/new', 'Ny version av en cykeldefinition'],
  ] as const;

  it('renders every page from the records, in Swedish and in English', async () => {
    for (const [url, text] of pages) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      isPage(res);
      expect(res.body, url).toContain(text);
      const en = await get(`${url}?lang=en`);
      expect(en.statusCode, url).toBe(200);
      expect(en.body, url).toContain('<html lang="en">');
    }
    expect((await get('/admin/measures?lang=en')).body).toContain('example');
    expect((await get('/admin/indicators?lang=en')).body).toContain('no values yet');
  });

  it('needs sign-in: pages send anonymous readers to sign in, JSON answers 401', async () => {
    const page = await app.inject({ method: 'GET', url: '/admin/bodies/styrgrupp' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/signin');
    expect((await app.inject({ method: 'GET', url: '/api/admin/seats/styrgrupp/polisen' })).statusCode).toBe(401);
    // The register is the coordinator's: a member is refused it.
    expect((await get('/admin/seats/styrgrupp/polisen', member)).statusCode).toBe(403);
    expect((await get('/admin/seats/styrgrupp/polisen')).body).toContain('Byt innehavare');
  });

  it('serves the same data as JSON, described in the OpenAPI document', async () => {
    const body = (await get('/api/admin/bodies/styrgrupp')).json();
    expect(body.seats).toHaveLength(7);
    expect(body.seats.find((s: { slug: string }) => s.slug === 'styrgrupp/polisen').holders[0]).toMatchObject({
      validFrom: '2023-01-01',
      validTo: null,
    });
    expect(body.feedUrl).toMatch(/\/cal\/body\/styrgrupp\.ics\?token=[A-Za-z0-9_-]{32}$/);
    const measures = (await get('/api/admin/measures')).json();
    expect(measures[0].measures.every((m: { example: boolean }) => m.example)).toBe(true);
    expect(measures[0].measures[0].owners.length).toBeGreaterThan(0);
    expect((await get('/api/admin/indicators')).json()[0]).toMatchObject({ source: expect.any(String), values: [] });
    expect((await get('/api/admin/strategy')).json()[0].goals).toHaveLength(8);
    expect((await get('/api/admin/organisations')).json().find((o: { slug: string }) => o.slug === 'polisen').seats).toBe(2);
    const versions = (await get('/api/admin/definitions')).json();
    expect(versions).toContainEqual(expect.objectContaining({ key: 'kvinnofrid-arshjul', version: 1 }));
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/admin/organisations',
      '/api/admin/bodies/{body}',
      '/api/admin/seats/{body}/{seat}',
      '/api/admin/strategy',
      '/api/admin/measures',
      '/api/admin/indicators',
      '/api/admin/definitions',
      '/api/admin/definitions/{key}/{version}',
      '/api/admin/definitions/{key}/{version}/diff',
    ]) {
      expect(openapi.paths[path], path).toBeDefined();
    }
  });

  it('says what is wrong for unknown ids and malformed input, never with a 500', async () => {
    const cases = [
      ['/admin/bodies/ingen-sadan', 404, 'Det finns inget organ ingen-sadan'],
      ['/admin/seats/styrgrupp/ingen', 404, 'Det finns ingen plats styrgrupp/ingen'],
      ['/admin/definitions/finns-inte', 404, 'Det finns ingen cykeldefinition finns-inte'],
      ['/admin/definitions/kvinnofrid-arshjul/99', 404, 'Det finns ingen version 99 av cykeldefinitionen kvinnofrid-arshjul'],
      ['/admin/definitions/kvinnofrid-arshjul/99/diff', 404, 'Det finns ingen version 99'],
      ['/admin/definitions/kvinnofrid-arshjul/tva', 400, 'version'],
      ['/admin/definitions/Ogiltig%20nyckel/1', 400, 'key'],
      ['/admin/definitions/new?from=finns-inte', 404, 'Det finns ingen cykeldefinition finns-inte'],
      ['/admin/seats/styrgrupp/polisen?moved=-1', 400, 'moved'],
      ['/admin/finns-inte', 404, 'Sidan'],
    ] as const;
    for (const [url, status, text] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      isPage(res);
      expect(res.body, url).toContain(text);
    }
    const json = await get('/api/admin/seats/styrgrupp/ingen');
    expect(json.statusCode).toBe(404);
    expect(json.json().message).toBe('Det finns ingen plats styrgrupp/ingen');
  });

  describe('holder change', () => {
    const seat = 'samordningsgrupp/polisen';
    const url = `/admin/seats/${seat}/holder`;
    const fields = { name: 'Sara Lind', email: 'Sara.Lind@Polisen.example.org', locale: 'sv', validFrom: stockholmDate(new Date()) };

    it('refuses without the CSRF token, and for anyone but the coordinator', async () => {
      const [coordinatorHolder] = await database.db.select().from(t.holders).where(eq(t.holders.name, 'Ulrika Strand'));
      const noCsrf = await app.inject({
        method: 'POST',
        url,
        payload: form(fields),
        headers: { ...formHeaders, ...(await cookieOnly(coordinatorHolder!.email)) },
      });
      expect(noCsrf.statusCode).toBe(403);
      isPage(noCsrf);
      expect(noCsrf.body).toContain('CSRF');
      const asMember = await post(url, { ...fields, confirm: '1' }, member);
      expect(asMember.statusCode).toBe(403);
      expect(asMember.body).toContain('Bara samordningskoordinatorn');
      const anonymous = await app.inject({ method: 'POST', url, payload: form(fields), headers: formHeaders });
      expect(anonymous.statusCode).toBe(401);
    });

    it('shows each wrong field in the form, in the reader’s language', async () => {
      const bad = await post(url, { ...fields, email: 'inte-en-adress', validFrom: '2027-02-30' });
      expect(bad.statusCode).toBe(400);
      isPage(bad);
      expect(bad.body).toContain('Formuläret har 2 fel');
      expect(bad.body).toMatch(/id="holder-email-error"/);
      expect(bad.body).toMatch(/id="holder-validFrom-error"/);
      expect(bad.body).toContain('value="inte-en-adress"');
      const en = await post(`${url}?lang=en`, { ...fields, name: '' });
      expect(en.statusCode).toBe(400);
      expect(en.body).toContain('The form has 1 errors');
      // A first day before the sitting holder's would give the seat two holders at once.
      const early = await post(url, { ...fields, validFrom: '2020-01-01' });
      expect(early.statusCode).toBe(400);
      expect(early.body).toContain('platsen har en innehavare från 2023-01-01');
      const api = await injectAs(app, {
        method: 'POST',
        url: `/api/seats/${seat}/holders`,
        payload: { ...fields, validFrom: '2020-01-01', actor: coordinator },
      });
      expect(api.statusCode).toBe(400);
      expect(api.json().message).toBe('validFrom: platsen har en innehavare från 2023-01-01; välj den dagen eller en senare');
    });

    it('shows the open work that moves before confirming, then moves it to the new holder', async () => {
      const started = await injectAs(app, {
        method: 'POST',
        url: '/api/tasks',
        payload: {
          seat,
          title: 'Lägesbild från polisen',
          instructions: 'Beskriv läget.',
          dueAt: '2099-03-31T23:59:00+02:00',
          actor: coordinator,
        },
      });
      expect(started.statusCode).toBe(201);
      const task = started.json<{ id: string }>();
      await eventually(async () => (await database.db.select().from(t.tasks).where(eq(t.tasks.id, task.id)))[0]);

      const preview = await post(url, fields);
      expect(preview.statusCode).toBe(200);
      isPage(preview);
      expect(preview.body).toContain('Bekräfta bytet av innehavare');
      expect(preview.body).toContain('Lägesbild från polisen');
      expect(preview.body).toContain('sara.lind@polisen.example.org');
      const seatRow = (await findSeat(database.db, seat))!;
      // Nothing has changed yet.
      expect((await holderOn(database.db, seatRow.id, fields.validFrom))!.name).not.toBe('Sara Lind');

      const done = await post(url, { ...fields, confirm: '1' });
      expect(done.statusCode).toBe(303);
      expect(done.headers.location).toBe(`/admin/seats/${seat}?lang=sv&moved=1`);
      expect(await holderOn(database.db, seatRow.id, fields.validFrom)).toMatchObject({
        name: 'Sara Lind',
        email: 'sara.lind@polisen.example.org',
      });
      const page = await get(done.headers.location as string);
      expect(page.body).toContain('Innehavaren är bytt. 1 öppna uppgifter följde med');
      expect(page.body).toContain('har lämnat');

      // The new holder is told, by one mail, all the seat owes, this task among it.
      const handover = await eventually(
        async () =>
          (
            await database.db
              .select()
              .from(t.mailOutbox)
              .where(and(eq(t.mailOutbox.kind, 'handover'), eq(t.mailOutbox.toAddress, 'sara.lind@polisen.example.org')))
          )[0],
      );
      expect(handover.text).toContain('Lägesbild från polisen');
    });
  });

  describe('cycle definitions', () => {
    const upload = (definition: string, action: 'validate' | 'save', as: { kind: string; seat?: string } = coordinator) =>
      post('/admin/definitions', { definition, action }, as);

    it('lists every error of a definition that does not validate, and saves nothing', async () => {
      const notJson = await upload('{ "key": "x", }', 'validate');
      expect(notJson.statusCode).toBe(400);
      isPage(notJson);
      expect(notJson.body).toContain('texten är inte giltig JSON (rad 1, tecken 15)');

      const wrong = {
        ...kvinnofridArshjul,
        key: 'Fel Nyckel',
        phases: [
          {
            key: 'a',
            title: 'A',
            steps: [{ key: 's', kind: 'tasks', title: 'S', due: 'Y-02-30', assignees: { kind: 'seats', seats: ['styrgrupp'] } }],
          },
        ],
      };
      const res = await upload(JSON.stringify(wrong), 'save');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Definitionen har 3 fel och kan inte sparas');
      expect(res.body).toContain('<code>key</code>: &quot;Fel Nyckel&quot; är inte en giltig nyckel');
      expect(res.body).toContain('<code>phases.0.steps.0.due</code>');
      expect(res.body).toContain('<code>phases.0.steps.0.assignees.seats.0</code>');

      const unknownSeat = {
        ...kvinnofridArshjul,
        key: 'okand-plats',
        roles: { ...kvinnofridArshjul.roles, coordinator: 'styrgrupp/finns-inte' },
      };
      const resolved = await upload(JSON.stringify(unknownSeat), 'validate');
      expect(resolved.statusCode).toBe(400);
      expect(resolved.body).toContain('platsen styrgrupp/finns-inte finns inte');

      expect((await upload('', 'validate')).body).toContain('klistra in en definition');
      const shipped = shippedDefinitions.map((d) => d.key);
      expect((await get('/api/admin/definitions')).json().filter((d: { key: string }) => !shipped.includes(d.key))).toEqual([]);
    });

    it('validates and saves for the coordinator only, and shows the diff', async () => {
      const next = structuredClone(kvinnofridArshjul) as typeof kvinnofridArshjul & { phases: { steps: Record<string, unknown>[] }[] };
      next.phases[0]!.steps[0]!.due = 'Y-03-20';
      next.phases[0]!.steps.push({
        key: 'extra-steg',
        kind: 'tasks',
        title: 'Extra steg',
        due: 'Y-04-10',
        assignees: { kind: 'role', role: 'coordinator' },
      });
      const text = JSON.stringify(next, null, 2);

      expect((await upload(text, 'validate', member)).statusCode).toBe(403);
      expect((await upload(text, 'save', member)).statusCode).toBe(403);
      const checked = await upload(text, 'validate');
      expect(checked.statusCode).toBe(200);
      expect(checked.body).toContain('Definitionen är giltig');

      const saved = await upload(text, 'save');
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe('/admin/definitions/kvinnofrid-arshjul/2?lang=sv&saved=1');
      expect((await get(saved.headers.location as string)).body).toContain('Version 2 av kvinnofrid-arshjul är sparad');

      const diffPage = await get('/admin/definitions/kvinnofrid-arshjul/2/diff');
      expect(diffPage.statusCode).toBe(200);
      expect(diffPage.body).toContain('1 steg tillagda, 0 borttagna, 1 ändrade');
      expect(diffPage.body).toContain('<del>Y-03-15</del>');
      expect(diffPage.body).toContain('<ins>Y-03-20</ins>');
      const diff = (await get('/api/admin/definitions/kvinnofrid-arshjul/2/diff')).json();
      expect(diff).toMatchObject({ from: 1, to: 2 });
      expect(diff.diff.steps.map((s: { key: string; status: string }) => `${s.key}:${s.status}`)).toEqual([
        'behovsinventering:changed',
        'extra-steg:added',
      ]);
    });
  });

  describe('calendar feeds', () => {
    const secret = () => app.deps.config.secret!;
    let decisionId: string;
    let meetingId: string;

    beforeAll(async () => {
      expect(
        (
          await injectAs(app, {
            method: 'POST',
            url: '/api/definitions',
            payload: { definition: decisionCycle('kalenderbeslut', { kind: 'majority' }), actor: coordinator },
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await injectAs(app, {
            method: 'POST',
            url: '/api/cycles',
            payload: { definition: 'kalenderbeslut', year: 2098, actor: coordinator },
          })
        ).statusCode,
      ).toBe(201);
      decisionId = (
        await eventually(
          async () => (await database.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/kalenderbeslut/2098')))[0],
        )
      ).id;
      const [styrgrupp] = await database.db.select().from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp'));
      meetingId = randomUUID();
      await database.db.insert(t.meetings).values({
        id: meetingId,
        key: `test/${meetingId}`,
        bodyId: styrgrupp!.id,
        startsAt: new Date('2098-05-12T07:30:00Z'),
        endsAt: new Date('2098-05-12T09:30:00Z'),
        location: 'Länsstyrelsen, Regeringsgatan 66',
        sequence: 2,
        hostOrganisationId: (await database.db.select().from(t.organisations).where(eq(t.organisations.slug, 'lansstyrelsen')))[0]!.id,
        agenda: [{ id: 'a1', title: 'Årets prioriteringar', source: 'cycle', at: '2098-04-01T08:00:00Z' }],
      });
      const started = await injectAs(app, {
        method: 'POST',
        url: '/api/tasks',
        payload: { seat: 'styrgrupp/polisen', title: 'Underlag till styrgruppen', dueAt: '2098-04-30T12:00:00+02:00', actor: coordinator },
      });
      expect(started.statusCode).toBe(201);
      await eventually(async () => (await database.db.select().from(t.tasks).where(eq(t.tasks.title, 'Underlag till styrgruppen')))[0]);
    });

    const events = (text: string) => Object.values(ical.sync.parseICS(text)).filter((e): e is ical.VEvent => e?.type === 'VEVENT');

    it('lists a seat’s deadlines, its decisions and its body’s meetings, with stable UIDs', async () => {
      const seat = (await findSeat(database.db, 'styrgrupp/polisen'))!;
      const path = `/cal/seat/styrgrupp/polisen.ics?token=${feedToken(secret(), 'seat', seat.id, 0)}`;

      const res = await app.inject({ method: 'GET', url: path });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      const list = events(res.body);
      const task = list.find((e) => e.summary === 'Senast: Underlag till styrgruppen')!;
      expect(task.datetype).toBe('date');
      expect(stockholmDate(task.start)).toBe('2098-04-30');
      expect(task.description).toContain('Senast: 30 april 2098 kl. 12:00');
      const decision = list.find((e) => e.uid === `feed-decision-${decisionId}@arshjul`)!;
      expect(decision.summary).toBe('Beslut senast: Testbeslut');
      const meeting = list.find((e) => e.uid === `feed-meeting-${meetingId}@arshjul`)!;
      expect(meeting.start.toISOString()).toBe('2098-05-12T07:30:00.000Z');
      expect(meeting.location).toBe('Länsstyrelsen, Regeringsgatan 66');
      expect(Number(meeting.sequence)).toBe(2);
      expect(meeting.summary).toBe('Möte: Styrgrupp');
      expect(meeting.description).toBe('Värd: Länsstyrelsen\n– Årets prioriteringar');

      // The same feed by seat id, and again: the same UIDs.
      const byId = await app.inject({
        method: 'GET',
        url: `/cal/seat/${seat.id}.ics?token=${feedToken(secret(), 'seat', seat.id, 0)}&lang=en`,
      });
      expect(byId.statusCode).toBe(200);
      expect(
        events(byId.body)
          .map((e) => e.uid)
          .sort(),
      ).toEqual(list.map((e) => e.uid).sort());
      expect(events(byId.body).find((e) => e.uid === task.uid)!.summary).toBe('Due: Underlag till styrgruppen');
    });

    it('lists a body’s open work and meetings', async () => {
      const [body] = await database.db.select().from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp'));
      const res = await app.inject({ method: 'GET', url: `/cal/body/styrgrupp.ics?token=${feedToken(secret(), 'body', body!.id, 0)}` });
      expect(res.statusCode).toBe(200);
      const uids = events(res.body).map((e) => e.uid);
      expect(uids).toContain(`feed-decision-${decisionId}@arshjul`);
      expect(uids).toContain(`feed-meeting-${meetingId}@arshjul`);
      expect(events(res.body).filter((e) => String(e.summary).startsWith('Senast:')).length).toBeGreaterThanOrEqual(1);
    });

    it('refuses a wrong, missing or borrowed token, and an unknown feed, with the same 404', async () => {
      const [body] = await database.db.select().from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp'));
      const other = (await findSeat(database.db, 'styrgrupp/kriminalvarden'))!;
      for (const url of [
        '/cal/seat/styrgrupp/polisen.ics',
        '/cal/seat/styrgrupp/polisen.ics?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        `/cal/seat/styrgrupp/polisen.ics?token=${feedToken(secret(), 'seat', other.id, 0)}`,
        `/cal/seat/styrgrupp/polisen.ics?token=${feedToken(secret(), 'body', body!.id, 0)}`,
        `/cal/body/samordningsgrupp.ics?token=${feedToken(secret(), 'body', body!.id, 0)}`,
        `/cal/body/finns-inte.ics?token=${feedToken(secret(), 'body', body!.id, 0)}`,
        '/cal/seat/finns/inte.ics?token=x',
      ]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).toContain('Kalendern finns inte');
      }
    });
  });
});
