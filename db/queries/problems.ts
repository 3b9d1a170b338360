import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/**
 * Workflows that need the coordinator, as the worker saw them fail. The worker writes; pages and
 * the API read. The row is keyed on workflow, kind and activity, so a failure seen a hundred
 * times is one row whose count and last error move.
 */

export interface ProblemSeen {
  workflowId: string;
  workflowType: string;
  kind: t.WorkflowProblem['kind'];
  /** The failing activity; none for a failed workflow task. */
  activity?: string;
  reason: string;
  /** The activity's attempt number; a failed workflow task counts its own. */
  attempt?: number;
}

/** The cycle a workflow belongs to, read from its id: `cycle/…`, `task/…` and `decision/…` carry `<definition>/<year>`. */
export function cycleOfWorkflow(workflowId: string): string | null {
  const m = /^(?:cycle|task|decision)\/([a-z0-9]+(?:-[a-z0-9]+)*)\/(\d{4})(?:\/|$)/.exec(workflowId);
  return m ? `cycle/${m[1]}/${m[2]}` : null;
}

/** Records a failure; a problem that comes back after it was resolved starts afresh (first seen now). */
export async function recordProblem(db: Db, p: ProblemSeen): Promise<t.WorkflowProblem> {
  const reason = p.reason.slice(0, 2000);
  const now = new Date();
  const [row] = await db
    .insert(t.workflowProblems)
    .values({
      workflowId: p.workflowId,
      workflowType: p.workflowType,
      cycleId: cycleOfWorkflow(p.workflowId),
      kind: p.kind,
      activity: p.activity ?? '',
      reason,
      attempts: p.attempt ?? 1,
      firstSeenAt: now,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: [t.workflowProblems.workflowId, t.workflowProblems.kind, t.workflowProblems.activity],
      set: {
        reason,
        lastSeenAt: now,
        attempts: p.attempt ?? sql`case when ${t.workflowProblems.resolvedAt} is null then ${t.workflowProblems.attempts} + 1 else 1 end`,
        firstSeenAt: sql`case when ${t.workflowProblems.resolvedAt} is null
          then ${t.workflowProblems.firstSeenAt} else excluded.first_seen_at end`,
        resolvedAt: null,
      },
    })
    .returning();
  return row!;
}

/** Marks a workflow's open problems of a kind (and activity) resolved. */
export async function resolveProblems(
  db: Db,
  where: { workflowId: string; kind?: t.WorkflowProblem['kind']; activity?: string },
): Promise<number> {
  const rows = await db
    .update(t.workflowProblems)
    .set({ resolvedAt: new Date() })
    .where(
      and(
        eq(t.workflowProblems.workflowId, where.workflowId),
        isNull(t.workflowProblems.resolvedAt),
        where.kind ? eq(t.workflowProblems.kind, where.kind) : undefined,
        where.activity !== undefined ? eq(t.workflowProblems.activity, where.activity) : undefined,
      ),
    )
    .returning({ id: t.workflowProblems.id });
  return rows.length;
}

export function openProblems(db: Db): Promise<t.WorkflowProblem[]> {
  return db.select().from(t.workflowProblems).where(isNull(t.workflowProblems.resolvedAt)).orderBy(asc(t.workflowProblems.firstSeenAt));
}

/** An open problem with what it concerns: the task (and its party) or decision whose workflow fails. */
export interface ProblemItem {
  id: string;
  workflowId: string;
  cycleId: string | null;
  kind: t.WorkflowProblem['kind'];
  activity: string;
  reason: string;
  attempts: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  concerns:
    | { kind: 'task' | 'decision'; id: string; title: string; stepKey: string | null; party: string | null }
    | { kind: 'cycle' | 'other'; id: string; title: null; stepKey: null; party: null };
}

export async function cycleProblems(db: Db, cycleId: string): Promise<ProblemItem[]> {
  const rows = await db
    .select()
    .from(t.workflowProblems)
    .where(and(eq(t.workflowProblems.cycleId, cycleId), isNull(t.workflowProblems.resolvedAt)))
    .orderBy(asc(t.workflowProblems.firstSeenAt));
  return describeProblems(db, rows);
}

/** Problems with the task or decision their workflow projects, found by workflow id. */
export async function describeProblems(db: Db, rows: t.WorkflowProblem[]): Promise<ProblemItem[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.workflowId);
  const [tasks, decisions] = await Promise.all([
    db
      .select({
        workflowId: t.tasks.workflowId,
        id: t.tasks.id,
        title: t.tasks.title,
        stepKey: t.tasks.stepKey,
        party: t.organisations.shortName,
      })
      .from(t.tasks)
      .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
      .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
      .where(inArray(t.tasks.workflowId, ids)),
    db
      .select({
        workflowId: t.decisions.workflowId,
        id: t.decisions.id,
        title: t.decisions.title,
        question: t.decisions.question,
        stepKey: t.decisions.stepKey,
      })
      .from(t.decisions)
      .where(inArray(t.decisions.workflowId, ids)),
  ]);
  return rows.map((r) => {
    const task = tasks.find((x) => x.workflowId === r.workflowId);
    const decision = decisions.find((x) => x.workflowId === r.workflowId);
    const concerns: ProblemItem['concerns'] = task
      ? { kind: 'task', id: task.id, title: task.title, stepKey: task.stepKey, party: task.party }
      : decision
        ? { kind: 'decision', id: decision.id, title: decision.title || decision.question, stepKey: decision.stepKey, party: null }
        : { kind: r.workflowId === r.cycleId ? 'cycle' : 'other', id: r.workflowId, title: null, stepKey: null, party: null };
    return {
      id: r.id,
      workflowId: r.workflowId,
      cycleId: r.cycleId,
      kind: r.kind,
      activity: r.activity,
      reason: r.reason,
      attempts: r.attempts,
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      concerns,
    };
  });
}

/** How many open problems each cycle has, for lists of cycles. */
export const openProblemCount = sql<number>`(select count(*)::int from ${t.workflowProblems}
  where ${t.workflowProblems.cycleId} = ${t.cycles.id} and ${t.workflowProblems.resolvedAt} is null)`;
