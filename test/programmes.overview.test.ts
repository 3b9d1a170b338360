import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { seedRssProgramme } from '../db/seed/programmes/rss';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';

const CYCLE = 'cycle/skr-rss/2027';
const OVERVIEW = '/api/cycles/skr-rss/2027/forms/ansokan';
const SKR = { kind: 'seat', seat: 'skr/samordnare' };

interface Row {
  seat: string;
  organisation: string;
  example: boolean;
  state: string;
  version: number | null;
  amountSek: number | null;
  formId: string | null;
}

/**
 * SKR's programme on real Temporal (time skipping) and PostgreSQL: a started year gives every
 * county's RSS its application form, and the overview says where each stands.
 */
describe('the overview of the RSS applications', () => {
  let sim: Simulation;
  const seats = new Map<string, string>();
  const formOf = (seat: string, state: 'draft' | 'submitted', taskId: string) =>
    sim.db
      .insert(t.formInstances)
      .values({ cycleId: CYCLE, stepKey: 'ansokan', seatId: seats.get(seat)!, taskId, state, values: { organisation: seat } })
      .returning();
  const overview = async (as: { kind: string; seat?: string } = { kind: 'coordinator' }, url = OVERVIEW) =>
    injectAs(sim.app, { method: 'GET', url }, as);
  const rowsOf = async () => (await overview()).json<{ rows: Row[] }>().rows;

  beforeAll(async () => {
    sim = await simulate();
    await seedRssProgramme(sim.db);
    for (const s of await sim.db.select().from(t.seats)) seats.set(s.slug, s.id);
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'skr-rss', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
  }, 120_000);
  afterAll(async () => sim?.stop());

  const formTasks = () => eventually(async () => ((x) => (x.length === 21 ? x : undefined))(await stepTasks(sim.db, CYCLE, 'ansokan')));

  it('gives each of the 21 counties’ RSS coordinators a form task', async () => {
    const tasks = await formTasks();
    expect(tasks.every((x) => x.task.kind === 'form' && x.task.status === 'open')).toBe(true);
    expect(tasks.map((x) => x.seat)).toContain('rss/vastra-gotaland');
  });

  it('lists every seat with its state and the year’s amount', async () => {
    const tasks = await formTasks();
    const taskOf = (seat: string) => tasks.find((x) => x.seat === seat)!.task.id;
    await formOf('rss/dalarna', 'draft', taskOf('rss/dalarna'));
    const [submitted] = await formOf('rss/skane', 'submitted', taskOf('rss/skane'));
    const rows = await rowsOf();
    expect(rows).toHaveLength(21);
    const row = (seat: string) => rows.find((r) => r.seat === seat)!;
    expect(row('rss/dalarna')).toMatchObject({ state: 'draft', version: 1, amountSek: 400_000 });
    expect(row('rss/skane')).toMatchObject({ state: 'submitted', version: 1, amountSek: 600_000, formId: submitted!.id });
    expect(row('rss/gotland')).toMatchObject({ state: 'notStarted', version: null, formId: null, example: true });
    expect(rows[0]!.organisation).toBe('Regional stödstruktur, Region Blekinge');
  });

  it('shows the page with the example marks, the amounts and links to the forms', async () => {
    const page = await overview({ kind: 'coordinator' }, '/cycles/skr-rss/2027/forms/ansokan');
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Ansökan och genomförandeplan till SKR: alla formulär');
    expect(page.body).toMatch(/Regional stödstruktur, Region Skåne <strong class="tag">exempel<\/strong>/);
    expect(page.body).toMatch(/600\s000\skr/);
    expect(page.body).toContain('Inskickat');
    expect(page.body).toContain('Inte påbörjat');
  });

  it('reads the same for SKR, the body the applications are submitted to', async () => {
    const res = await overview(SKR);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ rows: Row[] }>().rows).toHaveLength(21);
  });

  it('answers 404 to a seat outside the coordinator and SKR, an RSS coordinator too', async () => {
    for (const seat of ['samordningsgrupp/polisen', 'rss/stockholm']) {
      const res = await overview({ kind: 'seat', seat });
      expect(res.statusCode, seat).toBe(404);
    }
  });

  it('marks the example organisations and bodies on the register pages', async () => {
    const tag = ' <strong class="tag">exempel</strong>';
    const orgs = (await overview({ kind: 'coordinator' }, '/admin/organisations')).body;
    expect(orgs).toContain(`Regional stödstruktur, Region Gotland</a>${tag}`);
    expect(orgs).not.toContain(`Polismyndigheten, region Stockholm</a>${tag}`);
    expect((await overview({ kind: 'coordinator' }, '/admin/bodies')).body).toContain(`Regionala stödstrukturer (RSS), chefer</a>${tag}`);
    expect((await overview({ kind: 'coordinator' }, '/admin/organisations/rss-gotland')).body).toContain(tag);
    expect((await overview({ kind: 'coordinator' }, '/admin/bodies/rss')).body).toContain(tag);
    expect((await overview({ kind: 'coordinator' }, '/')).body).toContain(`Regionala stödstrukturer (RSS), samordnare${tag}`);
  });

  it('puts late forms first once the deadline has passed', async () => {
    const tasks = await formTasks();
    const skane = tasks.find((x) => x.seat === 'rss/skane')!.task;
    const done = await injectAs(
      sim.app,
      {
        method: 'POST',
        url: `/api/tasks/${skane.id}/complete`,
        payload: { report: 'Inskickad: ansökan, version 1', actor: { kind: 'seat', seat: 'rss/skane' } },
      },
      { kind: 'seat', seat: 'rss/skane' },
    );
    expect(done.statusCode, done.body).toBeLessThan(300);
    await eventually(async () => {
      const [row] = await sim.db.select().from(t.tasks).where(eq(t.tasks.id, skane.id));
      return row?.status === 'done' ? row : undefined;
    });
    await sim.until('2027-06-01 09:00');
    const rows = await rowsOf();
    expect(rows.slice(0, 20).every((r) => r.state === 'late')).toBe(true);
    expect(rows[20]).toMatchObject({ seat: 'rss/skane', state: 'submitted' });
    // By county, in Swedish order: Västmanland, Västra Götaland, Örebro, Östergötland.
    const order = rows.map((r) => r.seat);
    expect([order[0], ...order.slice(16, 20)]).toEqual([
      'rss/blekinge',
      'rss/vastmanland',
      'rss/vastra-gotaland',
      'rss/orebro',
      'rss/ostergotland',
    ]);
  });
});
