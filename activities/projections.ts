import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import type { CycleState } from '../workflows/cycle';
import type { DecisionState, Vote } from '../workflows/decision';
import type { Choices, Part, TaskState } from '../workflows/task';
import type { YearPlan } from '../core/plan-types';
import type { Rule } from '../core/decision-rules';
import { appendAudit, type AuditEvent } from './audit';
import { writeNotice, type Notice } from './notices';
import { approveShownVersion } from './report-approval';
import { applyDecisionEffect } from './decision-effects';

/**
 * Workflow state written as rows for lists, pages and history. Every write is an upsert keyed on
 * the workflow id, so a retried activity changes nothing twice.
 */

export interface RecordTaskInput {
  state: TaskState;
  instructions: string;
  cycleId?: string;
  stepKey?: string;
  round: number;
  measureId?: string;
  event?: AuditEvent;
  /** A notice that goes with this change, written in the same transaction. */
  notice?: Notice;
  /** A co-owner's part of a shared task, added or replaced. */
  part?: Part;
  /** The completion's step output: recorded once, with the task's uploaded files linked to it. */
  output?: { id: string; version: number; choices: Choices; seatId: string };
}

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

/** What goes with a projection in its transaction: the audit event and the notice, if any. */
async function alongside(tx: Db, publicUrl: string, target: { kind: string; id: string }, event?: AuditEvent, notice?: Notice) {
  if (event) await appendAudit(tx, event, target);
  if (notice) await writeNotice(tx, publicUrl, notice);
}

export async function recordTask(db: Db, publicUrl: string, r: RecordTaskInput): Promise<void> {
  const s = r.state;
  const values = {
    id: s.taskId,
    workflowId: s.workflowId,
    cycleId: r.cycleId ?? null,
    stepKey: r.stepKey ?? null,
    round: r.round,
    kind: s.kind,
    measureId: r.measureId ?? null,
    seatId: s.seatId,
    title: s.title,
    instructions: r.instructions,
    status: s.status,
    dueAt: new Date(s.dueAt),
    overdueSince: date(s.overdueSince),
    escalationLevel: s.escalationLevel,
    completedAt: date(s.completedAt),
    completedByHolderId: s.completedByHolderId ?? null,
    report: s.report ?? null,
    attachments: s.attachments ?? null,
    coSeatIds: s.coSeatIds ?? [],
    shownOutputIds: s.shownOutputIds ?? [],
    updatedAt: new Date(),
  };
  const { id: _id, workflowId: _wf, ...changes } = values;
  await db.transaction(async (tx) => {
    await tx.insert(t.tasks).values(values).onConflictDoUpdate({ target: t.tasks.workflowId, set: changes });
    if (r.part) {
      const part = { text: r.part.text, holderId: r.part.holderId ?? null, updatedAt: new Date(r.part.at) };
      await tx
        .insert(t.taskParts)
        .values({ taskId: s.taskId, seatId: r.part.seatId, ...part })
        .onConflictDoUpdate({ target: [t.taskParts.taskId, t.taskParts.seatId], set: part });
    }
    if (r.output && r.cycleId && r.stepKey) {
      await tx
        .insert(t.stepOutputs)
        .values({
          id: r.output.id,
          cycleId: r.cycleId,
          stepKey: r.stepKey,
          version: r.output.version,
          taskId: s.taskId,
          workflowId: s.workflowId,
          measureId: r.measureId ?? null,
          seatId: r.output.seatId,
          holderId: s.completedByHolderId ?? null,
          text: s.report ?? '',
          choices: r.output.choices,
          createdAt: date(s.completedAt) ?? new Date(),
        })
        .onConflictDoNothing({ target: t.stepOutputs.workflowId });
      await tx
        .update(t.attachments)
        .set({ outputId: r.output.id })
        .where(and(eq(t.attachments.taskId, s.taskId), isNull(t.attachments.outputId)));
    }
    await alongside(tx as unknown as Db, publicUrl, { kind: 'task', id: s.taskId }, r.event, r.notice);
  });
}

export interface RecordDecisionInput {
  state: DecisionState;
  bodySlug: string;
  question: string;
  rule: Rule;
  /** Whether voters see the choices before the decision closes; absent in records made before it was sent. */
  showTally?: boolean;
  cycleId?: string;
  stepKey?: string;
  round: number;
  title?: string;
  shownOutputIds?: string[];
  vote?: Vote;
  event?: AuditEvent;
  notice?: Notice;
}

/** Returns the keys of notices written with the record that are to be sent once it has committed. */
export async function recordDecision(db: Db, publicUrl: string, r: RecordDecisionInput): Promise<string[]> {
  const s = r.state;
  const [body] = await db.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, r.bodySlug));
  if (!body) throw new Error(`unknown body ${r.bodySlug}`);
  const values = {
    id: s.decisionId,
    workflowId: s.workflowId,
    cycleId: r.cycleId ?? null,
    stepKey: r.stepKey ?? null,
    round: r.round,
    bodyId: body.id,
    title: r.title ?? '',
    question: r.question,
    rule: r.rule,
    ...(r.showTally === undefined ? {} : { showTally: r.showTally }),
    voterSeatIds: s.voterSeatIds,
    status: s.status,
    outcome: s.outcome ?? null,
    dueAt: new Date(s.dueAt),
    closedAt: date(s.closedAt),
    closedBy: s.closedBy ?? null,
    shownOutputIds: r.shownOutputIds ?? [],
    candidateMeasureIds: s.candidateMeasureIds ?? null,
    selectedMeasureIds: s.selectedMeasureIds ?? null,
    updatedAt: new Date(),
  };
  const { id: _id, workflowId: _wf, ...changes } = values;
  return db.transaction(async (tx) => {
    await tx.insert(t.decisions).values(values).onConflictDoUpdate({ target: t.decisions.workflowId, set: changes });
    if (r.vote) {
      const vote = {
        choice: r.vote.choice,
        comment: r.vote.comment,
        holderId: r.vote.holderId ?? null,
        castAt: new Date(r.vote.at),
        approvedMeasureIds: r.vote.approvedMeasureIds ?? null,
        itemComments: r.vote.itemComments ?? {},
      };
      await tx
        .insert(t.votes)
        .values({ decisionId: s.decisionId, seatId: r.vote.seatId, ...vote })
        .onConflictDoUpdate({ target: [t.votes.decisionId, t.votes.seatId], set: vote });
    }
    if (s.status === 'closed' && s.outcome === 'approved' && r.cycleId && r.stepKey) {
      const closedAt = values.closedAt ?? new Date();
      const approval = {
        decisionId: s.decisionId,
        cycleId: r.cycleId,
        stepKey: r.stepKey,
        shownOutputIds: values.shownOutputIds,
        closedAt,
      };
      await approveShownVersion(tx as unknown as Db, approval);
    }
    if (s.status === 'closed' && s.outcome && r.cycleId && r.stepKey) {
      // A cycle's decision leaves its result as the step's output, so a later step can show what was decided.
      await tx
        .insert(t.stepOutputs)
        .values({
          id: randomUUID(),
          cycleId: r.cycleId,
          stepKey: r.stepKey,
          version: r.round,
          workflowId: s.workflowId,
          choices: s.selectedMeasureIds ? { measureIds: s.selectedMeasureIds } : {},
          createdAt: values.closedAt ?? new Date(),
        })
        .onConflictDoNothing({ target: t.stepOutputs.workflowId });
    }
    let effect: { noticeKey?: string } = {};
    if (s.status === 'closed' && s.outcome === 'approved') {
      effect = await applyDecisionEffect(tx as unknown as Db, publicUrl, {
        decisionId: s.decisionId,
        title: values.title || r.question,
        at: values.closedAt ?? new Date(),
      });
    }
    await alongside(tx as unknown as Db, publicUrl, { kind: 'decision', id: s.decisionId }, r.event, r.notice);
    return effect.noticeKey ? [effect.noticeKey] : [];
  });
}

export interface RecordCycleInput {
  state: CycleState;
  definitionId: string;
  /** Sent once, with the first record: the plan never changes during a cycle. */
  plan?: YearPlan;
  event?: AuditEvent;
}

export async function recordCycle(db: Db, r: RecordCycleInput): Promise<void> {
  const s = r.state;
  const steps = s.steps.map(({ children, ...step }) => ({
    ...step,
    open: children.filter((c) => c.status === 'open').length,
    total: children.length,
  }));
  const values = {
    id: s.cycleId,
    definitionId: r.definitionId,
    year: s.year,
    status: s.status,
    currentPhase: s.phaseKey ?? null,
    steps,
    closedAt: date(s.closedAt),
    closeReason: s.closeReason ?? null,
    updatedAt: new Date(),
  };
  const { id: _id, ...changes } = values;
  await db.transaction(async (tx) => {
    await tx
      .insert(t.cycles)
      .values({ ...values, plan: r.plan ?? null })
      .onConflictDoUpdate({ target: t.cycles.id, set: changes });
    await alongside(tx as unknown as Db, '', { kind: 'cycle', id: s.cycleId }, r.event);
  });
}
