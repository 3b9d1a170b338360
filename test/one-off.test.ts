import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer, type Mailer } from '../activities/mailer';
import { recordDecision } from '../activities/projections';
import type { DecisionState } from '../workflows/decision';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, injectAs, signedInAs, testApp } from './support/app';
import { catchMail, type CaughtMail } from './support/smtp';
import { PageForm } from './support/forms';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const DUE = '2099-06-30';

/**
 * Work outside the yearly cycle, on the Temporal dev server, PostgreSQL and an SMTP server: a
 * decision asked of the styrgrupp whose approval sets up a working group, and a task to a body.
 */
describe('one-off decisions and tasks', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let smtp: CaughtMail;
  let mailer: Mailer;
  let voters: { id: string; slug: string }[];

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    mailer = createMailer(smtp.url);
    temporal = await startTemporal(database.db, `one-off-${Date.now()}`, mailer);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, mailer);
    voters = await database.db
      .select({ id: t.seats.id, slug: t.seats.slug })
      .from(t.seats)
      .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
      .where(and(eq(t.bodies.slug, 'styrgrupp'), isNull(t.seats.retiredOn)));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    mailer?.close();
    await smtp?.stop();
    await database?.drop();
  });

  /** The decision as its workflow first records it: voters reach it by the mailed link once it is there. */
  const opened = (id: string) => eventually(async () => (await database.db.select().from(t.decisions).where(eq(t.decisions.id, id)))[0]);
  const ask = (payload: object) => injectAs(app, { method: 'POST', url: '/api/decisions', payload: { actor: coordinator, ...payload } });
  const askGroup = async (slug: string) => {
    const res = await ask({
      title: `Arbetsgrupp ${slug}`,
      question: 'Ska en arbetsgrupp för hedersrelaterat våld inrättas i samråd med styrgruppen?',
      dueAt: DUE,
      effect: { kind: 'createBody', name: `Arbetsgrupp ${slug}`, slug, description: 'Samordnar insatser mot hedersrelaterat våld.' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const asked = res.json<{ id: string; workflowId: string; voters: number }>();
    await opened(asked.id);
    return asked;
  };
  /** Votes until the majority rule closes the decision, then waits for the close to be recorded. */
  const voteThrough = async (id: string, choice: 'approve' | 'reject') => {
    for (const v of voters.slice(0, Math.floor(voters.length / 2) + 1)) {
      const res = await injectAs(app, { method: 'POST', url: `/api/decisions/${id}/votes`, payload: { choice, actor: seat(v.slug) } });
      expect(res.statusCode, res.body).toBe(200);
    }
    return eventually(async () => {
      const [row] = await database.db.select().from(t.decisions).where(eq(t.decisions.id, id));
      const closed = await database.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.targetId, id), eq(t.auditEvents.action, 'decision.closed')));
      return row?.status === 'closed' && closed.length ? row : undefined;
    });
  };
  const bodiesWith = (slug: string) => database.db.select().from(t.bodies).where(eq(t.bodies.slug, slug));
  const effectRow = async (id: string) =>
    (await database.db.select().from(t.decisionEffects).where(eq(t.decisionEffects.decisionId, id)))[0]!;

  it("asks the styrgrupp's members and chair, mailing each of them", async () => {
    const asked = await askGroup('ag-post');
    expect(asked.workflowId).toBe(`decision/one-off/${asked.id}`);
    expect(asked.voters).toBe(voters.length);
    const row = await opened(asked.id);
    expect(row).toMatchObject({ status: 'open', showTally: true, cycleId: null, rule: { kind: 'majority' } });
    expect([...row.voterSeatIds].sort()).toEqual(voters.map((v) => v.id).sort());
    await eventually(async () =>
      smtp.messages.filter((m) => m.subject?.includes('Arbetsgrupp ag-post')).length >= voters.length ? true : undefined,
    );
  });

  it('sets up the working group in the register when approved, once even if the close is recorded twice', async () => {
    const asked = await askGroup('ag-heder');
    const closed = await voteThrough(asked.id, 'approve');
    expect(closed.outcome).toBe('approved');
    const [body] = await bodiesWith('ag-heder');
    expect(body).toMatchObject({
      kind: 'working_group',
      name: 'Arbetsgrupp ag-heder',
      description: 'Samordnar insatser mot hedersrelaterat våld.',
    });
    const effect = await effectRow(asked.id);
    expect(effect.appliedAt).toBeInstanceOf(Date);
    expect(effect.result).toEqual({ bodyId: body!.id });
    const [created] = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, body!.id), eq(t.auditEvents.action, 'body.create')));
    expect(created).toMatchObject({ actorKind: 'system', detail: expect.objectContaining({ decisionId: asked.id }) });

    const state = await temporal.client.workflow.getHandle<() => Promise<DecisionState>>(asked.workflowId).result();
    await recordDecision(database.db, 'http://localhost', {
      state,
      bodySlug: 'styrgrupp',
      question: 'igen',
      rule: { kind: 'majority' },
      round: 1,
    });
    expect(await bodiesWith('ag-heder')).toHaveLength(1);
    expect((await effectRow(asked.id)).appliedAt).toEqual(effect.appliedAt);
  });

  it('shows on the decision page what approval did, with a link to the new body', async () => {
    const asked = await askGroup('ag-sida');
    const before = await injectAs(app, { method: 'GET', url: `/decisions/${asked.id}` });
    expect(before.body).toContain('Vad ett godkännande gör');
    expect(before.body).toContain('Arbetsgruppen Arbetsgrupp ag-sida (nyckel ag-sida) inrättas i registret.');
    await voteThrough(asked.id, 'approve');
    const after = await injectAs(app, { method: 'GET', url: `/decisions/${asked.id}` });
    expect(after.body).toContain('Vad godkännandet gjorde');
    expect(after.body).toContain('href="/admin/bodies/ag-sida?lang=sv"');
  });

  it('says so on the decision page when the key was taken while the decision was open, and sets up nothing', async () => {
    const asked = await askGroup('ag-tagen');
    const taken = await injectAs(app, {
      method: 'POST',
      url: '/api/admin/bodies',
      payload: { slug: 'ag-tagen', name: 'Redan inrättad', kind: 'working_group' },
    });
    expect(taken.statusCode, taken.body).toBe(201);
    await voteThrough(asked.id, 'approve');
    expect((await effectRow(asked.id)).result).toEqual({ refused: 'slugTaken', slug: 'ag-tagen' });
    expect((await bodiesWith('ag-tagen'))[0]!.name).toBe('Redan inrättad');
    const page = await injectAs(app, { method: 'GET', url: `/decisions/${asked.id}` });
    expect(page.body).toContain('Arbetsgruppen inrättades inte: nyckeln ag-tagen hade tagits av ett annat organ.');
  });

  it('sets up nothing when the styrgrupp rejects', async () => {
    const asked = await askGroup('ag-nej');
    const closed = await voteThrough(asked.id, 'reject');
    expect(closed.outcome).toBe('rejected');
    expect(await bodiesWith('ag-nej')).toEqual([]);
    expect((await effectRow(asked.id)).appliedAt).toBeNull();
  });

  it('runs a budget decision with no effect to apply', async () => {
    const res = await ask({ title: 'Budget 2028', question: 'Godkänner styrgruppen budgeten för 2028?', dueAt: DUE });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    await opened(id);
    expect((await voteThrough(id, 'approve')).outcome).toBe('approved');
    expect(await effectRow(id)).toMatchObject({ effect: { kind: 'none' }, result: {} });
  });

  it("reopens a submitted form as its next version when approved, and mails the form's seat", async () => {
    const [definition] = await database.db.select().from(t.cycleDefinitions).where(eq(t.cycleDefinitions.key, 'kvinnofrid-arshjul'));
    await database.db.insert(t.cycles).values({ id: 'cycle/one-off-form/2030', definitionId: definition!.id, year: 2030, steps: [] });
    const [polisen] = await database.db.select().from(t.seats).where(eq(t.seats.slug, 'samordningsgrupp/polisen'));
    const [form] = await database.db
      .insert(t.formInstances)
      .values({
        cycleId: 'cycle/one-off-form/2030',
        stepKey: 'ansokan',
        seatId: polisen!.id,
        state: 'submitted',
        values: { mal: 'Färre ärenden' },
      })
      .returning();
    const res = await ask({
      title: 'Öppna ansökan igen',
      question: 'Får Polisen ändra sin ansökan?',
      dueAt: DUE,
      effect: { kind: 'reopenForm', formId: form!.id },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    await opened(id);
    await voteThrough(id, 'approve');
    const versions = await database.db.select().from(t.formInstances).where(eq(t.formInstances.seatId, polisen!.id));
    const next = versions.find((v) => v.id !== form!.id)!;
    expect(next).toMatchObject({ version: 2, state: 'draft', values: { mal: 'Färre ärenden' }, reopenedByDecisionId: id });
    expect(versions.find((v) => v.id === form!.id)!.state).toBe('superseded');
    expect((await effectRow(id)).result).toEqual({ formId: next.id });
    const mail = await eventually(async () => smtp.messages.find((m) => m.subject === 'Formuläret är öppnat igen: Öppna ansökan igen'));
    expect(mail.text).toContain(`/forms/${next.id}`);
    const page = await injectAs(app, { method: 'GET', url: `/decisions/${id}` });
    expect(page.body).toContain(`href="/forms/${next.id}?lang=sv"`);
  });

  it('gives a task to a body as one task per current seat', async () => {
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      payload: {
        body: 'styrgrupp',
        title: 'Läs kampanjförslaget',
        instructions: 'Kommentera senast i juni.',
        dueAt: DUE,
        actor: coordinator,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { tasks } = res.json<{ tasks: { id: string; seatId: string }[] }>();
    const seats = await database.db
      .select({ id: t.seats.id })
      .from(t.seats)
      .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
      .where(eq(t.bodies.slug, 'styrgrupp'));
    expect(tasks.map((x) => x.seatId).sort()).toEqual(seats.map((s) => s.id).sort());
    const rows = await eventually(async () => {
      const found = await database.db
        .select()
        .from(t.tasks)
        .where(
          inArray(
            t.tasks.id,
            tasks.map((x) => x.id),
          ),
        );
      return found.length === tasks.length ? found : undefined;
    });
    expect(rows.every((r) => r.title === 'Läs kampanjförslaget' && r.instructions === 'Kommentera senast i juni.')).toBe(true);
  });

  it('refuses a task to both a seat and a body, or to neither, naming the fields', async () => {
    const base = { title: 'x', dueAt: DUE, actor: coordinator };
    for (const extra of [{ seat: 'styrgrupp/polisen', body: 'styrgrupp' }, {}]) {
      const res = await injectAs(app, { method: 'POST', url: '/api/tasks', payload: { ...base, ...extra } });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual(['seat', 'body']);
    }
    const unknown = await injectAs(app, { method: 'POST', url: '/api/tasks', payload: { ...base, body: 'ingen-sadan' } });
    expect(unknown.json().issues).toEqual([{ field: 'body', message: 'Det finns inget organ med nyckeln ingen-sadan' }]);
    const late = await injectAs(app, { method: 'POST', url: '/api/tasks', payload: { ...base, body: 'styrgrupp', dueAt: '2020-01-01' } });
    expect(late.json().issues).toEqual([{ field: 'dueAt', message: 'Sista dagen har redan passerat' }]);
  });

  it('refuses a decision request with field-named 400s, and starts nothing', async () => {
    const before = (await database.db.select().from(t.decisionEffects)).length;
    const base = { title: 'x', question: 'y', dueAt: DUE };
    const cases: [object, string][] = [
      [{ ...base, body: 'ingen-sadan' }, 'body'],
      [{ ...base, dueAt: '2020-01-01' }, 'dueAt'],
      [{ ...base, effect: { kind: 'createBody', name: 'Styrgruppen igen', slug: 'styrgrupp' } }, 'effect.slug'],
      [{ ...base, effect: { kind: 'createBody', name: 'Ny grupp', convenor: 'ingen-sadan' } }, 'effect.convenor'],
      [{ ...base, effect: { kind: 'createBody', name: '' } }, 'effect.name'],
      [{ ...base, question: '' }, 'question'],
      [{ ...base, effect: { kind: 'reopenForm', formId: '6f1c1f0e-0000-4000-8000-000000000000' } }, 'effect.formId'],
    ];
    for (const [payload, field] of cases) {
      const res = await ask(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual([field]);
    }
    expect(await database.db.select().from(t.decisionEffects)).toHaveLength(before);
  });

  it("asks for a working group from the dashboard's page form, naming a missing name", async () => {
    const { cookie } = await signedInAs(app);
    const dashboard = await app.inject({ method: 'GET', url: '/cycles', headers: { cookie } });
    expect(dashboard.body).toContain('href="/decisions/new?lang=sv">Begär ett beslut</a>');
    const page = await app.inject({ method: 'GET', url: '/decisions/new', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const form = PageForm.on(page.body, '/decisions/new', cookie)
      .select('kind', 'workingGroup')
      .fill('title', 'Arbetsgrupp för kampanjen')
      .fill('question', 'Inrättas en arbetsgrupp för kampanjen i samråd med styrgruppen?')
      .fill('dueAt', DUE);
    const missing = await form.submit(app);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="decision-request-effect-name-error" class="error">Ange arbetsgruppens namn');
    const sent = await PageForm.on(missing.body, '/decisions/new', cookie).fill('effect.name', 'Kampanjgruppen').submit(app);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toContain(`Beslutsärendet är skickat till ${voters.length} röstande.`);
    const [effect] = await database.db
      .select()
      .from(t.decisionEffects)
      .where(eq(t.decisionEffects.decisionId, /decisions\/([0-9a-f-]{36})/.exec(sent.body)![1]!));
    expect(effect!.effect).toMatchObject({ kind: 'createBody', name: 'Kampanjgruppen', slug: 'kampanjgruppen' });
  });

  it('offers the request forms in English', async () => {
    const decision = await injectAs(app, { method: 'GET', url: '/decisions/new?lang=en' });
    expect(decision.body).toContain('Set up a working group in consultation with the steering group');
    const task = await injectAs(app, { method: 'GET', url: '/tasks/new?lang=en' });
    expect(task.body).toContain('Or to a body (one task per seat)');
  });

  it("gives a task to a body from the dashboard's page form", async () => {
    const { cookie } = await signedInAs(app);
    const page = await app.inject({ method: 'GET', url: '/tasks/new', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const form = PageForm.on(page.body, '/tasks/new', cookie).fill('title', 'Förbered konferensen').fill('dueAt', DUE);
    const neither = await form.submit(app);
    expect(neither.statusCode).toBe(400);
    expect(neither.body).toContain('Ange en plats eller ett organ');
    const sent = await PageForm.on(neither.body, '/tasks/new', cookie).select('body', 'samordningsgrupp').submit(app);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toMatch(/\d+ uppgifter skickade\./);
  });
});
