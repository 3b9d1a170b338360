import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import type { CycleDefinitionInput } from '../core/definition';
import { wall } from './support/wall';
import { at, simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const KEY = 'sen-start';
const CYCLE = `cycle/${KEY}/2027`;

/**
 * Work that starts after its deadline because the step before it overran: a collection due
 * 1 March, a styrgrupp decision due 5 March, and a compilation due 8 March.
 */
const definition: CycleDefinitionInput = {
  key: KEY,
  name: 'Underlag, beslut, sammanställning',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator', convenor: 'styrgrupp/lansstyrelsen' },
  phases: [
    {
      key: 'arbete',
      title: 'Arbete',
      steps: [
        {
          key: 'underlag',
          kind: 'tasks',
          title: 'Underlag',
          assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen'] },
          due: 'Y-03-01',
        },
        {
          key: 'beslut',
          kind: 'decision',
          title: 'Beslut om underlaget',
          question: 'Godkänns underlaget?',
          body: 'styrgrupp',
          rule: { kind: 'all' },
          due: 'Y-03-05',
          reminders: { before: ['2d'] },
          escalation: [{ after: '2d', to: { kind: 'role', role: 'convenor' } }],
        },
        {
          key: 'sammanstallning',
          kind: 'report',
          title: 'Sammanställning',
          assignees: { kind: 'role', role: 'coordinator' },
          due: 'Y-03-08',
          reminders: { before: ['3d'] },
          escalation: [{ after: '3d', to: { kind: 'role', role: 'convenor' } }],
        },
      ],
    },
  ],
};

describe('work that starts after its deadline', () => {
  let sim: Simulation;
  const post = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload });
  const mails = (prefix: string) =>
    sim.db
      .select({
        kind: t.mailOutbox.kind,
        to: t.mailOutbox.toAddress,
        at: t.mailOutbox.scheduledAt,
        text: t.mailOutbox.text,
        subject: t.mailOutbox.subject,
      })
      .from(t.mailOutbox)
      .where(like(t.mailOutbox.key, `${prefix}%`))
      .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress));
  const decision = () =>
    eventually(async () => {
      const [d] = await sim.db
        .select()
        .from(t.decisions)
        .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.stepKey, 'beslut')));
      return d;
    });

  beforeAll(async () => {
    sim = await simulate();
    expect((await post('/api/definitions', { definition, actor: coordinator })).statusCode).toBe(201);
    expect((await post('/api/cycles', { definition: KEY, year: 2027, actor: coordinator })).statusCode).toBe(201);
    const [task] = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'underlag');
      return rows.length ? rows : undefined;
    });
    // Polisen delivers on 10 March, five days after the decision was due.
    await sim.until('2027-03-10 10:00');
    const done = await post(`/api/tasks/${task!.task.id}/complete`, {
      report: 'Underlaget bifogas.',
      actor: { kind: 'seat', seat: 'samordningsgrupp/polisen' },
    });
    expect(done.statusCode, done.body).toBe(200);
  });
  afterAll(async () => sim?.stop());

  it('a decision opened after its deadline asks every voter once, saying it is late, and stays open', async () => {
    const d = await decision();
    expect(d.status).toBe('open');
    const sent = await eventually(async () => {
      const rows = await mails(d.workflowId);
      return rows.length === 7 ? rows : undefined;
    });
    expect(sent.every((m) => m.kind === 'late_decision')).toBe(true);
    expect(sent[0]!.subject).toMatch(/^Försenat beslut: Beslut om underlaget, sista dag var /);
    expect(sent.every((m) => wall(m.at) >= '2027-03-10 10:00')).toBe(true);
    const state = await sim.env.client.workflow.getHandle(d.workflowId).query<{ overdueSince?: string; status: string }>('decisionStatus');
    expect(state).toMatchObject({ status: 'open', overdueSince: d.dueAt.toISOString() });
  });

  it('its vote link shows the vote, not an error', async () => {
    const d = await decision();
    const [first] = await mails(d.workflowId);
    const link = /\/l\/[A-Za-z0-9_-]+/.exec(first!.text)![0];
    const page = await sim.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Godkänns underlaget?');
  });

  it('escalates to the convenor two days after it opened, at 08:00, not two days after a deadline long past', async () => {
    const d = await decision();
    await sim.until('2027-03-12 12:00');
    const escalations = (await mails(d.workflowId)).filter((m) => m.kind === 'escalation');
    expect(escalations.map((m) => [m.to, wall(m.at)])).toEqual([['karin.ekstrom@lansstyrelsen.example.org', '2027-03-12 08:00']]);
  });

  it('skipping the late decision ends the vote, and the cycle moves on', async () => {
    const skipped = await post(`/api/cycles/${KEY}/2027/skip`, {
      step: 'beslut',
      reason: 'Beslutet togs på ett extra möte.',
      actor: coordinator,
    });
    expect(skipped.statusCode, skipped.body).toBe(200);
    const d = await decision();
    const result = await sim.env.client.workflow.getHandle(d.workflowId).result();
    expect(result).toMatchObject({ status: 'cancelled', closedBy: 'cancelled' });
    const [report] = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'sammanstallning');
      return rows.length ? rows : undefined;
    });
    expect(report!.task.status).toBe('open');
  });

  it('a task started after its deadline is overdue from its first moment, says so once, and escalates counted from its start', async () => {
    const [report] = await stepTasks(sim.db, CYCLE, 'sammanstallning');
    expect(report!.task.overdueSince).toEqual(report!.task.dueAt);
    await sim.until('2027-03-20 12:00');
    const sent = await mails(report!.task.workflowId);
    expect(sent.map((m) => m.kind)).toEqual(['late_task', 'escalation']);
    expect(sent[0]!.subject).toMatch(/^Försenad uppgift: Sammanställning, sista dag var /);
    const startDay = at(`${wall(sent[0]!.at).slice(0, 10)} 08:00`);
    expect(wall(sent[1]!.at)).toBe(wall(new Date(startDay.getTime() + 3 * 86_400_000)));
  });
});
