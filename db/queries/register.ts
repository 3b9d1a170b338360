import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { CycleDefinition } from '../../core/definition';

/**
 * Writes to the register: parties, bodies, seats, strategies with goals, action plans and their
 * measures. Nothing here deletes: what history refers to is retired (`retired_on`, or an
 * organisation's `left_on`) and stays readable.
 */

export type NewOrganisation = typeof t.organisations.$inferInsert;
export type NewBody = typeof t.bodies.$inferInsert;
export type NewSeat = typeof t.seats.$inferInsert;
export type NewStrategy = typeof t.strategies.$inferInsert;
export type NewGoal = typeof t.goals.$inferInsert;
export type NewActionPlan = typeof t.actionPlans.$inferInsert;
export interface MeasureFields {
  code: string;
  title: string;
  description: string;
  goalId: string | null;
  /** Organisation ids; the lead owner first. */
  owners: string[];
}

export const organisationBySlug = async (db: Db, slug: string) =>
  (await db.select().from(t.organisations).where(eq(t.organisations.slug, slug)))[0];
export const bodyBySlug = async (db: Db, slug: string) => (await db.select().from(t.bodies).where(eq(t.bodies.slug, slug)))[0];
export const seatBySlug = async (db: Db, slug: string) => (await db.select().from(t.seats).where(eq(t.seats.slug, slug)))[0];
export const strategyBySlug = async (db: Db, slug: string) => (await db.select().from(t.strategies).where(eq(t.strategies.slug, slug)))[0];
export const actionPlanBySlug = async (db: Db, slug: string) =>
  (await db.select().from(t.actionPlans).where(eq(t.actionPlans.slug, slug)))[0];
export const goalById = async (db: Db, id: string) => (await db.select().from(t.goals).where(eq(t.goals.id, id)))[0];
export const measureById = async (db: Db, id: string) => (await db.select().from(t.measures).where(eq(t.measures.id, id)))[0];
export const actionPlanById = async (db: Db, id: string) => (await db.select().from(t.actionPlans).where(eq(t.actionPlans.id, id)))[0];
export const measureByCode = async (db: Db, actionPlanId: string, code: string) =>
  (
    await db
      .select()
      .from(t.measures)
      .where(and(eq(t.measures.actionPlanId, actionPlanId), eq(t.measures.code, code)))
  )[0];
/** The bodies an organisation has seats in. */
export const bodySlugsOf = async (db: Db, organisationId: string) =>
  (
    await db
      .select({ slug: t.bodies.slug })
      .from(t.seats)
      .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
      .where(eq(t.seats.organisationId, organisationId))
  ).map((r) => r.slug);
export const goalsOf = (db: Db, strategyId: string) =>
  db.select().from(t.goals).where(eq(t.goals.strategyId, strategyId)).orderBy(asc(t.goals.number));

export async function insertOrganisation(db: Db, values: NewOrganisation): Promise<t.Organisation> {
  return (await db.insert(t.organisations).values(values).returning())[0]!;
}
export async function updateOrganisation(db: Db, id: string, values: Partial<NewOrganisation>): Promise<t.Organisation> {
  return (await db.update(t.organisations).set(values).where(eq(t.organisations.id, id)).returning())[0]!;
}
export async function insertBody(db: Db, values: NewBody): Promise<t.Body> {
  return (await db.insert(t.bodies).values(values).returning())[0]!;
}
export async function updateBody(db: Db, id: string, values: Partial<NewBody>): Promise<t.Body> {
  return (await db.update(t.bodies).set(values).where(eq(t.bodies.id, id)).returning())[0]!;
}
export async function insertSeat(db: Db, values: NewSeat): Promise<t.Seat> {
  return (await db.insert(t.seats).values(values).returning())[0]!;
}
export async function updateSeat(db: Db, id: string, values: Partial<NewSeat>): Promise<t.Seat> {
  return (await db.update(t.seats).set(values).where(eq(t.seats.id, id)).returning())[0]!;
}
export async function insertStrategy(db: Db, values: NewStrategy): Promise<t.Strategy> {
  return (await db.insert(t.strategies).values(values).returning())[0]!;
}
export async function updateStrategy(db: Db, id: string, values: Partial<NewStrategy>): Promise<t.Strategy> {
  return (await db.update(t.strategies).set(values).where(eq(t.strategies.id, id)).returning())[0]!;
}
export async function insertGoal(db: Db, values: NewGoal): Promise<t.Goal> {
  return (await db.insert(t.goals).values(values).returning())[0]!;
}
export async function updateGoal(db: Db, id: string, values: Partial<NewGoal>): Promise<t.Goal> {
  return (await db.update(t.goals).set(values).where(eq(t.goals.id, id)).returning())[0]!;
}
export async function insertActionPlan(db: Db, values: NewActionPlan): Promise<t.ActionPlan> {
  return (await db.insert(t.actionPlans).values(values).returning())[0]!;
}
export async function updateActionPlan(db: Db, id: string, values: Partial<NewActionPlan>): Promise<t.ActionPlan> {
  return (await db.update(t.actionPlans).set(values).where(eq(t.actionPlans.id, id)).returning())[0]!;
}

/** The plans of a strategy, other than one, that are not retired: a new period may not overlap theirs. */
export const livePlansOf = (db: Db, strategyId: string, except?: string) =>
  db
    .select()
    .from(t.actionPlans)
    .where(
      and(eq(t.actionPlans.strategyId, strategyId), isNull(t.actionPlans.retiredOn), except ? ne(t.actionPlans.id, except) : undefined),
    );

const ownerRows = (measureId: string, owners: string[]) =>
  owners.map((organisationId, i) => ({ measureId, organisationId, lead: i === 0 && owners.length > 1 }));

export async function insertMeasure(db: Db, actionPlanId: string, m: MeasureFields): Promise<t.Measure> {
  return db.transaction(async (tx) => {
    const { owners, ...fields } = m;
    const [row] = await tx
      .insert(t.measures)
      .values({ ...fields, actionPlanId, joint: owners.length > 1 })
      .returning();
    await tx.insert(t.measureOwners).values(ownerRows(row!.id, owners));
    return row!;
  });
}

export async function updateMeasure(db: Db, id: string, m: MeasureFields): Promise<t.Measure> {
  return db.transaction(async (tx) => {
    const { owners, ...fields } = m;
    const [row] = await tx
      .update(t.measures)
      .set({ ...fields, joint: owners.length > 1 })
      .where(eq(t.measures.id, id))
      .returning();
    await tx.delete(t.measureOwners).where(eq(t.measureOwners.measureId, id));
    await tx.insert(t.measureOwners).values(ownerRows(id, owners));
    return row!;
  });
}

export async function retireMeasure(db: Db, id: string, on: string): Promise<t.Measure> {
  return (await db.update(t.measures).set({ retiredOn: on }).where(eq(t.measures.id, id)).returning())[0]!;
}

/** The owners of a measure, the lead owner first. */
export async function ownersOf(db: Db, measureId: string): Promise<string[]> {
  const rows = await db.select().from(t.measureOwners).where(eq(t.measureOwners.measureId, measureId));
  return rows.sort((a, b) => Number(b.lead) - Number(a.lead)).map((r) => r.organisationId);
}

/**
 * A new plan for another period with the measures of `from` that are not retired, each with its
 * goal and owners; `from` stays as it was.
 */
export async function copyActionPlan(
  db: Db,
  from: t.ActionPlan,
  values: Omit<NewActionPlan, 'strategyId'>,
): Promise<{ plan: t.ActionPlan; measures: number }> {
  return db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(t.actionPlans)
      .values({ ...values, strategyId: from.strategyId, copiedFromId: from.id })
      .returning();
    const measures = await tx
      .select()
      .from(t.measures)
      .where(and(eq(t.measures.actionPlanId, from.id), isNull(t.measures.retiredOn)));
    const owners = measures.length
      ? await tx
          .select()
          .from(t.measureOwners)
          .where(
            inArray(
              t.measureOwners.measureId,
              measures.map((m) => m.id),
            ),
          )
      : [];
    for (const { id, actionPlanId: _a, ...m } of measures) {
      const [copy] = await tx
        .insert(t.measures)
        .values({ ...m, actionPlanId: plan!.id })
        .returning();
      const own = owners.filter((o) => o.measureId === id).map((o) => ({ ...o, measureId: copy!.id }));
      if (own.length) await tx.insert(t.measureOwners).values(own);
    }
    return { plan: plan!, measures: measures.length };
  });
}

const holds = (p: t.ActionPlan, year: number) => p.periodStart <= year && year <= p.periodEnd;

/**
 * What each action plan a definition names stands for in a cycle year: the plan of the same
 * strategy whose period holds the year (so 2027 runs on a 2027–2030 plan once there is one). A
 * plan that holds the year stands for itself; without any plan for the year, the named one does.
 */
export async function actionPlansForYear(db: Db, year: number): Promise<Map<string, string>> {
  const plans = await db.select().from(t.actionPlans);
  const live = plans.filter((p) => !p.retiredOn && holds(p, year));
  return new Map(
    plans.map((p) => {
      if (!p.retiredOn && holds(p, year)) return [p.slug, p.slug];
      const valid = live.filter((x) => x.strategyId === p.strategyId).sort((a, b) => b.periodStart - a.periodStart)[0];
      return [p.slug, valid?.slug ?? p.slug];
    }),
  );
}

/** A definition with the action plans it names replaced by those valid in the cycle's year. */
export function withActionPlans(def: CycleDefinition, plans: Map<string, string>): CycleDefinition {
  const valid = (slug: string) => plans.get(slug) ?? slug;
  return {
    ...def,
    phases: def.phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((step) => {
        const s = { ...step } as typeof step & { proposes?: { actionPlan: string }; assignees?: { kind: string; actionPlan?: string } };
        if (s.proposes) s.proposes = { ...s.proposes, actionPlan: valid(s.proposes.actionPlan) };
        if (s.assignees?.kind === 'measureOwners' && s.assignees.actionPlan)
          s.assignees = { ...s.assignees, actionPlan: valid(s.assignees.actionPlan) };
        return s;
      }),
    })),
  };
}
