import type { Db } from '../db/client';
import * as t from '../db/schema';
import type { TaskState } from '../workflows/task';

export type TaskProjection = TaskState & { instructions: string; cycleId?: string; stepKey?: string };

/** Keyed on the workflow id: a retried activity writes the same row again, never a second one. */
export async function upsertTask(db: Db, s: TaskProjection): Promise<void> {
  const values = {
    id: s.taskId,
    workflowId: s.workflowId,
    cycleId: s.cycleId ?? null,
    stepKey: s.stepKey ?? null,
    seatId: s.seatId,
    title: s.title,
    instructions: s.instructions,
    status: s.status,
    dueAt: new Date(s.dueAt),
    overdueSince: s.overdueSince ? new Date(s.overdueSince) : null,
    completedAt: s.completedAt ? new Date(s.completedAt) : null,
    completedByHolderId: s.completedByHolderId ?? null,
    report: s.report ?? null,
    attachments: s.attachments ?? null,
    updatedAt: new Date(),
  };
  const { id: _id, workflowId: _wf, ...changes } = values;
  await db.insert(t.tasks).values(values).onConflictDoUpdate({ target: t.tasks.workflowId, set: changes });
}
