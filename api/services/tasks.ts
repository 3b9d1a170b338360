import { randomUUID } from 'node:crypto';
import type { ApplicationFailure } from '@temporalio/common';
import * as task from '../../workflows/task';
import { TaskFailure } from '../../workflows/task';
import type { Actor } from '../../core/actor';
import { type YearPlan } from '../../core/plan-types';
import { scheduleFor } from '../../core/schedule';
import type { Task } from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { findCycle } from '../../db/queries/cycles';
import { findTask, listTasks, outputChoices, seatOptions } from '../../db/queries/tasks';
import { taskDetail } from '../../db/queries/dashboard';
import { shownOutputs, taskParts } from '../../db/queries/outputs';
import { previousRound, taskWork } from '../../db/queries/shown-work';
import { candidateMeasures, measureDetail } from '../../db/queries/measures';
import { formatDue } from '../../web/format';
import { t, type Locale, type MessageKey } from '../../i18n';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import { dueToInstant } from '../schemas';
import type { ActorInput } from '../actor';
import type { User } from '../plugins/session';
import { resendLink } from './resend';
import { recordFollowUp } from './follow-ups';
import { followUpOf, type FollowUpInput } from '../../db/queries/follow-ups';
import { handoffView, putForward, submittableVersions } from './report-handoff';
import { readerOf, readsTask } from './readers';
import { reportEditorOf } from './report-drafts';
import type { Ctx } from './context';

/**
 * Tasks as people act on them: the JSON routes, the task page's forms and the personal links all
 * call these, so a check or a workflow's refusal reads the same whichever way in.
 */

export const taskNotFound = (id: string) => new UserError(404, 'task.notFound', { id });

export const refuseClosed = (locale: Locale, status: string) =>
  new UserError(409, 'task.notOpen', { status: t(locale, `task.status.${status}` as MessageKey) }, { status });

const refusals = (locale: Locale): Record<string, (f: ApplicationFailure) => UserError> => ({
  [TaskFailure.notOpen]: (f) => refuseClosed(locale, String(failureDetails(f).status ?? 'done')),
  [TaskFailure.emptyReport]: () => new UserError(400, 'task.emptyReport'),
  [TaskFailure.notYourSeat]: () => new UserError(403, 'task.notYourSeat'),
  [TaskFailure.sameSeat]: () => new UserError(409, 'task.sameSeat'),
  [TaskFailure.dueInPast]: () => new UserError(400, 'task.dueInPast'),
  [TaskFailure.leadSubmits]: () => new UserError(403, 'task.leadSubmits'),
  [TaskFailure.notAnOwner]: () => new UserError(403, 'task.notAnOwner'),
  [TaskFailure.emptyPart]: () => new UserError(400, 'task.emptyPart'),
  [TaskFailure.noMeasures]: () => new UserError(400, 'task.noMeasures'),
  [TaskFailure.unknownMeasure]: () => new UserError(400, 'task.unknownMeasure'),
});

const requireCoordinator = (actor: Actor) => {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
};

export async function loadTask(ctx: Ctx, id: string): Promise<Task> {
  const row = await findTask(ctx.db, id);
  if (!row) throw taskNotFound(id);
  return row;
}

/** An update to an open task's workflow, its refusals in the reader's language. */
function update<T>(ctx: Ctx, row: Task, call: (handle: ReturnType<Ctx['temporal']['workflow']['getHandle']>) => Promise<T>) {
  return talkToWorkflow(() => call(ctx.temporal.workflow.getHandle(row.workflowId)), taskNotFound(row.id), refusals(ctx.locale));
}

async function seatOf(ctx: Ctx, ref: string) {
  const seat = await findSeat(ctx.db, ref);
  if (!seat) throw new UserError(400, 'seat.notFound', { seat: ref });
  return seat;
}

/** A task the reader may read: their own bodies' work, or everything for the coordinator; else not found. */
export async function readableTask(ctx: Ctx, user: User | null, id: string): Promise<Task> {
  const row = await findTask(ctx.db, id);
  if (!row || !readsTask(await readerOf(ctx, user), row)) throw taskNotFound(id);
  return row;
}

/** The tasks the reader may read, filtered as asked. */
export async function findTasks(ctx: Ctx, user: User | null, query: { cycle?: string; seat?: string; status?: Task['status'] }) {
  const seatId = query.seat ? (await seatOf(ctx, query.seat)).id : undefined;
  const [rows, reader] = await Promise.all([
    listTasks(ctx.db, { cycleId: query.cycle, status: query.status, seatId }),
    readerOf(ctx, user),
  ]);
  return rows.filter((row) => readsTask(reader, row));
}

/** A task outside any cycle, given by the coordinator to a seat. */
export async function createTask(ctx: Ctx, actor: Actor, input: { seat: string; title: string; instructions?: string; dueAt: string }) {
  requireCoordinator(actor);
  const seat = await seatOf(ctx, input.seat);
  const dueAt = dueToInstant(input.dueAt);
  if (dueAt.getTime() <= Date.now()) throw new UserError(400, 'task.dueInPast');
  const taskId = randomUUID();
  const workflowId = `task/adhoc/${taskId}`;
  const schedule = { dueAt: dueAt.toISOString(), remindAt: [], escalations: [] };
  await talkToWorkflow(
    () =>
      ctx.temporal.workflow.start(task.taskWorkflow, {
        workflowId,
        taskQueue: ctx.config.taskQueue,
        args: [{ taskId, seatId: seat.id, title: input.title, instructions: input.instructions, schedule }],
      }),
    taskNotFound(taskId),
  );
  return { id: taskId, workflowId, status: 'open' as const };
}

/** A task as recorded, with the work it shows, its measure, its parts and why a later round runs. */
export async function taskRecord(ctx: Ctx, user: User | null, id: string) {
  const { db } = ctx;
  const row = await readableTask(ctx, user, id);
  const choices = await outputChoices(db, row.workflowId);
  return {
    ...row,
    shows: await shownOutputs(db, row.shownOutputIds),
    measure: row.measureId ? await measureDetail(db, row.measureId, [row.seatId, ...row.coSeatIds]) : null,
    parts: await taskParts(db, row.id),
    chosen: await candidateMeasures(db, choices?.measureIds ?? []),
    previousRound: await previousRound(db, row),
    followUp: (await followUpOf(db, row.id)) ?? null,
  };
}

export async function taskLive(ctx: Ctx, user: User | null, id: string) {
  const row = await readableTask(ctx, user, id);
  return talkToWorkflow(() => ctx.temporal.workflow.getHandle(row.workflowId).query(task.taskStatus), taskNotFound(row.id));
}

/** A report, or for a report task the compiled version it puts forward (with an optional note); a measure task's follow-up. */
export type CompleteInput = Omit<task.CompleteTaskInput, 'actor' | 'report'> & {
  report?: string;
  version?: number;
  followUp?: FollowUpInput;
};

/** The lead owner's seat or the coordinator completes an open task with a report, or a report task with a version. */
export async function completeTask(ctx: Ctx, actor: Actor, id: string, input: CompleteInput) {
  const row = await loadTask(ctx, id);
  if (actor.kind === 'seat' && actor.seatId !== row.seatId) {
    throw new UserError(403, row.coSeatIds.includes(actor.seatId!) ? 'task.leadSubmits' : 'task.notYourSeat');
  }
  if (row.status !== 'open') throw refuseClosed(ctx.locale, row.status);
  const { version, report, followUp, ...rest } = input;
  const complete = (text: string) =>
    update(ctx, row, (h) => h.executeUpdate(task.completeTask, { args: [{ ...rest, report: text, actor }] }));
  if (version !== undefined) return putForward(ctx, row, version, report, complete);
  if (!report?.trim()) throw new UserError(400, 'task.emptyReport');
  // Once its report has compiled versions, a report task puts one forward: the votes after it are on a version.
  if ((await submittableVersions(ctx, row)).length) throw new UserError(400, 'report.chooseVersion');
  if (followUp) await recordFollowUp(ctx, actor, row, followUp);
  return complete(report);
}

/** An owner's seat adds or replaces its own part of a shared task while the task is open. */
export async function addTaskPart(ctx: Ctx, actor: Actor, id: string, text: string) {
  if (actor.kind !== 'seat') throw new UserError(403, 'task.notAnOwner');
  const row = await loadTask(ctx, id);
  if (![row.seatId, ...row.coSeatIds].includes(actor.seatId!)) throw new UserError(403, 'task.notAnOwner');
  if (row.status !== 'open') throw refuseClosed(ctx.locale, row.status);
  return update(ctx, row, (h) => h.executeUpdate(task.addPart, { args: [{ seatId: actor.seatId!, text, actor }] }));
}

/** The coordinator moves an open task to another seat. */
export async function reassignTask(ctx: Ctx, actor: Actor, id: string, input: { seat: string; reason: string }) {
  const row = await loadTask(ctx, id);
  requireCoordinator(actor);
  const seat = await seatOf(ctx, input.seat);
  if (row.status !== 'open') throw refuseClosed(ctx.locale, row.status);
  return update(ctx, row, (h) => h.executeUpdate(task.reassignTask, { args: [{ seatId: seat.id, reason: input.reason, actor }] }));
}

/** The coordinator moves an open task's deadline; its step's reminders and escalations follow. */
export async function extendTask(ctx: Ctx, actor: Actor, id: string, input: { dueAt: string; reason: string }) {
  const row = await loadTask(ctx, id);
  requireCoordinator(actor);
  if (row.status !== 'open') throw refuseClosed(ctx.locale, row.status);
  const dueAt = dueToInstant(input.dueAt);
  if (dueAt.getTime() <= Date.now()) throw new UserError(400, 'task.dueInPast', { due: formatDue(dueAt, ctx.locale) });
  const step = row.cycleId && row.stepKey ? await plannedStep(ctx, row.cycleId, row.stepKey) : undefined;
  const schedule = scheduleFor(dueAt, step?.reminders ?? { before: [], onTheDay: false }, step?.escalation ?? []);
  return update(ctx, row, (h) => h.executeUpdate(task.extendTask, { args: [{ schedule, reason: input.reason, actor }] }));
}

async function plannedStep(ctx: Ctx, cycleId: string, stepKey: string) {
  const cycle = await findCycle(ctx.db, cycleId);
  const plan = cycle?.plan as YearPlan | null | undefined;
  return plan?.phases.flatMap((p) => p.steps).find((s) => s.key === stepKey);
}

/** The coordinator mails the seat's current holder a fresh link to an open task. */
export async function resendTask(ctx: Ctx, actor: Actor, id: string) {
  const row = await loadTask(ctx, id);
  requireCoordinator(actor);
  if (row.status !== 'open') throw new UserError(409, 'task.notOpen', { status: t(ctx.locale, `task.status.${row.status}`) });
  await resendLink(ctx, actor, { kind: 'task', id, workflowId: row.workflowId, title: row.title, dueAt: row.dueAt }, row.seatId);
}

async function detail(ctx: Ctx, id: string) {
  const data = await taskDetail(ctx.db, id, new Date());
  if (!data) throw taskNotFound(id);
  return data;
}

/** A task's audit events and the mail sent about it. */
export async function taskHistory(ctx: Ctx, user: User | null, id: string) {
  await readableTask(ctx, user, id);
  const { history, mail } = await detail(ctx, id);
  return { history, mail };
}

/** Everything the task page shows; the seats to reassign to only to the coordinator of an open task. */
export async function taskPageData(ctx: Ctx, user: User | null, id: string) {
  await readableTask(ctx, user, id);
  const data = await detail(ctx, id);
  const [work, seats, reportEditor, followUp, versions, handoff] = await Promise.all([
    taskWork(ctx.db, data.row, ctx.locale),
    user?.role === 'coordinator' && data.item.status === 'open' ? seatOptions(ctx.db) : [],
    reportEditorOf(ctx, data.row),
    followUpOf(ctx.db, id),
    submittableVersions(ctx, data.row),
    handoffView(ctx, data.row),
  ]);
  return { ...data, work, seats, reportEditor, followUp, versions, handoff };
}
export type TaskPageData = Awaited<ReturnType<typeof taskPageData>>;

/**
 * Who acts from the task page: a seat of the task the person holds (for completing, the lead
 * owner's only), else the coordinator.
 */
export function pageActorInput(seats: { seatId: string }[], row: Task, lead: boolean): ActorInput {
  const owners = lead ? [row.seatId] : [row.seatId, ...row.coSeatIds];
  const seat = seats.find((s) => owners.includes(s.seatId));
  return seat ? { kind: 'seat', seat: seat.seatId } : { kind: 'coordinator' };
}
