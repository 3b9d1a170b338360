import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import type { CycleDefinitionInput } from '../core/definition';
import { wall } from './support/wall';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;

/** A third cycle, from a definition only: collect, compile, approve. */
const definition = (key: string): CycleDefinitionInput => ({
  key,
  name: 'Insamling och godkännande',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'insamling',
      title: 'Insamling',
      steps: [
        {
          key: 'insamling',
          kind: 'tasks',
          title: 'Lämna underlag',
          assignees: {
            kind: 'seats',
            seats: ['samordningsgrupp/polisen', 'samordningsgrupp/kriminalvarden', 'samordningsgrupp/storsthlm'],
          },
          due: 'start+10d',
          reminders: { before: ['3d'] },
          escalation: [{ after: '2d', to: { kind: 'role', role: 'coordinator' } }],
        },
        {
          key: 'sammanstallning',
          kind: 'report',
          title: 'Sammanställning',
          assignees: { kind: 'role', role: 'coordinator' },
          due: 'start+7d',
        },
      ],
    },
    {
      key: 'godkannande',
      title: 'Godkännande',
      steps: [
        {
          key: 'godkannande',
          kind: 'decision',
          title: 'Godkännande',
          question: 'Godkänns sammanställningen?',
          body: 'styrgrupp',
          rule: { kind: 'majority' },
          due: 'start+14d',
        },
      ],
    },
  ],
});

describe('the coordinator runs a cycle: preview, reassign, extend, skip, cancel', () => {
  let sim: Simulation;

  beforeAll(async () => {
    sim = await simulate();
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: definition('insamling'), actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => sim?.stop());

  const post = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload });
  const CYCLE = 'cycle/insamling/2027';

  it('previews the year with earliest dates for steps that start when others end', async () => {
    const res = await post('/api/cycles/preview', { definition: 'insamling', year: 2027 });
    expect(res.statusCode, res.body).toBe(200);
    const steps = res.json().plan.phases.flatMap((p: { steps: unknown[] }) => p.steps);
    expect(steps.map((s: { key: string }) => s.key)).toEqual(['insamling', 'sammanstallning', 'godkannande']);
    expect(steps[0].schedule).toBeUndefined();
    expect(steps[0].earliest.remindAt).toHaveLength(1);
    expect(steps[0].assignments).toHaveLength(3);
    expect(Date.parse(steps[2].earliest.dueAt)).toBeGreaterThan(Date.parse(steps[0].earliest.dueAt));
    expect(await sim.db.select().from(t.cycles)).toHaveLength(0);
  });

  it('refuses bad starts naming the field, and members who act for the coordinator', async () => {
    const unknown = await post('/api/cycles', { definition: 'finns-inte', year: 2027, actor: coordinator });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/^definition: det finns ingen cykeldefinition finns-inte/);
    const year = await post('/api/cycles', { definition: 'insamling', year: 1999, actor: coordinator });
    expect(year.statusCode).toBe(400);
    expect(year.json().issues[0].field).toBe('year');
    const member = await post('/api/cycles', { definition: 'insamling', year: 2027, actor: seat('styrgrupp/polisen') });
    expect(member.statusCode).toBe(403);
    expect(member.json().message).toBe('Bara samordningskoordinatorn får göra detta');
    const invalid = await post('/api/definitions', { definition: { ...definition('trasig'), phases: [] }, actor: coordinator });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().issues).toEqual([{ path: 'phases', message: expect.any(String) }]);
  });

  it('reassigns and extends open tasks; reminders and escalations follow', async () => {
    expect((await post('/api/cycles', { definition: 'insamling', year: 2027, actor: coordinator })).statusCode).toBe(201);
    const tasks = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'insamling');
      return rows.length === 3 ? rows : undefined;
    });
    const of = (slug: string) => tasks.find((x) => x.seat === slug)!.task;

    const notMine = await post(`/api/tasks/${of('samordningsgrupp/polisen').id}/complete`, {
      report: 'x',
      actor: seat('samordningsgrupp/storsthlm'),
    });
    expect(notMine.statusCode).toBe(403);
    const byMember = await post(`/api/tasks/${of('samordningsgrupp/polisen').id}/reassign`, {
      seat: 'samordningsgrupp/kriminalvarden',
      reason: 'x',
      actor: seat('samordningsgrupp/polisen'),
    });
    expect(byMember.statusCode).toBe(403);

    const moved = await post(`/api/tasks/${of('samordningsgrupp/polisen').id}/reassign`, {
      seat: 'samordningsgrupp/region-stockholm',
      reason: 'Polisen har överlåtit underlaget till regionen.',
      actor: coordinator,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().seatId).toBe(
      (await sim.db.select().from(t.seats).where(eq(t.seats.slug, 'samordningsgrupp/region-stockholm')))[0]!.id,
    );
    const again = await post(`/api/tasks/${of('samordningsgrupp/polisen').id}/reassign`, {
      seat: 'samordningsgrupp/region-stockholm',
      reason: 'igen',
      actor: coordinator,
    });
    expect(again.statusCode).toBe(409);

    const oldDue = of('samordningsgrupp/storsthlm').dueAt;
    const newDue = new Date(oldDue.getTime() + 7 * 86_400_000);
    const extended = await post(`/api/tasks/${of('samordningsgrupp/storsthlm').id}/extend`, {
      dueAt: newDue.toISOString(),
      reason: 'Storsthlm väntar på kommunernas svar.',
      actor: coordinator,
    });
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json().dueAt).toBe(newDue.toISOString());

    // Past the old deadline and its escalation: only the tasks still on the old date escalate.
    await sim.env.sleep(oldDue.getTime() - (await sim.now()).getTime() + 3 * 86_400_000);
    const mail = await sim.db
      .select()
      .from(t.mailOutbox)
      .where(like(t.mailOutbox.key, `task/insamling/2027/insamling/%`))
      .orderBy(asc(t.mailOutbox.scheduledAt));
    const summary = mail.map((m) => `${m.kind} ${m.toAddress.split('@')[0]} ${m.kind === 'task' ? '' : wall(m.scheduledAt!)}`.trim());
    const reminderAt = (due: Date) => wall(new Date(due.getTime() - 3 * 86_400_000)).slice(0, 10) + ' 08:00';
    expect(summary).toEqual(
      expect.arrayContaining([
        'task anna.bjork', // the reassigned task reaches Region Stockholm
        `reminder anna.bjork ${reminderAt(oldDue)}`,
        `reminder mikael.aberg ${reminderAt(oldDue)}`,
      ]),
    );
    expect(summary.filter((s) => s.startsWith('reminder helena.dahl'))).toEqual([]);
    expect(summary.filter((s) => s.startsWith('escalation')).length).toBe(2); // Region Stockholm's and Kriminalvården's
    expect(summary.some((s) => s.startsWith('reminder sara.lindgren'))).toBe(false);
  });

  it('skips a step with a reason, closing its open work, and the cycle moves on', async () => {
    const noReason = await post(`/api/cycles/insamling/2027/skip`, { step: 'insamling', reason: ' ', actor: coordinator });
    expect(noReason.statusCode).toBe(400);
    const unknown = await post(`/api/cycles/insamling/2027/skip`, { step: 'finns-inte', reason: 'x', actor: coordinator });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('step: det finns inget steg finns-inte i cykeln');

    const skipped = await post(`/api/cycles/insamling/2027/skip`, {
      step: 'insamling',
      reason: 'Underlaget hämtas ur årsrapporterna i stället.',
      actor: coordinator,
    });
    expect(skipped.statusCode, skipped.body).toBe(200);
    const tasks = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'insamling');
      return rows.every((r) => r.task.status === 'skipped') ? rows : undefined;
    });
    expect(tasks).toHaveLength(3);
    const twice = await post(`/api/cycles/insamling/2027/skip`, { step: 'insamling', reason: 'igen', actor: coordinator });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('step: steget insamling är redan överhoppat');

    // The concurrent-free next step starts once the skipped one has closed.
    const [report] = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'sammanstallning');
      return rows.length ? rows : undefined;
    });
    expect(report!.task.status).toBe('open');
  });

  it('cancels the cycle with a reason, closing what is open, and refuses to cancel it twice', async () => {
    const res = await post(`/api/cycles/insamling/2027/cancel`, { reason: 'Uppdraget har upphört.', actor: coordinator });
    expect(res.statusCode, res.body).toBe(200);
    const result = await sim.env.client.workflow.getHandle(CYCLE).result();
    expect(result).toMatchObject({ status: 'cancelled', closeReason: 'Uppdraget har upphört.' });
    const [report] = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'sammanstallning');
      return rows[0]?.task.status === 'cancelled' ? rows : undefined;
    });
    expect(report!.task.status).toBe('cancelled');
    const cycle = await eventually(async () => {
      const [row] = await sim.db
        .select()
        .from(t.cycles)
        .where(and(eq(t.cycles.id, CYCLE), eq(t.cycles.status, 'cancelled')));
      return row;
    });
    expect(cycle.closeReason).toBe('Uppdraget har upphört.');
    const again = await post(`/api/cycles/insamling/2027/cancel`, { reason: 'igen', actor: coordinator });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('Cykeln pågår inte: den är avbruten');
  });
});
