import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { FollowUpStatus } from '../../core/report';

/**
 * Measure follow-up as the owners report it and the coordinator reads it: one row per measure
 * task, written when the task is completed and complemented after, and the cycle's table of
 * every decided measure with what each follow-up step has of it.
 */

export type FollowUpLink = { url: string; title?: string };

export interface FollowUpInput {
  status: FollowUpStatus;
  links: FollowUpLink[];
}

export const followUpOf = async (db: Db, taskId: string): Promise<t.MeasureFollowUp | undefined> =>
  (await db.select().from(t.measureFollowUps).where(eq(t.measureFollowUps.taskId, taskId)))[0];

/** Keyed by the task: completing again after a refusal, or complementing later, replaces the row. */
export async function saveFollowUp(db: Db, row: FollowUpInput & { taskId: string; measureId: string; holderId: string | null }) {
  const [saved] = await db
    .insert(t.measureFollowUps)
    .values(row)
    .onConflictDoUpdate({
      target: t.measureFollowUps.taskId,
      set: { status: row.status, links: row.links, holderId: row.holderId, updatedAt: sql`now()` },
    })
    .returning();
  return saved!;
}

/** Whether one of these seats sits in a styrgrupp or samordningsgrupp: those read every follow-up. */
export async function inSteeringOrCoordinationGroup(db: Db, seatIds: readonly string[]): Promise<boolean> {
  if (!seatIds.length) return false;
  const rows = await db
    .select({ id: t.seats.id })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(inArray(t.seats.id, [...seatIds]), inArray(t.bodies.kind, ['steering_group', 'coordination_group'])));
  return rows.length > 0;
}

export type FollowUpState = 'open' | 'overdue' | 'done' | 'skipped' | 'cancelled';

/** One follow-up step's task of a measure: its latest round. */
export interface FollowUpCell {
  taskId: string;
  round: number;
  seatIds: string[];
  state: FollowUpState;
  status: FollowUpStatus | null;
  text: string;
  links: FollowUpLink[];
  attachments: string[];
  reportedAt: Date | null;
}

export interface FollowUpRow {
  measureId: string;
  code: string;
  title: string;
  owners: string[];
  /** By step key; a step that has no task for the measure is absent. */
  cells: Record<string, FollowUpCell>;
}

export interface FollowUpGoal {
  number: number | null;
  title: string | null;
  measures: FollowUpRow[];
}

export interface FollowUpTable {
  cycleId: string;
  /** The definition's name: "Operation Kvinnofrids årshjul". */
  name: string;
  steps: { key: string; title: string }[];
  goals: FollowUpGoal[];
}

const stateOf = (task: Pick<t.Task, 'status' | 'dueAt' | 'overdueSince'>, now: Date): FollowUpState =>
  task.status === 'open' ? (task.overdueSince || task.dueAt < now ? 'overdue' : 'open') : task.status;

/** The measures the cycle's measure-owner tasks are for, by goal, with each follow-up step's latest task. */
export async function followUpTable(db: Db, cycle: Pick<t.Cycle, 'id' | 'plan' | 'definitionId'>, now: Date): Promise<FollowUpTable> {
  const [definition] = await db
    .select({ name: t.cycleDefinitions.name })
    .from(t.cycleDefinitions)
    .where(eq(t.cycleDefinitions.id, cycle.definitionId));
  const rows = await db
    .select({ task: t.tasks, followUp: t.measureFollowUps })
    .from(t.tasks)
    .leftJoin(t.measureFollowUps, eq(t.measureFollowUps.taskId, t.tasks.id))
    .where(and(eq(t.tasks.cycleId, cycle.id), isNotNull(t.tasks.measureId)))
    .orderBy(asc(t.tasks.round));
  const measureIds = [...new Set(rows.map((r) => r.task.measureId!))];
  const taskIds = rows.map((r) => r.task.id);
  const [measures, owners, files] = measureIds.length
    ? await Promise.all([
        db
          .select({
            id: t.measures.id,
            code: t.measures.code,
            title: t.measures.title,
            goalNumber: t.goals.number,
            goalTitle: t.goals.title,
          })
          .from(t.measures)
          .leftJoin(t.goals, eq(t.goals.id, t.measures.goalId))
          .where(inArray(t.measures.id, measureIds)),
        db
          .select({ measureId: t.measureOwners.measureId, name: t.organisations.shortName })
          .from(t.measureOwners)
          .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
          .where(inArray(t.measureOwners.measureId, measureIds))
          .orderBy(desc(t.measureOwners.lead), asc(t.organisations.shortName)),
        db
          .select({ taskId: t.attachments.taskId, name: t.attachments.name })
          .from(t.attachments)
          .where(inArray(t.attachments.taskId, taskIds))
          .orderBy(asc(t.attachments.createdAt)),
      ])
    : [[], [], []];

  const plan = cycle.plan as { phases?: { steps?: { key: string; title: string }[] }[] } | null;
  const used = new Set(rows.map((r) => r.task.stepKey));
  const steps = (plan?.phases ?? []).flatMap((p) => p.steps ?? []).filter((s) => used.has(s.key));

  const byMeasure = new Map<string, FollowUpRow>();
  for (const m of measures) {
    const names = owners.filter((o) => o.measureId === m.id).map((o) => o.name);
    byMeasure.set(m.id, { measureId: m.id, code: m.code, title: m.title, owners: names, cells: {} });
  }
  // Rounds come in order: a later round's task replaces the earlier one's.
  for (const { task, followUp } of rows) {
    const row = byMeasure.get(task.measureId!);
    if (!row || !task.stepKey) continue;
    row.cells[task.stepKey] = {
      taskId: task.id,
      round: task.round,
      seatIds: [task.seatId, ...task.coSeatIds],
      state: stateOf(task, now),
      status: followUp?.status ?? null,
      text: task.report ?? '',
      links: followUp?.links ?? [],
      attachments: [...files.filter((f) => f.taskId === task.id).map((f) => f.name), ...(task.attachments ?? []).map((a) => a.name)],
      reportedAt: task.completedAt,
    };
  }

  const goals = new Map<string, FollowUpGoal>();
  const sorted = [...measures].sort(
    (a, b) => (a.goalNumber ?? Infinity) - (b.goalNumber ?? Infinity) || a.code.localeCompare(b.code, 'sv', { numeric: true }),
  );
  for (const m of sorted) {
    const key = String(m.goalNumber);
    if (!goals.has(key)) goals.set(key, { number: m.goalNumber, title: m.goalTitle, measures: [] });
    goals.get(key)!.measures.push(byMeasure.get(m.id)!);
  }
  return { cycleId: cycle.id, name: definition?.name ?? '', steps, goals: [...goals.values()] };
}
