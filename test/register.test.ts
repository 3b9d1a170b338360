import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { and, desc, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { loadDirectory } from '../db/queries/directory';
import { meetingBody } from '../activities/meetings';
import { newRotation, planHosts, syncMembers } from '../core/rotation';
import { stockholmDate } from '../core/time';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, injectAs, testApp } from './support/app';
import { simulate, type Simulation } from './support/time-skipping';

const coordinator = { kind: 'coordinator' };
const member = { kind: 'seat', seat: 'styrgrupp/polisen' };
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
const today = stockholmDate(new Date());

/** The coordinator's edits of the register through the JSON API and the page forms: checks, audit, retirement. */
describe('editing the register', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `register-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const send = (method: 'POST' | 'PATCH', url: string, payload: object, as = coordinator) => injectAs(app, { method, url, payload }, as);
  const post = (url: string, payload: object, as = coordinator) => send('POST', url, payload, as);
  const patch = (url: string, payload: object) => send('PATCH', url, payload);
  const postForm = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return injectAs(app, { method: 'POST', url, payload: body.toString(), headers: formHeaders }, coordinator);
  };
  const auditOf = async (kind: string, id: string) =>
    database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetKind, kind), eq(t.auditEvents.targetId, id)))
      .orderBy(desc(t.auditEvents.id));
  const issues = (res: LightMyRequestResponse) => (res.json().issues as { field: string; message: string }[]).map((i) => i.field);

  describe('organisations', () => {
    const party = { name: 'Åklagarmyndigheten, Stockholm', shortName: 'Åklagare Sthlm', kind: 'state_agency', joinedOn: '2027-06-01' };

    it('creates a party with a key from its short name, and audits it with the coordinator as actor', async () => {
      const res = await post('/api/admin/organisations', party);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ slug: 'aklagare-sthlm', participation: 'party', joinedOn: '2027-06-01', leftOn: null });
      const [event] = await auditOf('organisation', res.json().id);
      expect(event).toMatchObject({ action: 'organisation.create', actorKind: 'coordinator' });
      expect(event!.actorSeatId).not.toBeNull();
    });

    it('names every wrong field, in Swedish and in English, and saves nothing', async () => {
      const sv = await post('/api/admin/organisations', { name: '', shortName: 'X', kind: 'planet', joinedOn: '2027-02-30' });
      expect(sv.statusCode).toBe(400);
      expect(issues(sv).sort()).toEqual(['joinedOn', 'kind', 'name']);
      const en = await injectAs(app, { method: 'POST', url: '/api/admin/organisations?lang=en', payload: { ...party, name: '' } });
      expect(en.statusCode).toBe(400);
      expect(en.json().message).toContain('name');
      const taken = await post('/api/admin/organisations', { ...party, slug: 'polisen' });
      expect(taken.statusCode).toBe(400);
      expect(taken.json().issues).toEqual([{ field: 'slug', message: 'nyckeln polisen används redan; välj en annan' }]);
      expect(await database.db.select().from(t.organisations).where(eq(t.organisations.name, ''))).toHaveLength(0);
    });

    it('is edited and retired (it leaves) by the coordinator only, each change one audit event', async () => {
      expect((await post('/api/admin/organisations/migrationsverket/retire', {}, member)).statusCode).toBe(403);
      const edited = await patch('/api/admin/organisations/migrationsverket', {
        name: 'Migrationsverket, region Öst',
        shortName: 'Migrationsverket',
        kind: 'state_agency',
        participation: 'reference',
      });
      expect(edited.statusCode).toBe(200);
      const retired = await post('/api/admin/organisations/migrationsverket/retire', { on: today });
      expect(retired.json()).toMatchObject({ leftOn: today, name: 'Migrationsverket, region Öst' });
      const events = await auditOf('organisation', retired.json().id);
      expect(events.map((e) => e.action)).toEqual(['organisation.retire', 'organisation.update']);
      expect(events[1]!.detail).toMatchObject({ changes: { name: { before: 'Migrationsverket', after: 'Migrationsverket, region Öst' } } });
      // Still readable, marked as having left.
      const list = (await injectAs(app, { method: 'GET', url: '/api/admin/organisations' }, coordinator)).json();
      expect(list.find((o: { slug: string }) => o.slug === 'migrationsverket').leftOn).toBe(today);
    });
  });

  describe('bodies and seats', () => {
    it('creates a working group and a seat in it with its first holder, through the holder change', async () => {
      const body = await post('/api/admin/bodies', {
        name: 'Arbetsgrupp hedersrelaterat våld',
        kind: 'working_group',
        convenor: 'lansstyrelsen',
      });
      expect(body.statusCode).toBe(201);
      expect(body.json().slug).toBe('arbetsgrupp-hedersrelaterat-vald');
      const seat = await post('/api/admin/bodies/arbetsgrupp-hedersrelaterat-vald/seats', {
        organisation: 'polisen',
        title: 'Polisens representant i arbetsgruppen',
        mandate: 'member',
        holder: { name: 'Nils Berg', email: 'Nils.Berg@polisen.example.org', validFrom: today },
      });
      expect(seat.statusCode).toBe(201);
      expect(seat.json()).toMatchObject({
        seat: { slug: 'arbetsgrupp-hedersrelaterat-vald/polisen', mandate: 'member' },
        holder: { email: 'nils.berg@polisen.example.org', validFrom: today },
      });
      const [event] = await auditOf('seat', seat.json().seat.id);
      expect(event).toMatchObject({ action: 'seat.create', actorKind: 'coordinator' });
      const page = await injectAs(app, { method: 'GET', url: '/api/admin/bodies/arbetsgrupp-hedersrelaterat-vald' }, coordinator);
      expect(page.json().seats[0].holders[0].name).toBe('Nils Berg');
    });

    it('refuses a seat for an unknown organisation, a taken key, and a bad holder, naming the field', async () => {
      const unknown = await post('/api/admin/bodies/styrgrupp/seats', { organisation: 'ingen', title: 'X' });
      expect(unknown.json().issues).toEqual([{ field: 'organisation', message: 'Det finns ingen organisation ingen' }]);
      expect(issues(await post('/api/admin/bodies/styrgrupp/seats', { organisation: 'polisen', title: 'Ny' }))).toEqual(['key']);
      expect(
        issues(
          await post('/api/admin/bodies/styrgrupp/seats', {
            organisation: 'polisen',
            key: 'extra',
            title: 'Ny',
            holder: { name: 'A', email: 'nej', validFrom: today },
          }),
        ),
      ).toEqual(['holder.email']);
      expect((await post('/api/admin/bodies/finns-inte/seats', { organisation: 'polisen', title: 'Ny' })).statusCode).toBe(404);
    });

    it('retires a seat: it stays readable and marked, and gets no new work', async () => {
      expect(
        (
          await patch('/api/admin/seats/arbetsgrupp-hedersrelaterat-vald/polisen', { title: 'Polisens kontaktperson', mandate: 'chair' })
        ).json(),
      ).toMatchObject({ mandate: 'chair' });
      const retired = await post('/api/admin/seats/arbetsgrupp-hedersrelaterat-vald/polisen/retire', {});
      expect(retired.json().retiredOn).toBe(today);
      expect((await loadDirectory(database.db)).seats.map((s) => s.slug)).not.toContain('arbetsgrupp-hedersrelaterat-vald/polisen');
      const json = (
        await injectAs(app, { method: 'GET', url: '/api/admin/seats/arbetsgrupp-hedersrelaterat-vald/polisen' }, coordinator)
      ).json();
      expect(json).toMatchObject({ retiredOn: today, title: 'Polisens kontaktperson' });
      const events = await auditOf('seat', json.id);
      expect(events.map((e) => e.action)).toEqual(['seat.retire', 'seat.update', 'seat.create']);
    });

    it('answers a page form with the page and each wrong field marked, then with the new body', async () => {
      const bad = await postForm('/admin/bodies', { name: '', kind: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Formuläret har 2 fel');
      expect(bad.body).toMatch(/id="body-new-name"[^>]*aria-invalid="true"/);
      expect(bad.body).toContain('obligatoriskt fält saknas');
      const en = await postForm('/admin/bodies?lang=en', { name: '', kind: '' });
      expect(en.statusCode).toBe(400);
      expect(en.body).toContain('The form has 2 errors');
      expect(en.body).toContain('required field is missing');
      const good = await postForm('/admin/bodies', { name: 'Utskott för kommunikation', kind: 'working_group', convenor: '' });
      expect(good.statusCode).toBe(303);
      expect(good.headers.location).toBe('/admin/bodies/utskott-for-kommunikation?lang=sv&done=created');
    });
  });

  describe('strategies, action plans and measures', () => {
    const plan = 'handlingsplan-2023-2026';

    it('refuses a period that ends before it starts, and a goal number already taken', async () => {
      const period = await post('/api/admin/strategies', { title: 'Strategi 2027–2030', periodStart: 2030, periodEnd: 2027 });
      expect(period.json().issues).toEqual([
        expect.objectContaining({ field: 'periodEnd', message: 'sista året kan inte vara före det första' }),
      ]);
      const strategy = (await injectAs(app, { method: 'GET', url: '/api/admin/strategy' }, coordinator)).json()[0];
      expect(issues(await post(`/api/admin/strategies/${strategy.slug}/goals`, { number: 1, title: 'Dubblett' }))).toEqual(['number']);
      const goal = await post(`/api/admin/strategies/${strategy.slug}/goals`, { number: 9, title: 'Digitalt våld' });
      expect(goal.statusCode).toBe(201);
      expect((await patch(`/api/admin/goals/${goal.json().id}`, { number: 9, title: 'Digitalt våld och hot' })).json().title).toBe(
        'Digitalt våld och hot',
      );
    });

    it('copies an action plan into a new period with its measures, goals and owners, and leaves the old plan as it was', async () => {
      const before = (await injectAs(app, { method: 'GET', url: '/api/admin/measures' }, coordinator))
        .json()
        .find((p: { slug: string }) => p.slug === plan);
      const overlap = await post(`/api/admin/action-plans/${plan}/copy`, {
        title: 'Handlingsplan 2026–2029',
        periodStart: 2026,
        periodEnd: 2029,
      });
      expect(overlap.json().issues[0].field).toBe('periodStart');
      const copy = await post(`/api/admin/action-plans/${plan}/copy`, {
        title: 'Handlingsplan 2027–2030',
        periodStart: 2027,
        periodEnd: 2030,
      });
      expect(copy.statusCode).toBe(201);
      expect(copy.json()).toMatchObject({
        plan: { slug: 'handlingsplan-2027-2030', periodStart: 2027, periodEnd: 2030 },
        measures: before.measures.length,
      });
      const plans = (await injectAs(app, { method: 'GET', url: '/api/admin/measures' }, coordinator)).json();
      const copied = plans.find((p: { slug: string }) => p.slug === 'handlingsplan-2027-2030');
      const strip = (ms: { id: string }[]) => ms.map(({ id: _id, ...m }) => m);
      expect(strip(copied.measures)).toEqual(strip(before.measures));
      expect(plans.find((p: { slug: string }) => p.slug === plan)).toEqual(before);
      expect((await auditOf('action_plan', copy.json().plan.id))[0]).toMatchObject({ action: 'action_plan.copy', detail: { from: plan } });
    });

    it('adds a measure with owners and a lead, refusing an unknown goal, a lead who is no owner and a taken code', async () => {
      const url = '/api/admin/action-plans/handlingsplan-2027-2030/measures';
      const measure = {
        code: '9.1',
        title: 'Stöd vid digitalt våld',
        description: 'Gemensam vägledning.',
        goal: 9,
        owners: ['polisen', 'region-stockholm'],
        lead: 'region-stockholm',
      };
      expect(issues(await post(url, { ...measure, goal: 42 }))).toEqual(['goal']);
      expect(issues(await post(url, { ...measure, lead: 'storsthlm' }))).toEqual(['lead']);
      expect(issues(await post(url, { ...measure, owners: [] }))).toEqual(['owners']);
      expect(issues(await post(url, { ...measure, code: '1.1' }))).toEqual(['code']);
      const created = await post(url, measure);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ code: '9.1', joint: true });
      const owners = await database.db.select().from(t.measureOwners).where(eq(t.measureOwners.measureId, created.json().id));
      expect(owners.find((o) => o.lead)?.organisationId).toBe(
        (await database.db.select().from(t.organisations).where(eq(t.organisations.slug, 'region-stockholm')))[0]!.id,
      );
      const edited = await patch(`/api/admin/measures/${created.json().id}`, { ...measure, owners: ['polisen'], lead: undefined });
      expect(edited.json().joint).toBe(false);
      const events = await auditOf('measure', created.json().id);
      expect(events[0]!.detail).toMatchObject({ changes: { joint: { before: true, after: false }, owners: expect.any(Object) } });
    });

    it('picks the action plan whose period holds the cycle year: 2027 runs on the new plan, 2026 on the old', async () => {
      const preview = async (year: number) => {
        const res = await post('/api/cycles/preview', { definition: 'kvinnofrid-arshjul', year });
        expect(res.statusCode).toBe(200);
        const steps = res.json().plan.phases.flatMap((p: { steps: object[] }) => p.steps) as {
          key: string;
          proposes?: { actionPlan: string; measureIds: string[] };
        }[];
        return steps.find((s) => s.key === 'forslag')!.proposes!;
      };
      const [newMeasure] = await database.db.select().from(t.measures).where(eq(t.measures.code, '9.1'));
      expect(await preview(2027)).toMatchObject({
        actionPlan: 'handlingsplan-2027-2030',
        measureIds: expect.arrayContaining([newMeasure!.id]),
      });
      expect((await preview(2026)).actionPlan).toBe(plan);
    });

    it('retires a measure and a plan: both stay readable, marked, and no new cycle takes them', async () => {
      const [m] = await database.db.select().from(t.measures).where(eq(t.measures.code, '9.1'));
      expect((await post(`/api/admin/measures/${m!.id}/retire`, {})).json().retiredOn).toBe(today);
      expect((await loadDirectory(database.db)).measures.map((x) => x.id)).not.toContain(m!.id);
      const page = await injectAs(app, { method: 'GET', url: `/admin/measures/${m!.id}` }, coordinator);
      expect(page.body).toContain(`avvecklad ${today}`);
      expect((await post('/api/admin/action-plans/handlingsplan-2027-2030/retire', {})).json().retiredOn).toBe(today);
      const res = await post('/api/cycles/preview', { definition: 'kvinnofrid-arshjul', year: 2027 });
      const forslag = res
        .json()
        .plan.phases.flatMap((p: { steps: object[] }) => p.steps)
        .find((s: { key: string }) => s.key === 'forslag');
      expect(forslag.proposes.actionPlan).toBe(plan);
    });
  });

  describe('a party joining mid-year', () => {
    it('enters the samordningsgrupp rotation from its first day, owed a turn in the current round', async () => {
      const joined = '2027-06-01';
      const at = '2027-05-15T10:00:00Z';
      const args = { bodySlug: 'samordningsgrupp', hostMandates: ['member'], at };
      const before = await meetingBody(database.db, args);
      const rotation = { ...newRotation(before.members), done: before.members.slice(0, 3).map((m) => m.org), round: 1 };
      expect(
        (
          await post('/api/admin/organisations', {
            name: 'Brottsofferjouren Stockholm',
            shortName: 'Brottsofferjouren',
            kind: 'association',
            joinedOn: joined,
          })
        ).statusCode,
      ).toBe(201);
      const seat = await post('/api/admin/bodies/samordningsgrupp/seats', {
        organisation: 'brottsofferjouren',
        title: 'Brottsofferjourens representant',
        mandate: 'member',
      });
      expect(seat.statusCode).toBe(201);
      // What the series workflow does when it next wakes: read the body, take in its members, plan the coming meetings.
      const after = await meetingBody(database.db, args);
      expect(after.members.find((m) => m.org === 'brottsofferjouren')).toEqual({ org: 'brottsofferjouren', from: joined });
      const synced = syncMembers(rotation, after.members, '2027-05-15');
      expect(synced.order.at(-1)).toBe('brottsofferjouren');
      const slots = [
        '2027-05-11',
        '2027-06-08',
        '2027-08-10',
        '2027-09-14',
        '2027-10-12',
        '2027-11-09',
        '2027-12-14',
        '2028-01-11',
        '2028-02-08',
      ].map((date) => ({ id: date, date, skips: [] }));
      const planned = planHosts(rotation, slots);
      const replanned = planHosts(synced, slots);
      if (!planned.ok || !replanned.ok) throw new Error('the rotation refused its own plan');
      // The meetings of the current round keep their hosts; the joiner is owed the round's next turn, before a new round starts.
      const current = planned.hosts.filter((h) => h.round === rotation.round);
      expect(replanned.hosts.slice(0, current.length)).toEqual(current);
      expect(replanned.hosts[current.length]).toEqual({ id: slots[current.length]!.id, host: 'brottsofferjouren', round: rotation.round });
      expect(replanned.hosts.filter((h) => h.host === 'brottsofferjouren')).toHaveLength(1);
    });
  });
});

/**
 * Joining while the year runs, on a Temporal server of its own: the cycle and the meeting series it
 * starts have fixed ids, which no other test file may hold at the same time.
 */
describe('a party joining the register while the year runs', () => {
  let sim: Simulation;
  beforeAll(async () => {
    sim = await simulate();
  });
  afterAll(async () => sim?.stop());
  const simPost = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload }, coordinator);

  it('is taken into the running series’ rotation at once: the register tells the series', async () => {
    expect((await simPost('/api/cycles', { definition: 'kvinnofrid-arshjul', year: 2027, actor: coordinator })).statusCode).toBe(201);
    const rotationOf = async () =>
      (await sim.db.select().from(t.meetingSeries).where(eq(t.meetingSeries.id, 'meetings/samordningsgrupp')))[0]?.rotation;
    await eventually(rotationOf);
    expect(
      (
        await simPost('/api/admin/organisations', {
          name: 'Kvinnojouren Stockholm',
          shortName: 'Kvinnojouren',
          kind: 'association',
          joinedOn: '2027-03-01',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await simPost('/api/admin/bodies/samordningsgrupp/seats', { organisation: 'kvinnojouren', title: 'Kvinnojourens representant' }))
        .statusCode,
    ).toBe(201);
    const rotation = await eventually(async () => {
      const r = await rotationOf();
      return r?.order.includes('kvinnojouren') ? r : undefined;
    });
    expect(rotation.order.at(-1)).toBe('kvinnojouren');
    expect(rotation.members).toContainEqual({ org: 'kvinnojouren', from: '2027-03-01' });
    const hosts = await sim.db
      .select({ host: t.organisations.slug })
      .from(t.meetings)
      .innerJoin(t.organisations, eq(t.organisations.id, t.meetings.hostOrganisationId))
      .where(eq(t.meetings.seriesId, 'meetings/samordningsgrupp'));
    expect(hosts.map((h) => h.host)).toContain('kvinnojouren');
  });
});
