import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { temporal } from '@temporalio/proto';
import * as t from '../db/schema';
import { toLocal } from '../core/time';
import type { YearPlan } from '../core/plan-types';
import { wall } from './support/wall';
import { eventually, injectAs } from './support/app';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { recordHistories } from './support/histories';

const KEY = 'kvinnofrid-arshjul';
const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
/** Four of the seven seats: a majority of either body. */
const MAJORITY = ['lansstyrelsen', 'polisen', 'region-stockholm', 'storsthlm'];
const SERIES = ['meetings/samordningsgrupp', 'meetings/styrgrupp'];
const WORKFLOW_TASK_FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;

/**
 * The shipped year started in November, on Temporal's time-skipping server: once at Fas IV, once
 * with new dates two weeks from today. Officials act through the API; each run reaches the
 * hand-off, and no workflow task of any workflow fails on the way.
 */
function lateYear(name: string, start: object, history: string) {
  describe(`the Operation Kvinnofrid year started in November: ${name}`, () => {
    let sim: Simulation;
    let year: number;
    let cycle: string;

    beforeAll(async () => {
      sim = await simulate();
      // A day in November: today when it is November, else the coming one.
      const today = toLocal(await sim.now());
      year = today.month === 12 ? today.year + 1 : today.year;
      if (today.month !== 11) await sim.until(`${year}-11-15 10:00`);
      cycle = `cycle/${KEY}/${year}`;
    });
    afterAll(async () => sim?.stop());

    const post = async (url: string, payload: object, status = 200) => {
      const res = await injectAs(sim.app, { method: 'POST', url, payload });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      return res.json();
    };
    /** Every task of a step, once the step has started them all. */
    const started = (stepKey: string, count?: number) =>
      eventually(async () => {
        const rows = await stepTasks(sim.db, cycle, stepKey);
        return rows.length > 0 && (count === undefined || rows.length === count) ? rows : undefined;
      });
    /** How many tasks each step of the plan sends. */
    let assigned: Map<string, number>;
    const completeStep = async (stepKey: string, actor?: object, choices?: object) => {
      for (const m of await started(stepKey, assigned.get(stepKey)))
        await post(`/api/tasks/${m.task.id}/complete`, { report: 'Klart.', choices, actor: actor ?? seat(m.seat) });
    };
    const approve = async (stepKey: string, body: string) => {
      const decision = await eventually(async () => {
        const [d] = await sim.db
          .select()
          .from(t.decisions)
          .where(and(eq(t.decisions.cycleId, cycle), eq(t.decisions.stepKey, stepKey)));
        return d;
      });
      for (const org of MAJORITY) await post(`/api/decisions/${decision.id}/votes`, { choice: 'approve', actor: seat(`${body}/${org}`) });
      return decision;
    };
    /** Ids of every workflow the year ran: the cycle, its tasks and votes, the meeting series and their minutes. */
    const workflowIds = async () => [
      cycle,
      ...(await sim.db.select({ id: t.tasks.workflowId }).from(t.tasks)).map((r) => r.id),
      ...(await sim.db.select({ id: t.decisions.workflowId }).from(t.decisions)).map((r) => r.id),
    ];
    /** Every run of a workflow, newest first: a series continues as new each year. */
    const histories = async (workflowId: string) => {
      const runs = [];
      for (let runId: string | undefined; ;) {
        const history = await sim.env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        runs.push(history);
        runId = history.events![0]!.workflowExecutionStartedEventAttributes!.continuedExecutionRunId || undefined;
        if (!runId) return runs;
      }
    };

    it('runs to the hand-off with no failed workflow task', { timeout: 240_000 }, async () => {
      const res = await post('/api/cycles', { definition: KEY, year, start, actor: coordinator }, 201);
      const plan = res.plan as YearPlan;
      const steps = plan.phases.flatMap((p) => p.steps);
      // Steps about the measures a decision selects: every measure, approved as proposed or, with the decision skipped, by default.
      const measureIds = (await sim.db.select({ id: t.measures.id }).from(t.measures)).map((m) => m.id);
      assigned = new Map(steps.map((s) => [s.key, s.measuresOf ? measureIds.length : s.assignments.length]));
      // Nothing that runs waits for an instant before the start.
      const instants = steps
        .filter((s) => !s.skipped)
        .flatMap((s) => (s.schedule ? [s.schedule.dueAt, ...s.schedule.remindAt, ...s.schedule.escalations.map((e) => e.at)] : []));
      expect(instants.filter((at) => Date.parse(at) <= Date.parse(plan.lateStart!.at))).toEqual([]);

      if ((start as { mode: string }).mode === 'redate') {
        await completeStep('behovsinventering');
        await completeStep('lagesbeskrivning', coordinator);
        await completeStep('forslag', undefined, { measureIds });
        const priorities = await approve('prioriteringsbeslut', 'styrgrupp');
        expect(wall(priorities.dueAt)).toBe(wall(steps[0]!.schedule!.dueAt));
        await completeStep('halvarsrapport');
        await completeStep('genomforande');
      }
      await sim.until(`${year + 1}-01-10 10:00`);
      await completeStep('uppfoljning');
      await completeStep('indikatorer');
      await sim.until(`${year + 1}-01-25 10:00`);
      await completeStep('rapportutkast', coordinator);
      await sim.until(`${year + 1}-01-28 10:00`);
      await approve('rapportgranskning', 'samordningsgrupp');
      await approve('rapportbeslut', 'styrgrupp');
      await sim.until(`${year + 1}-02-20 10:00`);
      const [handoff] = await started('overlamning', 1);
      await post(`/api/tasks/${handoff!.task.id}/complete`, { report: 'Inlämnad till årsredovisningen.', actor: coordinator });

      const result = await sim.env.client.workflow.getHandle(cycle).result();
      expect(result.status).toBe('completed');
      const skipped = result.steps.filter((s: { status: string }) => s.status === 'skipped').map((s: { key: string }) => s.key);
      expect(skipped).toEqual(
        (start as { mode: string }).mode === 'fromPhase'
          ? ['behovsinventering', 'lagesbeskrivning', 'forslag', 'prioriteringsbeslut', 'halvarsrapport', 'genomforande']
          : [],
      );
      expect(result.steps.find((s: { key: string }) => s.key === 'overlamning').status).toBe('done');

      const failed: string[] = [];
      for (const id of [...(await workflowIds()), ...SERIES]) {
        for (const history of await histories(id)) {
          if (history.events!.some((e) => e.eventType === WORKFLOW_TASK_FAILED)) failed.push(id);
        }
      }
      expect(failed).toEqual([]);

      if (process.env.RECORD_HISTORIES) await recordHistories(sim.env.client, [{ name: history, workflowId: cycle }]);
    });
  });
}

lateYear(
  'at Fas IV',
  { mode: 'fromPhase', phase: 'folja-upp', reason: 'Årshjulet infördes i november; Fas I–III gjordes utanför systemet.' },
  'kvinnofrid-late-start-at-phase-cycle',
);
lateYear('with new dates from today', { mode: 'redate', days: 14 }, 'kvinnofrid-late-new-dates-cycle');
