import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { stockholmDate } from '../core/time';
import { wall } from './support/wall';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs, signedInAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const KEY = 'kvinnofrid-arshjul';
/** A copy of the shipped year under its own key: a second cycle of the same year. */
const COPY = 'kvinnofrid-sen';

interface Passed {
  stepKey: string;
  dueAt?: string;
}
interface MeetingsOfYear {
  bodySlug: string;
  meetings: { startsAt: string; passed: boolean; host: { slug: string; name: string } | null }[];
}

/** Starting next year's cycle on 15 November of that year, through the API. */
describe('a year started in November', () => {
  let sim: Simulation;
  let year: number;

  beforeAll(async () => {
    sim = await simulate();
    year = Number(stockholmDate(await sim.now()).slice(0, 4)) + 1;
    await sim.until(`${year}-11-15 10:00`);
    const stored = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: { ...kvinnofridArshjul, key: COPY }, actor: coordinator },
    });
    expect(stored.statusCode, stored.body).toBe(201);
  });
  afterAll(async () => sim?.stop());

  const post = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload });
  const preview = (start?: object) => post('/api/cycles/preview', { definition: KEY, year, start });

  it('previews which deadlines have passed and that a choice is needed', async () => {
    const res = await preview();
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { passed: Passed[]; choiceNeeded: boolean };
    expect(body.choiceNeeded).toBe(true);
    expect(body.passed.filter((p) => p.dueAt).map((p) => p.stepKey)).toEqual([
      'behovsinventering',
      'lagesbeskrivning',
      'forslag',
      'prioriteringsbeslut',
      'halvarsrapport',
    ]);
  });

  it("lists the year's meetings with the hosts they will have, and those already over", async () => {
    const meetings = (await preview()).json().meetings as MeetingsOfYear[];
    const coordination = meetings.find((m) => m.bodySlug === 'samordningsgrupp')!;
    expect(coordination.meetings).toHaveLength(11);
    // Only December is still ahead: the rotation starts with its first party.
    expect(coordination.meetings.filter((m) => !m.passed).map((m) => [wall(m.startsAt).slice(5, 7), m.host?.name])).toEqual([
      ['12', 'Kriminalvården'],
    ]);
    expect(coordination.meetings.filter((m) => m.passed).every((m) => m.host === null)).toBe(true);
    const steering = meetings.find((m) => m.bodySlug === 'styrgrupp')!;
    expect(steering.meetings.filter((m) => !m.passed).map((m) => [wall(m.startsAt).slice(5, 7), m.host?.slug])).toEqual([
      ['11', 'lansstyrelsen'],
    ]);
  });

  it('refuses to start without a choice, and says what to choose', async () => {
    const res = await post('/api/cycles', { definition: KEY, year, actor: coordinator });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^start: tidsfrister i året har redan passerat\. Välj att börja vid en fas/);
    expect(await sim.db.select().from(t.cycles)).toEqual([]);
  });

  it('names the field when the number of days is out of range', async () => {
    for (const days of [0, 91, 'två']) {
      const res = await preview({ mode: 'redate', days });
      expect(res.statusCode).toBe(400);
      expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual(['start.days']);
    }
  });

  it('needs a reason to start at a later phase', async () => {
    const res = await preview({ mode: 'fromPhase', phase: 'folja-upp', reason: ' ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { field: string }) => i.field)).toEqual(['start.reason']);
  });

  it('refuses a phase whose own deadlines have passed, naming the step', async () => {
    const res = await preview({ mode: 'fromPhase', phase: 'genomfora', reason: 'Sen start.' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'Året kan inte starta så: start.phase: steget ”Halvårsrapport” i Fas III: Genomföra har redan passerat sin tidsfrist: välj en senare fas, eller nya datum',
    );
  });

  it('previews new dates: nothing left before the new date', async () => {
    const res = await preview({ mode: 'redate', days: 14 });
    expect(res.statusCode, res.body).toBe(200);
    const steps = res.json().plan.phases.flatMap((p: { steps: { key: string; schedule?: { dueAt: string } }[] }) => p.steps);
    expect(wall(steps.find((s: { key: string }) => s.key === 'forslag').schedule.dueAt)).toBe(`${year}-11-29 23:59`);
    expect(res.json().choiceNeeded).toBe(false);
  });

  /** The start wizard's form, posted as a browser without scripts posts it. */
  const form = async (url: string, fields: Record<string, string>) => {
    const { cookie, csrf } = await signedInAs(sim.app);
    return sim.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: csrf, definition: KEY, year: String(year), ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
  };

  it('the wizard says which dates have passed, offers the two ways, and no start until one is chosen', async () => {
    const page = await form('/cycles/new/preview', {});
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Året har redan börjat');
    expect(page.body).toContain('<strong>Halvårsrapport</strong> (Fas III: Genomföra): tidsfristen var 31 augusti');
    expect(page.body).toContain('name="startMode" value="fromPhase"');
    expect(page.body).toContain('name="startMode" value="redate"');
    expect(page.body).toContain('Samordningsgruppens möten: datum och värd');
    expect(page.body).not.toContain('Jag har granskat året');
  });

  it('the wizard shows a refused choice beside the form, naming the field', async () => {
    const page = await form('/cycles/new/preview', { startMode: 'redate', days: '0' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/role="alert"><p>Uppgifterna är inte giltiga: start\.days: /);
    expect(page.body).not.toContain('Jag har granskat året');
  });

  it('the wizard previews the chosen way and carries it into the confirmation', async () => {
    const page = await form('/cycles/new/preview', { startMode: 'fromPhase', phase: 'folja-upp', reason: 'Sen start.', days: '14' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Året börjar vid Fas IV: Följa upp. Steg som hoppas över: Behovsinventering');
    expect(page.body).toContain('Jag har granskat året');
    expect(page.body).toContain('<input type="hidden" name="startMode" value="fromPhase">');
    expect(page.body).not.toContain('<td>Halvårsrapport');
  });

  it('starts at a later phase: the steps before it are recorded as skipped, with the reason, by the coordinator', async () => {
    const reason = 'Årshjulet infördes i november; Fas I–III gjordes utanför systemet.';
    const res = await post('/api/cycles', {
      definition: KEY,
      year,
      start: { mode: 'fromPhase', phase: 'folja-upp', reason },
      actor: coordinator,
    });
    expect(res.statusCode, res.body).toBe(201);
    const cycle = `cycle/${KEY}/${year}`;
    const skips = await eventually(async () => {
      const rows = await sim.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.targetId, cycle), eq(t.auditEvents.action, 'step.skipped')));
      return rows.length === 6 ? rows : undefined;
    });
    expect(skips.every((s) => s.actorKind === 'coordinator' && (s.detail as { reason: string }).reason === reason)).toBe(true);
    // With the styrgrupp's decision skipped, Fas IV covers every measure: one task each, shared for joint ones.
    await eventually(async () => ((await stepTasks(sim.db, cycle, 'uppfoljning')).length === 13 ? true : undefined));
    expect(await stepTasks(sim.db, cycle, 'behovsinventering')).toEqual([]);
  });

  it('once a series runs, previews the hosts it has planned', async () => {
    await eventually(async () => ((await sim.db.select().from(t.meetings)).length > 0 ? true : undefined));
    const meetings = (await post('/api/cycles/preview', { definition: COPY, year, start: { mode: 'redate', days: 14 } })).json()
      .meetings as MeetingsOfYear[];
    const coordination = meetings.find((m) => m.bodySlug === 'samordningsgrupp')!;
    expect(coordination.meetings.filter((m) => !m.passed).map((m) => m.host?.slug)).toEqual(['kriminalvarden']);
  });

  it('documents the choice in the OpenAPI document', async () => {
    const doc = (await injectAs(sim.app, { method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/cycles'].post.requestBody.content['application/json'].schema.properties.start).toBeDefined();
  });

  it('starts with new dates: the first tasks fall due on the new date', async () => {
    const res = await post('/api/cycles', { definition: COPY, year, start: { mode: 'redate', days: 14 }, actor: coordinator });
    expect(res.statusCode, res.body).toBe(201);
    const needs = await eventually(async () => {
      const rows = await stepTasks(sim.db, `cycle/${COPY}/${year}`, 'behovsinventering');
      return rows.length === 7 ? rows : undefined;
    });
    expect(needs.map((n) => wall(n.task.dueAt))).toEqual(Array(7).fill(`${year}-11-29 23:59`));
  });
});
