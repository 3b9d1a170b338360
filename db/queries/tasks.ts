import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

export async function findTask(db: Db, id: string): Promise<t.Task | undefined> {
  const [row] = await db.select().from(t.tasks).where(eq(t.tasks.id, id));
  return row;
}

/** Tasks by due date, narrowed to a cycle, a seat or a status when given. */
export function listTasks(db: Db, filter: { cycleId?: string; seatId?: string; status?: t.Task['status'] }) {
  const where: SQL[] = [];
  if (filter.cycleId) where.push(eq(t.tasks.cycleId, filter.cycleId));
  if (filter.status) where.push(eq(t.tasks.status, filter.status));
  if (filter.seatId) where.push(eq(t.tasks.seatId, filter.seatId));
  return db
    .select()
    .from(t.tasks)
    .where(and(...where))
    .orderBy(asc(t.tasks.dueAt), asc(t.tasks.title));
}

/** What a step's completion chose, e.g. the measures a proposing step put forward. */
export async function outputChoices(db: Db, workflowId: string): Promise<t.StepOutput['choices'] | undefined> {
  const [output] = await db.select({ choices: t.stepOutputs.choices }).from(t.stepOutputs).where(eq(t.stepOutputs.workflowId, workflowId));
  return output?.choices;
}

/** Every seat with its organisation's short name, for choosing where a task goes. */
export function seatOptions(db: Db) {
  return db
    .select({ id: t.seats.id, slug: t.seats.slug, title: t.seats.title, org: t.organisations.shortName })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .orderBy(t.organisations.shortName);
}
