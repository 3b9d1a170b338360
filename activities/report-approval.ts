import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';

interface DefinitionSteps {
  phases?: { steps?: { key: string; kind: string; shows?: string[] }[] }[];
}

/**
 * The decision steps that approve a report: of the decisions that show a `report` step, the last
 * in the definition (the styrgrupp's). An earlier one (the samordningsgrupp's review) lets the
 * draft go on, but approves nothing.
 */
export function approvingSteps(definition: DefinitionSteps): Set<string> {
  const steps = definition.phases?.flatMap((p) => p.steps ?? []) ?? [];
  const approving = new Set<string>();
  for (const report of steps.filter((s) => s.kind === 'report')) {
    const last = steps.filter((s) => s.kind === 'decision' && s.shows?.includes(report.key)).at(-1);
    if (last) approving.add(last.key);
  }
  return approving;
}

/**
 * A decision closed `approved`: when it is the one that approves its cycle's report, the version
 * its shown output put forward becomes approved by it. Only a compiled version changes, so a
 * retried activity changes nothing twice.
 */
export async function approveShownVersion(
  db: Db,
  d: { decisionId: string; cycleId: string; stepKey: string; shownOutputIds: string[]; closedAt: Date },
): Promise<void> {
  if (!d.shownOutputIds.length) return;
  const [cycle] = await db
    .select({ definition: t.cycleDefinitions.definition })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, d.cycleId));
  if (!cycle || !approvingSteps(cycle.definition as DefinitionSteps).has(d.stepKey)) return;
  const outputs = await db
    .select({ taskId: t.stepOutputs.taskId })
    .from(t.stepOutputs)
    .where(and(inArray(t.stepOutputs.id, d.shownOutputIds), isNotNull(t.stepOutputs.taskId)));
  const taskIds = outputs.map((o) => o.taskId!);
  if (!taskIds.length) return;
  await db
    .update(t.reportVersions)
    .set({ status: 'approved', approvedByDecisionId: d.decisionId, approvedAt: d.closedAt })
    .where(and(inArray(t.reportVersions.submittedTaskId, taskIds), eq(t.reportVersions.status, 'compiled')));
}
