import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { TaskKind } from '../core/step-kinds';
import type { Schedule } from '../core/schedule';
import type { Notice } from '../core/notice';
import { activities, deliver, oneAtATime, refuse, system, type Actor } from './common';
import { childChanged, type ChildChange } from './signals';

/** One piece of work owed by a seat. The seat's holder at the time gets every mail. */
export interface TaskInput {
  taskId: string;
  kind?: TaskKind;
  seatId: string;
  title: string;
  instructions?: string;
  schedule: Schedule;
  cycleId?: string;
  stepKey?: string;
  round?: number;
  measure?: { id: string; code: string; title: string };
  /** For a hand-off: who receives the artefact. */
  recipient?: string;
  /** A shared task's other owners: each adds a part, `seatId` (the lead) submits. */
  coSeatIds?: string[];
  /** The earlier steps' outputs this task shows, fixed when its step started. */
  shownOutputIds?: string[];
  /** Completing it chooses at least one of these measures: what the step proposes. */
  proposes?: { measureIds: string[] };
}

export interface Attachment {
  name: string;
  url?: string;
  size?: number;
}

export interface Choices {
  measureIds?: string[];
}

export interface CompleteTaskInput {
  report: string;
  attachments?: Attachment[];
  choices?: Choices;
  actor: Actor;
}

/** A co-owner's part of a shared task, added or replaced while the task is open. */
export interface AddPartInput {
  seatId: string;
  text: string;
  actor: Actor;
}

export interface Part {
  seatId: string;
  text: string;
  holderId?: string;
  at: string;
}

export interface ReassignTaskInput {
  seatId: string;
  reason: string;
  actor: Actor;
}

export interface ExtendTaskInput {
  schedule: Schedule;
  reason: string;
  actor: Actor;
}

export type TaskStatus = 'open' | 'done' | 'cancelled' | 'skipped';

export interface TaskState {
  taskId: string;
  workflowId: string;
  kind: TaskKind;
  seatId: string;
  title: string;
  status: TaskStatus;
  dueAt: string;
  overdueSince?: string;
  escalationLevel: number;
  remindersSent: number;
  completedAt?: string;
  completedByHolderId?: string;
  report?: string;
  attachments?: Attachment[];
  closeReason?: string;
  coSeatIds?: string[];
  shownOutputIds?: string[];
  choices?: Choices;
  parts?: Part[];
  /** The step output its completion recorded. */
  outputId?: string;
}

export const completeTask = defineUpdate<TaskState, [CompleteTaskInput]>('completeTask');
export const reassignTask = defineUpdate<TaskState, [ReassignTaskInput]>('reassignTask');
export const extendTask = defineUpdate<TaskState, [ExtendTaskInput]>('extendTask');
export const addPart = defineUpdate<TaskState, [AddPartInput]>('addPart');
/** From the cycle: the step was skipped or the cycle cancelled. */
export const closeTask = defineSignal<[{ status: 'cancelled' | 'skipped'; reason: string }]>('closeTask');
/** The seat has a new holder from `effectiveAt`: signalled before one handover mail covered all the seat owes. */
export const holderChanged = defineSignal<[{ effectiveAt: string }]>('holderChanged');
export const taskStatus = defineQuery<TaskState>('taskStatus');

export const TaskFailure = {
  notOpen: 'TaskNotOpen',
  emptyReport: 'TaskEmptyReport',
  notYourSeat: 'TaskNotYourSeat',
  sameSeat: 'TaskSameSeat',
  dueInPast: 'TaskDueInPast',
  /** A co-owner adds a part; the lead owner submits the task. */
  leadSubmits: 'TaskLeadSubmits',
  notAnOwner: 'TaskNotAnOwner',
  emptyPart: 'TaskEmptyPart',
  noMeasures: 'TaskNoMeasures',
  unknownMeasure: 'TaskUnknownMeasure',
} as const;

export async function taskWorkflow(input: TaskInput): Promise<TaskState> {
  const { workflowId } = workflowInfo();
  const parent = workflowInfo().parent;
  let schedule = input.schedule;
  const state: TaskState = {
    taskId: input.taskId,
    workflowId,
    kind: input.kind ?? 'tasks',
    seatId: input.seatId,
    title: input.title,
    status: 'open',
    dueAt: schedule.dueAt,
    escalationLevel: 0,
    remindersSent: 0,
    ...(input.coSeatIds?.length ? { coSeatIds: input.coSeatIds, parts: [] } : {}),
    ...(input.shownOutputIds?.length ? { shownOutputIds: input.shownOutputIds } : {}),
  };
  /** Every owner of the task: the lead, then a shared task's co-owners. Each gets its mail. */
  const owners = () => [state.seatId, ...(state.coSeatIds ?? [])];
  /** Bumped by every change that moves the timers, so the waiting loop re-plans. */
  let revision = 0;
  let notices = 0;
  /** Instants at which a new holder takes the seat and should hear of this task. */
  let handovers: string[] = [];

  const inTurn = oneAtATime();
  /**
   * Mail written but not yet sent. The main loop sends it, so an update handler never waits on
   * an SMTP server that is down; Temporal retries the sending meanwhile.
   */
  const outgoing: Notice[] = [];
  const sendOutgoing = async () => {
    while (outgoing.length) await deliver(outgoing.shift()!);
  };
  /** Writes a notice to the outbox, in turn with the projections, then sends it. */
  const say = async (n: Notice) => {
    await inTurn(() => activities.notify(n));
    await deliver(n);
  };

  /** What the parent hears of this task. */
  const change = (): ChildChange => ({
    workflowId,
    kind: 'task',
    seatId: state.seatId,
    status: state.status,
    dueAt: state.dueAt,
    overdue: Boolean(state.overdueSince),
  });

  /** Writes the projection (and the audit event, and a notice) in one activity. */
  const record = (
    event?: { action: string; actor: Actor; detail?: Record<string, unknown> },
    notice?: Notice,
    tellParent = false,
    extra: { part?: Part; output?: { id: string; version: number; choices: Choices; seatId: string } } = {},
  ) =>
    inTurn(async () => {
      await activities.recordTask({
        ...extra,
        state,
        instructions: input.instructions ?? '',
        cycleId: input.cycleId,
        stepKey: input.stepKey,
        round: input.round ?? 1,
        measureId: input.measure?.id,
        event: event && { ...event, dedupeKey: `${workflowId}#${revision}:${event.action}`, at: new Date().toISOString() },
        notice,
      });
      if (notice) outgoing.push(notice);
      // The cycle sees starts and ends itself; it hears of a new seat or due date from here.
      if (parent && tellParent) {
        await getExternalWorkflowHandle(parent.workflowId).signal(childChanged, change());
      }
    });

  const notice = (kind: Notice['kind'], seatIds: string[], at: string, detail: Record<string, unknown> = {}): Notice => ({
    key: `${workflowId}:${kind}:${++notices}`,
    kind,
    seatIds,
    at,
    target: { kind: 'task', id: state.taskId, workflowId },
    title: state.title,
    dueAt: state.dueAt,
    cycleId: input.cycleId,
    detail: {
      ...detail,
      assigneeSeatId: state.seatId,
      measure: input.measure?.code,
      recipient: input.recipient,
      ...(state.coSeatIds ? { coSeatIds: state.coSeatIds } : {}),
    },
  });

  const mustBeOpen = () => {
    if (state.status !== 'open')
      refuse(TaskFailure.notOpen, `The task is ${state.status}`, { status: state.status, at: state.completedAt });
  };

  setHandler(taskStatus, () => state);
  setHandler(
    completeTask,
    async ({ report, attachments, choices, actor }) => {
      state.status = 'done';
      state.completedAt = new Date().toISOString();
      state.completedByHolderId = actor.holderId;
      state.report = report.trim();
      state.attachments = attachments ?? [];
      revision++;
      // A cycle's task leaves its result as a step output later steps can show.
      const output =
        input.cycleId && input.stepKey && patched('step-outputs')
          ? {
              id: uuid4(),
              version: input.round ?? 1,
              choices: input.proposes ? { measureIds: choices!.measureIds! } : {},
              seatId: actor.seatId ?? state.seatId,
            }
          : undefined;
      if (output) {
        state.outputId = output.id;
        state.choices = output.choices;
      }
      await record(
        {
          action: state.kind === 'handoff' ? 'handoff.received' : 'task.completed',
          actor,
          detail: { attachments: state.attachments.length, ...(output ? { outputId: output.id } : {}) },
        },
        undefined,
        false,
        output ? { output } : {},
      );
      return state;
    },
    {
      validator: ({ report, choices, actor }) => {
        mustBeOpen();
        if (actor.kind === 'seat' && actor.seatId !== state.seatId) {
          if (state.coSeatIds?.includes(actor.seatId!))
            refuse(TaskFailure.leadSubmits, 'The lead owner submits a shared task; add your part instead');
          refuse(TaskFailure.notYourSeat, 'The task belongs to another seat');
        }
        if (report.trim() === '') refuse(TaskFailure.emptyReport, 'The report is empty');
        if (input.proposes) {
          const chosen: string[] = choices?.measureIds ?? [];
          if (chosen.length === 0) refuse(TaskFailure.noMeasures, 'Choose at least one measure');
          const unknown = chosen.filter((id) => !input.proposes!.measureIds.includes(id));
          if (unknown.length) refuse(TaskFailure.unknownMeasure, 'A chosen measure is not in the action plan', { measureIds: unknown });
        }
      },
    },
  );
  setHandler(
    addPart,
    async ({ seatId, text, actor }) => {
      const part: Part = { seatId, text: text.trim(), holderId: actor.holderId, at: new Date().toISOString() };
      state.parts = [...(state.parts ?? []).filter((p) => p.seatId !== seatId), part];
      revision++;
      await record({ action: 'task.part', actor, detail: { seatId } }, undefined, false, { part });
      return state;
    },
    {
      validator: ({ seatId, text, actor }) => {
        mustBeOpen();
        if (!owners().includes(seatId)) refuse(TaskFailure.notAnOwner, 'That seat does not own this task');
        if (actor.kind === 'seat' && actor.seatId !== seatId) refuse(TaskFailure.notYourSeat, 'A seat adds only its own part');
        if (text.trim() === '') refuse(TaskFailure.emptyPart, 'The part is empty');
      },
    },
  );
  setHandler(
    reassignTask,
    async ({ seatId, reason, actor }) => {
      const from = state.seatId;
      state.seatId = seatId;
      revision++;
      await record(
        { action: 'task.reassigned', actor, detail: { from, to: seatId, reason } },
        notice('task', [seatId], new Date().toISOString(), { reassigned: true }),
        true,
      );
      return state;
    },
    {
      validator: ({ seatId, reason }) => {
        mustBeOpen();
        if (seatId === state.seatId) refuse(TaskFailure.sameSeat, 'The task already belongs to that seat');
        if (reason.trim() === '') refuse(TaskFailure.emptyReport, 'A reason is required');
      },
    },
  );
  setHandler(
    extendTask,
    async ({ schedule: next, reason, actor }) => {
      const from = state.dueAt;
      schedule = next;
      state.dueAt = next.dueAt;
      state.overdueSince = undefined;
      state.escalationLevel = 0;
      revision++;
      await record({ action: 'task.extended', actor, detail: { from, to: next.dueAt, reason } }, undefined, true);
      return state;
    },
    {
      validator: ({ schedule: next }) => {
        mustBeOpen();
        if (Date.parse(next.dueAt) <= Date.now()) refuse(TaskFailure.dueInPast, 'The new due date has passed', { dueAt: next.dueAt });
      },
    },
  );
  setHandler(closeTask, ({ status, reason }) => {
    if (state.status !== 'open') return;
    state.status = status;
    state.closeReason = reason;
    revision++;
  });
  setHandler(holderChanged, ({ effectiveAt }) => {
    // A holder change now sends one mail for all the seat owes (workflows/handover.ts).
    if (state.status !== 'open' || patched('handover-once')) return;
    handovers = [...handovers, effectiveAt].sort();
    revision++;
  });

  // Work that starts on or after its due date is overdue from its first moment, says so in its
  // first mail, and escalates counted from its start: nothing waits for an instant already past.
  const lateStart = Date.parse(schedule.dueAt) <= Date.now() && patched('late-work');
  if (lateStart) {
    schedule = await activities.lateSchedule({ schedule, startAt: new Date().toISOString() });
    state.overdueSince = state.dueAt;
  }
  await record(
    { action: 'task.assigned', actor: system, ...(lateStart ? { detail: { late: true } } : {}) },
    notice(lateStart ? 'late_task' : 'task', owners(), new Date().toISOString()),
  );

  while (state.status === 'open') {
    await sendOutgoing();
    const now = Date.now();
    const due = handovers.filter((at) => Date.parse(at) <= now);
    if (due.length) {
      handovers = handovers.filter((at) => Date.parse(at) > now);
      await say(notice('handover', [state.seatId], new Date(now).toISOString()));
    }
    // Past instants are not replayed: a task started (or extended) late mails only what lies ahead.
    const reminders = schedule.remindAt.filter((at) => Date.parse(at) > now);
    const escalations = schedule.escalations.filter((e) => Date.parse(e.at) > now && e.level > state.escalationLevel);
    const dueMs = Date.parse(state.dueAt);
    const wakeups = [
      ...reminders.map(Date.parse),
      ...escalations.map((e) => Date.parse(e.at)),
      ...handovers.map(Date.parse),
      ...(state.overdueSince ? [] : [dueMs]),
    ].filter((t) => t > now);
    const next = wakeups.length ? Math.min(...wakeups) : undefined;
    const seen = revision;
    const changed = () => state.status !== 'open' || revision !== seen || outgoing.length > 0;
    const woke = await (next === undefined ? condition(changed).then(() => true) : condition(changed, next - now));
    if (state.status !== 'open') break;
    if (woke) continue;

    const at = new Date(next!).toISOString();
    if (next === dueMs && !state.overdueSince) {
      state.overdueSince = state.dueAt;
      await record({ action: 'task.overdue', actor: system });
    }
    if (reminders.includes(at)) {
      state.remindersSent++;
      await say(notice(next! > dueMs ? 'overdue_reminder' : 'reminder', owners(), at, { occurrence: state.remindersSent }));
    }
    for (const e of escalations.filter((x) => x.at === at)) {
      state.escalationLevel = e.level;
      await record(
        { action: 'task.escalated', actor: system, detail: { level: e.level } },
        notice('escalation', e.seatIds, at, { level: e.level }),
      );
    }
  }

  if (state.status === 'cancelled' || state.status === 'skipped') {
    await record({ action: `task.${state.status}`, actor: system, detail: { reason: state.closeReason } });
  }
  await condition(allHandlersFinished);
  await sendOutgoing();
  // A parent that does not wait for the result (a meeting series waiting for minutes, perhaps
  // continued as new since) hears of the end from here; a parent gone by then is no matter.
  if (parent && patched('task-tells-parent-closed')) {
    try {
      await getExternalWorkflowHandle(parent.workflowId).signal(childChanged, change());
    } catch {
      // The parent has closed: nobody is waiting.
    }
  }
  return state;
}
