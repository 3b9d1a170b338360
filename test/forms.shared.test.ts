import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { cycleDefinition, type CycleDefinitionInput } from '../core/definition';
import { validateDefinition } from '../api/definitions';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs, signedInAs } from './support/app';
import { formCycle, startFormCycle } from './support/form-records';

const POLICE_GROUP = 'samordningsgrupp/polisen';
const POLICE_BOARD = 'styrgrupp/polisen';
const PRISON = 'samordningsgrupp/kriminalvarden';

/** The small form, assigned to two seats of the police and one of the prison service, one form per organisation. */
const shared: CycleDefinitionInput = {
  ...formCycle,
  key: 'formular-organisation',
  phases: formCycle.phases.map((p) => ({
    ...p,
    steps: p.steps.map((s) =>
      s.kind === 'form' ? { ...s, fill: 'organisation', assignees: { kind: 'seats', seats: [POLICE_GROUP, POLICE_BOARD, PRISON] } } : s,
    ),
  })),
};

const formStepOf = (def: CycleDefinitionInput) => def.phases[0]!.steps[0]!;

/** Two seats of one organisation share one form on real Temporal and PostgreSQL; another organisation's seat has its own. */
describe('a form shared by the seats of one organisation', () => {
  let sim: Simulation;
  let policeTask: t.Task;
  let prisonTask: t.Task;
  let formId: string;

  const api = (method: 'GET' | 'PUT', url: string, seat: string, payload?: object) =>
    injectAs(sim.app, { method, url, payload }, { kind: 'seat', seat });
  const seatTitle = async (slug: string) => (await sim.db.select().from(t.seats).where(eq(t.seats.slug, slug)))[0]!.title;
  const seatId = async (slug: string) => (await sim.db.select().from(t.seats).where(eq(t.seats.slug, slug)))[0]!.id;
  const formOf = async (taskId: string, seat: string) => {
    const opened = await api('GET', `/tasks/${taskId}/form`, seat);
    expect(opened.statusCode, opened.body).toBe(303);
    return /^\/forms\/([0-9a-f-]{36})\?/.exec(opened.headers.location as string)![1]!;
  };

  beforeAll(async () => {
    sim = await simulate();
    await startFormCycle(sim.app, sim.db, shared);
    const tasks = await eventually(async () => {
      const found = await stepTasks(sim.db, `cycle/${shared.key}/2027`, 'ansokan');
      return found.length === 2 ? found.map((f) => f.task) : undefined;
    });
    const police = await seatId(POLICE_GROUP);
    policeTask = tasks.find((x) => x.seatId === police)!;
    prisonTask = tasks.find((x) => x.seatId !== police)!;
    formId = await formOf(policeTask.id, POLICE_GROUP);
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('refuses fill: organisation for a role, which is one seat, saying why', async () => {
    const def = structuredClone(shared);
    Object.assign(formStepOf(def), { assignees: { kind: 'role', role: 'coordinator' } });
    const { issues } = await validateDefinition(sim.db, def, 'sv');
    expect(issues).toEqual([
      {
        path: 'phases.0.steps.0.fill',
        message: expect.stringMatching(
          /^fill: organisation .* kräver tilldelning till platser \(seats\) eller ett organ \(body\), inte role$/,
        ),
      },
    ]);
  });

  it('refuses a fill that is neither seat nor organisation', () => {
    const def = structuredClone(shared);
    Object.assign(formStepOf(def), { fill: 'body' });
    expect(cycleDefinition.safeParse(def).success).toBe(false);
  });
  it('makes one task for the organisation, its first seat leading and its other seat a co-owner', async () => {
    expect(policeTask.coSeatIds).toEqual([await seatId(POLICE_BOARD)]);
    expect(prisonTask.seatId).toBe(await seatId(PRISON));
    expect(prisonTask.coSeatIds).toEqual([]);
  });

  it('opens the same form for both seats of the organisation', async () => {
    expect(await formOf(policeTask.id, POLICE_BOARD)).toBe(formId);
  });

  it('lists the drafts of both seats in who changed what', async () => {
    const first = await api('PUT', `/api/forms/${formId}`, POLICE_GROUP, { values: { projekt: 'Trygg hemma' } });
    expect(first.statusCode, first.body).toBe(200);
    const second = await api('PUT', `/api/forms/${formId}`, POLICE_BOARD, { values: { projekt: 'Trygg hemma', omfattning: 'lan' } });
    expect(second.statusCode, second.body).toBe(200);
    const changes = (await api('GET', `/api/forms/${formId}`, POLICE_BOARD)).json().changes as { path: string; seat: string }[];
    expect(changes.map((c) => [c.path, c.seat])).toEqual([
      ['projekt', POLICE_GROUP],
      ['omfattning', POLICE_BOARD],
    ]);
    const page = await api('GET', `/forms/${formId}/changes`, POLICE_GROUP);
    expect(page.statusCode).toBe(200);
  });

  it('gives the other organisation its own form, which the police cannot open', async () => {
    const prisonForm = await formOf(prisonTask.id, PRISON);
    expect(prisonForm).not.toBe(formId);
    expect((await api('GET', `/forms/${prisonForm}`, POLICE_BOARD)).statusCode).toBe(404);
  });

  it('names both seats of the organisation in the start preview, since both get the mail', async () => {
    const csrf = await signedInAs(sim.app);
    const preview = await sim.app.inject({
      method: 'POST',
      url: '/cycles/new/preview',
      payload: new URLSearchParams({ _csrf: csrf.csrf, definition: shared.key, year: '2028' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const [police, board] = await Promise.all([POLICE_GROUP, POLICE_BOARD].map((slug) => seatTitle(slug)));
    expect(preview.body).toContain(`Polisen (${police}), Polisen (${board})`);
  });
});
