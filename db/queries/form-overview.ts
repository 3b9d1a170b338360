import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** What the coordinator's overview of a form step needs, per assigned seat: no Temporal, records only. */

export interface SeatOfForm {
  seatId: string;
  seatSlug: string;
  organisationId: string;
  organisationName: string;
  /** For a programme's organisations the county, as in "RSS Dalarna": what the overview sorts by. */
  shortName: string;
  example: boolean;
}

export async function seatsWithOrganisations(db: Db, seatIds: string[]): Promise<SeatOfForm[]> {
  if (seatIds.length === 0) return [];
  return db
    .select({
      seatId: t.seats.id,
      seatSlug: t.seats.slug,
      organisationId: t.organisations.id,
      organisationName: t.organisations.name,
      shortName: t.organisations.shortName,
      example: t.organisations.example,
    })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(inArray(t.seats.id, seatIds));
}

/** Every version of the step's forms, the latest first per seat. */
export const formVersionsOfStep = (db: Db, cycleId: string, stepKey: string) =>
  db
    .select({ id: t.formInstances.id, seatId: t.formInstances.seatId, version: t.formInstances.version, state: t.formInstances.state })
    .from(t.formInstances)
    .where(and(eq(t.formInstances.cycleId, cycleId), eq(t.formInstances.stepKey, stepKey)))
    .orderBy(desc(t.formInstances.version));

/** The step's tasks, the latest round first per seat. */
export const tasksOfStep = (db: Db, cycleId: string, stepKey: string) =>
  db
    .select({ seatId: t.tasks.seatId, status: t.tasks.status, dueAt: t.tasks.dueAt })
    .from(t.tasks)
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.stepKey, stepKey)))
    .orderBy(desc(t.tasks.round), desc(t.tasks.createdAt));

/** A programme's amount per organisation for one year. */
export async function fundingOf(db: Db, programme: string, year: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ organisationId: t.fundingAmounts.organisationId, amount: t.fundingAmounts.amountSek })
    .from(t.fundingAmounts)
    .where(and(eq(t.fundingAmounts.programme, programme), eq(t.fundingAmounts.year, year)));
  return new Map(rows.map((r) => [r.organisationId, r.amount]));
}

/** Whether any of the seats sits in the body (today's seats, not retired ones). */
export async function seatsInBody(db: Db, seatIds: string[], bodySlug: string): Promise<boolean> {
  if (seatIds.length === 0) return false;
  const [row] = await db
    .select({ id: t.seats.id })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(inArray(t.seats.id, seatIds), eq(t.bodies.slug, bodySlug), isNull(t.seats.retiredOn)))
    .limit(1);
  return Boolean(row);
}

export async function definitionOfCycle(db: Db, cycle: t.Cycle): Promise<t.CycleDefinitionRow | undefined> {
  const [row] = await db.select().from(t.cycleDefinitions).where(eq(t.cycleDefinitions.id, cycle.definitionId));
  return row;
}
