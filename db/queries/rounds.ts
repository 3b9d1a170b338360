import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { RoundReason } from '../../core/rounds';

/** A task or decision as its mail and pages tell it: what to do or decide, and which round. */
export interface WorkContext {
  /** A task's instructions, a decision's question. */
  text: string;
  round: number;
  reason?: RoundReason;
  /** A shared task's co-owners: their mail asks for their part, not the task's completion. */
  coSeatIds: string[];
}

/** Why a round after the first ran, as the cycle recorded it on the step. */
export async function roundReasonOf(
  db: Db,
  w: { cycleId: string | null; stepKey: string | null; round: number },
): Promise<RoundReason | undefined> {
  if (w.round < 2 || !w.cycleId || !w.stepKey) return undefined;
  const [cycle] = await db.select({ steps: t.cycles.steps }).from(t.cycles).where(eq(t.cycles.id, w.cycleId));
  const step = (cycle?.steps as { key: string; roundReasons?: RoundReason[] }[] | null)?.find((s) => s.key === w.stepKey);
  return step?.roundReasons?.find((r) => r.round === w.round);
}

export async function workContext(db: Db, target: { kind: string; id: string }): Promise<WorkContext | undefined> {
  const [row] =
    target.kind === 'task'
      ? await db
          .select({
            text: t.tasks.instructions,
            round: t.tasks.round,
            cycleId: t.tasks.cycleId,
            stepKey: t.tasks.stepKey,
            coSeatIds: t.tasks.coSeatIds,
          })
          .from(t.tasks)
          .where(eq(t.tasks.id, target.id))
      : target.kind === 'decision'
        ? await db
            .select({ text: t.decisions.question, round: t.decisions.round, cycleId: t.decisions.cycleId, stepKey: t.decisions.stepKey })
            .from(t.decisions)
            .where(eq(t.decisions.id, target.id))
        : [];
  return (
    row && {
      text: row.text,
      round: row.round,
      reason: await roundReasonOf(db, row),
      coSeatIds: 'coSeatIds' in row ? (row.coSeatIds as string[]) : [],
    }
  );
}

/** For a page: the reason, with the id of the decision that gave it to link to. */
export async function pageRoundReason(
  db: Db,
  w: { cycleId: string | null; stepKey: string | null; round: number },
): Promise<(RoundReason & { decisionId?: string }) | undefined> {
  const reason = await roundReasonOf(db, w);
  if (!reason) return undefined;
  const [decision] = await db.select({ id: t.decisions.id }).from(t.decisions).where(eq(t.decisions.workflowId, reason.workflowId));
  return { ...reason, decisionId: decision?.id };
}
