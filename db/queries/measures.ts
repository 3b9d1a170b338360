import { asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { actionPlansForYear } from './register';
import type { Locale } from '../../i18n';

/** The measures work is about, as pages and mail show them: a proposal's candidates, a measure task's measure. */

export interface MeasureRef {
  id: string;
  code: string;
  title: string;
}

export interface MeasureDetail extends MeasureRef {
  description: string;
  goal: { number: number; title: string } | null;
  indicators: { name: string; unit: string; source: string }[];
  /** Lead owner first; `seatId` is the owner's seat among the seats asked for, when it has one. */
  owners: { organisationName: string; seatId: string | null; lead: boolean }[];
}

const byCode = (locale: Locale) => (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, locale, { numeric: true });

export async function candidateMeasures(db: Db, ids: readonly string[], locale: Locale = 'sv'): Promise<MeasureRef[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ id: t.measures.id, code: t.measures.code, title: t.measures.title })
    .from(t.measures)
    .where(inArray(t.measures.id, [...ids]));
  return rows.sort(byCode(locale));
}

/** Step titles as the cycle's plan names them, per cycle and step key. */
/** A measure as its owners need it: description, goal, indicators and every owner, lead first. */
export async function measureDetail(db: Db, measureId: string, seatIds: readonly string[] = []): Promise<MeasureDetail | null> {
  const [row] = await db
    .select({ measure: t.measures, goalNumber: t.goals.number, goalTitle: t.goals.title })
    .from(t.measures)
    .leftJoin(t.goals, eq(t.goals.id, t.measures.goalId))
    .where(eq(t.measures.id, measureId));
  if (!row) return null;
  const m = row.measure;
  const [indicators, owners, seats] = await Promise.all([
    db
      .select({ name: t.indicators.name, unit: t.indicators.unit, source: t.indicators.source })
      .from(t.indicators)
      .where(or(eq(t.indicators.measureId, m.id), m.goalId ? eq(t.indicators.goalId, m.goalId) : undefined))
      .orderBy(asc(t.indicators.name)),
    db
      .select({ organisationId: t.organisations.id, organisationName: t.organisations.shortName, lead: t.measureOwners.lead })
      .from(t.measureOwners)
      .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
      .where(eq(t.measureOwners.measureId, m.id))
      .orderBy(sql`${t.measureOwners.lead} desc`, asc(t.organisations.shortName)),
    seatIds.length
      ? db
          .select({ id: t.seats.id, organisationId: t.seats.organisationId })
          .from(t.seats)
          .where(inArray(t.seats.id, [...seatIds]))
      : [],
  ]);
  return {
    id: m.id,
    code: m.code,
    title: m.title,
    description: m.description,
    goal: row.goalNumber !== null && row.goalTitle !== null ? { number: row.goalNumber, title: row.goalTitle } : null,
    indicators,
    owners: owners.map((o) => ({
      organisationName: o.organisationName,
      seatId: seats.find((s) => s.organisationId === o.organisationId)?.id ?? null,
      lead: o.lead,
    })),
  };
}

/**
 * The action plan's measures a proposing step chooses among, when its definition says
 * `proposes: { actionPlan }`; empty for every other step.
 */
export async function proposableMeasures(
  db: Db,
  w: { cycleId: string | null; stepKey: string | null },
  locale: Locale = 'sv',
): Promise<MeasureRef[]> {
  if (!w.cycleId || !w.stepKey) return [];
  const [row] = await db
    .select({ definition: t.cycleDefinitions.definition, plan: t.cycles.plan, year: t.cycles.year })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, w.cycleId));
  type Steps = { phases?: { steps?: { key: string; proposes?: { actionPlan?: string } }[] }[] } | null | undefined;
  const proposed = (doc: unknown) =>
    (doc as Steps)?.phases?.flatMap((p) => p.steps ?? []).find((s) => s.key === w.stepKey)?.proposes?.actionPlan;
  // The year plan names the action plan valid in the cycle's year as it started; without it, the definition's plan for that year.
  const named = row && proposed(row.definition);
  const plan = (row && proposed(row.plan)) ?? (named && ((await actionPlansForYear(db, row!.year)).get(named) ?? named));
  if (!plan) return [];
  const rows = await db
    .select({ id: t.measures.id, code: t.measures.code, title: t.measures.title })
    .from(t.measures)
    .innerJoin(t.actionPlans, eq(t.actionPlans.id, t.measures.actionPlanId))
    .where(eq(t.actionPlans.slug, plan));
  return rows.sort(byCode(locale));
}
