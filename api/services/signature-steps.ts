import { randomUUID } from 'node:crypto';
import * as task from '../../workflows/task';
import type { Actor } from '../../core/actor';
import type { Task } from '../../db/schema';
import { cycleIdFor } from '../../core/plan';
import { type YearPlan } from '../../core/plan-types';
import { after, resolveDue, scheduleFor } from '../../core/schedule';
import { findCycle } from '../../db/queries/cycles';
import { coordinatorSeat } from '../../db/queries/directory';
import { bodySeatsWithOrganisation, recordSignature, signaturesOf, stepOf, stepTasks } from '../../db/queries/signatures';
import { cycleOf } from '../../db/queries/forms';
import { writeNotice } from '../../activities/notices';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import { talkToWorkflow } from '../temporal-errors';
import { sendLater } from '../mail';
import { audit } from './register';
import { completeTask, loadTask, readableTask, refuseClosed, taskNotFound } from './tasks';
import { sha256, type SignInput } from './signatures';
import type { CycleRef } from './cycles';
import type { Ctx } from './context';

/**
 * A signature step: each assigned seat signs the step's text for its organisation, or refuses
 * with a reason, through its task. Not a vote: the step's page shows who has signed, and a party
 * that joins later is asked to sign the same text.
 */

/** The signature step a task belongs to, from its cycle's stored definition. */
async function signatureStepOf(ctx: Ctx, row: Task) {
  const stored = row.cycleId && row.stepKey ? await cycleOf(ctx.db, row.cycleId) : undefined;
  const step = stored ? stepOf(stored.definition, row.stepKey!) : undefined;
  if (row.kind !== 'signature' || step?.kind !== 'signature') throw new UserError(409, 'sign.notSignatureTask');
  return { step, definitionKey: stored!.definitionKey, year: stored!.year };
}

/** What a signature task's page and link show: the text word for word, and its SHA-256. */
export async function signatureTaskView(ctx: Ctx, row: Task) {
  const { step } = await signatureStepOf(ctx, row);
  return {
    taskId: row.id,
    title: row.title,
    status: row.status,
    dueAt: row.dueAt,
    text: step.text,
    contentSha256: sha256(step.text),
    signatures: await signaturesOf(ctx.db, { taskIds: [row.id] }),
  };
}
export type SignatureTaskView = Awaited<ReturnType<typeof signatureTaskView>>;

/** The signed-in page of a signature task: whoever may read the task sees it; its seat signs. */
export async function signatureTaskPage(ctx: Ctx, user: User | null, id: string) {
  const row = await readableTask(ctx, user, id);
  if (row.kind !== 'signature') throw taskNotFound(id);
  const seat = user?.seats.find((s) => s.seatId === row.seatId);
  return { view: await signatureTaskView(ctx, row), seat: seat?.slug };
}

/**
 * The task's seat signs the text (the task completes, its report "Undertecknad") or refuses with
 * a reason: the refusal is kept, the coordinator told by mail, and the task stays open, so the
 * seat may still sign before the deadline.
 */
export async function signTask(ctx: Ctx, actor: Actor, id: string, input: SignInput) {
  const row = await loadTask(ctx, id);
  const { step, definitionKey, year } = await signatureStepOf(ctx, row);
  if (actor.kind === 'system' || actor.seatId !== row.seatId) throw new UserError(403, 'sign.notSigner');
  if (row.status !== 'open') throw refuseClosed(ctx.locale, row.status);
  const contentSha256 = sha256(step.text);
  if (input.contentSha256 && input.contentSha256 !== contentSha256) throw new UserError(409, 'sign.changed');
  const reason = input.outcome === 'refused' ? (input.reason?.trim() ?? '') : null;
  if (reason === '') throw new UserError(400, 'sign.reasonRequired');
  if (reason === null) await completeTask(ctx, actor, id, { report: 'Undertecknad' });
  const now = ctx.now();
  const signature = await recordSignature(ctx.db, {
    taskId: row.id,
    seatId: row.seatId,
    holderId: actor.holderId ?? null,
    outcome: input.outcome,
    reason,
    contentSha256,
    door: actor.door ?? 'page',
    at: now,
  });
  await audit(ctx, actor, `signature.${input.outcome}`, { kind: 'task', id: row.id }, { contentSha256, ...(reason && { reason }) });
  if (reason !== null) await tellCoordinator(ctx, row, { definitionKey, year, reason, at: now });
  return { taskId: row.id, outcome: input.outcome, signature };
}

async function tellCoordinator(ctx: Ctx, row: Task, r: { definitionKey: string; year: number; reason: string; at: Date }) {
  const seat = await coordinatorSeat(ctx.db);
  if (!seat) return;
  const key = `signature-refused:${row.id}:${r.at.getTime()}`;
  await writeNotice(ctx.db, ctx.config.publicUrl, {
    key,
    kind: 'signature_step_refused',
    seatIds: [seat.id],
    at: r.at.toISOString(),
    target: { kind: 'task', id: row.id, workflowId: row.workflowId },
    path: `/cycles/${r.definitionKey}/${r.year}/signatures/${row.stepKey}`,
    title: row.title,
    detail: { reason: r.reason },
  });
  await sendLater(ctx.temporal, ctx.config.taskQueue, key);
}

async function signatureStepOfCycle(ctx: Ctx, ref: CycleRef, stepKey: string) {
  const cycleId = cycleIdFor(ref.definition, ref.year);
  const cycle = await findCycle(ctx.db, cycleId);
  const stored = cycle ? await cycleOf(ctx.db, cycleId) : undefined;
  const step = stored ? stepOf(stored.definition, stepKey) : undefined;
  if (step?.kind !== 'signature') throw new UserError(404, 'sign.stepNotFound', { step: stepKey });
  const planned = (cycle!.plan as YearPlan | null)?.phases.flatMap((p) => p.steps).find((s) => s.key === stepKey);
  return { cycleId, step, planned, year: ref.year };
}

/**
 * Who has signed a signature step: per assigned seat's organisation, the signature (who, when,
 * hash), the refusals with their reasons, or nothing yet; and the organisations of the assignees'
 * body with no task in the step, which the coordinator may ask to sign (a party that joined).
 */
export async function stepSignatures(ctx: Ctx, user: User | null, ref: CycleRef, stepKey: string) {
  const { cycleId, step } = await signatureStepOfCycle(ctx, ref, stepKey);
  const tasks = await stepTasks(ctx.db, cycleId, stepKey);
  const body = step.assignees.kind === 'body' ? await bodySeatsWithOrganisation(ctx.db, step.assignees.body) : [];
  const mine = new Set(user?.seats.map((s) => s.seatId));
  const reads = user?.role === 'coordinator' || body.some((s) => mine.has(s.seatId)) || tasks.some((r) => mine.has(r.task.seatId));
  if (!reads) throw new UserError(404, 'sign.stepNotFound', { step: stepKey });
  const all = await signaturesOf(ctx.db, { taskIds: tasks.map((r) => r.task.id) });
  const rows = tasks.map(({ task: row, organisation }) => {
    const own = all.filter((s) => s.signature.taskId === row.id);
    const signed = own.find((s) => s.signature.outcome === 'signed');
    return {
      taskId: row.id,
      organisation,
      status: row.status,
      signed: signed && { holder: signed.holder ?? '', at: signed.signature.at, contentSha256: signed.signature.contentSha256 },
      refusals: own
        .filter((s) => s.signature.outcome === 'refused')
        .map((s) => ({ holder: s.holder ?? '', at: s.signature.at, reason: s.signature.reason ?? '' })),
    };
  });
  const asked = new Set(tasks.map((r) => r.organisationId));
  const joining = body
    .filter(
      (s) =>
        !asked.has(s.organisationId) &&
        (!('mandates' in step.assignees) || !step.assignees.mandates?.length || step.assignees.mandates.includes(s.mandate)),
    )
    .map((s) => ({ seat: s.seatSlug, organisation: s.organisation }));
  return { title: step.title, text: step.text, contentSha256: sha256(step.text), rows, joining };
}

const JOINING_DAYS = 30;

/**
 * A joining party's deadline and reminders are the step's: a relative due counts from the ask; a
 * fixed date already past gives the party JOINING_DAYS. Its reminders and escalations are those
 * the definition gives the step, from today on.
 */
function joiningSchedule(ctx: Ctx, found: Awaited<ReturnType<typeof signatureStepOfCycle>>) {
  const now = ctx.now();
  const due = resolveDue(found.step.due, found.year, now);
  const dueAt = due && due > now ? due : new Date(now.getTime() + JOINING_DAYS * 86_400_000);
  if (!found.planned) return { dueAt: dueAt.toISOString(), remindAt: [], escalations: [] };
  return after(scheduleFor(dueAt, found.planned.reminders, found.planned.escalation), now);
}

/**
 * The coordinator asks a party that joined to sign: an ad-hoc signature task to its seat in the
 * assignees' body, with the same text, linked to the cycle and the step so the page shows it.
 */
export async function askToSign(ctx: Ctx, actor: Actor, ref: CycleRef, stepKey: string, input: { seat: string }) {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
  const found = await signatureStepOfCycle(ctx, ref, stepKey);
  const { cycleId, step } = found;
  const tasks = await stepTasks(ctx.db, cycleId, stepKey);
  const body = step.assignees.kind === 'body' ? await bodySeatsWithOrganisation(ctx.db, step.assignees.body) : [];
  const seat = body.find((s) => s.seatSlug === input.seat || s.seatId === input.seat);
  if (!seat) throw new UserError(400, 'sign.notInBody', { seat: input.seat });
  if (tasks.some((r) => r.organisationId === seat.organisationId))
    throw new UserError(409, 'sign.alreadyAsked', { organisation: seat.organisation });
  const taskId = randomUUID();
  const workflowId = `task/adhoc/${taskId}`;
  await talkToWorkflow(
    () =>
      ctx.temporal.workflow.start(task.taskWorkflow, {
        workflowId,
        taskQueue: ctx.config.taskQueue,
        args: [
          {
            taskId,
            kind: 'signature',
            seatId: seat.seatId,
            title: step.title,
            instructions: step.instructions,
            schedule: joiningSchedule(ctx, found),
            cycleId,
            stepKey,
          },
        ],
      }),
    taskNotFound(taskId),
  );
  await audit(ctx, actor, 'signature.asked', { kind: 'task', id: taskId }, { seatId: seat.seatId, cycleId, stepKey });
  return { taskId, workflowId, seat: seat.seatSlug, organisation: seat.organisation };
}
