import { and, asc, eq, gte, inArray, isNotNull, lte, or } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { YearPlan } from '../../core/plan-types';
import type { ReportRecords } from '../../core/report-assembly';

/**
 * The records a lägesrapport is assembled from, read in a handful of queries whatever the size of
 * the year: the cycle's strategy and its goals, their indicators with the county's and the
 * municipalities' totals, and the measures the cycle's measure-owner tasks were about, with each
 * task's report, follow-up, output text and files.
 */

/** The action plans a cycle's steps name: the proposal's and the measure owners'. */
const plansNamed = (plan: YearPlan | null) =>
  (plan?.phases ?? [])
    .flatMap((p) => p.steps.flatMap((s) => [s.proposes?.actionPlan, s.measuresOf?.actionPlan]))
    .filter(Boolean) as string[];

/** The strategy of the action plan the cycle works on; without one, the strategy whose period holds the year. */
async function strategyOf(db: Db, plan: YearPlan | null, year: number): Promise<string | undefined> {
  const named = plansNamed(plan);
  if (named.length) {
    const [row] = await db.select({ id: t.actionPlans.strategyId }).from(t.actionPlans).where(inArray(t.actionPlans.slug, named));
    if (row) return row.id;
  }
  const [covering] = await db
    .select({ id: t.strategies.id })
    .from(t.strategies)
    .where(and(lte(t.strategies.periodStart, year), gte(t.strategies.periodEnd, year)))
    .orderBy(asc(t.strategies.periodStart));
  return covering?.id;
}

/** The goals a cycle reports on, in number order: those of the strategy its action plan belongs to. */
export async function goalsOfCycle(db: Db, cycle: Pick<t.Cycle, 'plan' | 'year'>) {
  const strategyId = await strategyOf(db, (cycle.plan ?? null) as YearPlan | null, cycle.year);
  if (!strategyId) return [];
  return db
    .select({ id: t.goals.id, number: t.goals.number, title: t.goals.title, description: t.goals.description })
    .from(t.goals)
    .where(eq(t.goals.strategyId, strategyId))
    .orderBy(asc(t.goals.number));
}

/** A query by a list of ids, not asked when the list is empty. */
const ifAny = <T>(ids: readonly string[], query: () => Promise<T[]>): Promise<T[]> => (ids.length ? query() : Promise.resolve([]));

export async function reportRecords(db: Db, cycleId: string): Promise<ReportRecords> {
  const [cycle] = await db
    .select({ year: t.cycles.year, plan: t.cycles.plan, name: t.cycleDefinitions.name })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, cycleId));
  if (!cycle) throw new Error(`no cycle ${cycleId}`);
  const plan = (cycle.plan ?? null) as YearPlan | null;
  const goals = await goalsOfCycle(db, cycle);
  const goalIds = goals.map((g) => g.id);
  const indicators = goalIds.length
    ? await db
        .select({ indicator: t.indicators, measureGoalId: t.measures.goalId })
        .from(t.indicators)
        .leftJoin(t.measures, eq(t.measures.id, t.indicators.measureId))
        .where(or(inArray(t.indicators.goalId, goalIds), inArray(t.measures.goalId, goalIds)))
        .orderBy(asc(t.indicators.level), asc(t.indicators.name))
    : [];
  const indicatorIds = indicators.map((i) => i.indicator.id);
  const values = indicatorIds.length
    ? await db
        .select({
          indicatorId: t.indicatorValues.indicatorId,
          year: t.indicatorValues.year,
          area: t.indicatorValues.area,
          value: t.indicatorValues.value,
          source: t.indicatorValues.source,
          retrievedAt: t.indicatorValues.retrievedAt,
        })
        .from(t.indicatorValues)
        .where(and(inArray(t.indicatorValues.indicatorId, indicatorIds), eq(t.indicatorValues.gender, 'T')))
    : [];
  const tasks = await db
    .select({
      id: t.tasks.id,
      measureId: t.tasks.measureId,
      stepKey: t.tasks.stepKey,
      title: t.tasks.title,
      status: t.tasks.status,
      completedAt: t.tasks.completedAt,
      report: t.tasks.report,
      attachments: t.tasks.attachments,
      organisation: t.organisations.name,
    })
    .from(t.tasks)
    .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(and(eq(t.tasks.cycleId, cycleId), isNotNull(t.tasks.measureId)));
  const taskIds = tasks.map((k) => k.id);
  const measureIds = [...new Set(tasks.map((k) => k.measureId!))];
  const [measures, owners, followUps, outputs, files] = await Promise.all([
    ifAny(measureIds, () =>
      db
        .select({ id: t.measures.id, code: t.measures.code, title: t.measures.title, goalId: t.measures.goalId })
        .from(t.measures)
        .where(inArray(t.measures.id, measureIds)),
    ),
    ifAny(measureIds, () =>
      db
        .select({ measureId: t.measureOwners.measureId, name: t.organisations.name, lead: t.measureOwners.lead })
        .from(t.measureOwners)
        .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
        .where(inArray(t.measureOwners.measureId, measureIds)),
    ),
    ifAny(taskIds, () =>
      db
        .select({ taskId: t.measureFollowUps.taskId, status: t.measureFollowUps.status, links: t.measureFollowUps.links })
        .from(t.measureFollowUps)
        .where(inArray(t.measureFollowUps.taskId, taskIds)),
    ),
    ifAny(taskIds, () =>
      db
        .select({ taskId: t.stepOutputs.taskId, text: t.stepOutputs.text, version: t.stepOutputs.version })
        .from(t.stepOutputs)
        .where(inArray(t.stepOutputs.taskId, taskIds)),
    ),
    ifAny(taskIds, () =>
      db
        .select({ taskId: t.attachments.taskId, name: t.attachments.name })
        .from(t.attachments)
        .where(inArray(t.attachments.taskId, taskIds)),
    ),
  ]);
  return {
    year: cycle.year,
    definitionName: cycle.name,
    stepTitles: Object.fromEntries((plan?.phases ?? []).flatMap((p) => p.steps.map((s) => [s.key, s.title]))),
    goals,
    indicators: indicators.map(({ indicator, measureGoalId }) => ({ ...indicator, goalId: indicator.goalId ?? measureGoalId })),
    values,
    measures,
    owners,
    tasks: tasks.map((k) => ({ ...k, measureId: k.measureId! })),
    followUps,
    outputs: outputs.flatMap((o) => (o.taskId ? [{ ...o, taskId: o.taskId }] : [])),
    files,
  };
}
