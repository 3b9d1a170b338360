import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  defineQuery,
  defineUpdate,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Outcome } from '../core/decision-rules';
import type { RoundReason } from '../core/rounds';
import type { PlannedStep, YearPlan } from '../core/plan-types';
import type { Schedule } from '../core/schedule';
import { isTaskKind } from '../core/step-kinds';
import { activities, oneAtATime, refuse, system, type Actor } from './common';
import { closeDecision, decisionWorkflow } from './decision';
import { childChanged, type ChildChange } from './signals';
import { closeTask, taskWorkflow } from './task';
import { addAgendaItem, meetingSeriesWorkflow, type CycleItem } from './meetings';

/**
 * The interpreter: walks a year plan's phases and steps, starts each step's children (tasks or a
 * decision), waits for them, and follows "ask for changes" back to an earlier step.
 */
export interface CycleInput {
  cycleId: string;
  definitionId: string;
  plan: YearPlan;
  /** Who started it: the skips of a late start are theirs. */
  startedBy?: Actor;
}

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'cancelled';

export interface StepState {
  key: string;
  phaseKey: string;
  kind: PlannedStep['kind'];
  title: string;
  status: StepStatus;
  round: number;
  dueAt?: string;
  startedAt?: string;
  finishedAt?: string;
  outcome?: Outcome;
  skipReason?: string;
  /** Why each round after the first ran: mails and pages of that round say so. */
  roundReasons?: RoundReason[];
  /** A decision over a list, approved: the measures it selected. */
  selectedMeasureIds?: string[];
  children: ChildChange[];
}

export interface CycleState {
  cycleId: string;
  year: number;
  definitionKey: string;
  status: 'running' | 'completed' | 'cancelled';
  phaseKey?: string;
  steps: StepState[];
  /** Open work past its due date: the seat and the step. */
  late: { stepKey: string; seatId: string; dueAt: string; workflowId: string }[];
  closedAt?: string;
  closeReason?: string;
}

export const skipStep = defineUpdate<CycleState, [{ stepKey: string; reason: string; actor: Actor }]>('skipStep');
export const cancelCycle = defineUpdate<CycleState, [{ reason: string; actor: Actor }]>('cancelCycle');
export const cycleStatus = defineQuery<CycleState>('cycleStatus');

export const CycleFailure = {
  notRunning: 'CycleNotRunning',
  unknownStep: 'CycleUnknownStep',
  stepFinished: 'CycleStepFinished',
  reasonRequired: 'CycleReasonRequired',
  unsupportedStep: 'CycleUnsupportedStep',
} as const;

const DAY = 86_400_000;

export async function cycleWorkflow(input: CycleInput): Promise<CycleState> {
  const { plan } = input;
  const flat = plan.phases.flatMap((p) => p.steps);
  const state: CycleState = {
    cycleId: input.cycleId,
    year: plan.year,
    definitionKey: plan.definitionKey,
    status: 'running',
    steps: flat.map((s) => ({
      key: s.key,
      phaseKey: s.phaseKey,
      kind: s.kind,
      title: s.title,
      status: 'pending',
      round: 0,
      dueAt: s.schedule?.dueAt,
      children: [],
    })),
    late: [],
  };
  const stepState = (key: string) => state.steps.find((s) => s.key === key)!;
  // A late start at a later phase: the steps before it are over before anything runs.
  const skippedAtStart = flat.filter((s) => s.skipped);
  const startsLate = skippedAtStart.length > 0 && patched('start-at-phase');
  if (startsLate) {
    for (const step of skippedAtStart)
      Object.assign(stepState(step.key), { status: 'skipped', skipReason: step.skipped!.reason, finishedAt: new Date().toISOString() });
  }
  const handles = new Map<string, ChildWorkflowHandle<typeof taskWorkflow> | ChildWorkflowHandle<typeof decisionWorkflow>>();
  /** What each selecting decision selected, by its step: later steps' tasks follow it. */
  const selections = new Map<string, string[]>();
  let revision = 0;

  const refreshLate = () => {
    const now = Date.now();
    state.late = state.steps.flatMap((s) =>
      s.children
        .filter((c) => c.kind === 'task' && c.status === 'open' && Date.parse(c.dueAt) < now)
        .map((c) => ({ stepKey: s.key, seatId: c.seatId!, dueAt: c.dueAt, workflowId: c.workflowId })),
    );
  };
  const inTurn = oneAtATime();
  const record = (event?: { action: string; actor: Actor; detail?: Record<string, unknown> }) =>
    inTurn(() => {
      refreshLate();
      revision++;
      return activities.recordCycle({
        state,
        definitionId: input.definitionId,
        plan: revision === 1 ? plan : undefined,
        event: event && { ...event, dedupeKey: `${input.cycleId}#${revision}:${event.action}`, at: new Date().toISOString() },
      });
    });

  setHandler(cycleStatus, () => {
    refreshLate();
    return state;
  });
  const updateChild = (change: Pick<ChildChange, 'workflowId'> & Partial<ChildChange>) => {
    const step = state.steps.find((s) => s.children.some((c) => c.workflowId === change.workflowId));
    if (!step) return;
    step.children = step.children.map((c) => (c.workflowId === change.workflowId ? { ...c, ...change } : c));
  };
  // Children report a new seat or due date; their start and end the cycle sees for itself.
  setHandler(childChanged, updateChild);

  const closeChildren = async (step: StepState, reason: string, status: 'cancelled' | 'skipped') => {
    for (const child of step.children) {
      const handle = handles.get(child.workflowId);
      if (!handle || child.status !== 'open') continue;
      if (child.kind === 'task') await handle.signal(closeTask, { status, reason });
      else await handle.signal(closeDecision, { reason });
    }
  };

  setHandler(
    skipStep,
    async ({ stepKey, reason, actor }) => {
      const step = stepState(stepKey);
      const wasRunning = step.status === 'running';
      step.status = 'skipped';
      step.skipReason = reason;
      step.finishedAt = new Date().toISOString();
      if (wasRunning) await closeChildren(step, reason, 'skipped');
      await record({ action: 'step.skipped', actor, detail: { stepKey, reason } });
      return state;
    },
    {
      validator: ({ stepKey, reason }) => {
        if (state.status !== 'running') refuse(CycleFailure.notRunning, `The cycle is ${state.status}`, { status: state.status });
        const step = state.steps.find((s) => s.key === stepKey);
        if (!step) refuse(CycleFailure.unknownStep, `No step ${stepKey}`, { stepKey });
        if (step.status !== 'pending' && step.status !== 'running')
          refuse(CycleFailure.stepFinished, `Step ${stepKey} is ${step.status}`, { stepKey, status: step.status });
        if (!reason.trim()) refuse(CycleFailure.reasonRequired, 'A reason is required');
      },
    },
  );
  setHandler(
    cancelCycle,
    async ({ reason, actor }) => {
      state.status = 'cancelled';
      state.closeReason = reason;
      state.closedAt = new Date().toISOString();
      for (const step of state.steps) {
        if (step.status === 'running') {
          step.status = 'cancelled';
          await closeChildren(step, reason, 'cancelled');
        }
      }
      await record({ action: 'cycle.cancelled', actor, detail: { reason } });
      return state;
    },
    {
      validator: ({ reason }) => {
        if (state.status !== 'running') refuse(CycleFailure.notRunning, `The cycle is ${state.status}`, { status: state.status });
        if (!reason.trim()) refuse(CycleFailure.reasonRequired, 'A reason is required');
      },
    },
  );

  /** Due dates of a step started now: fixed from the plan, or resolved from its start. */
  const scheduleFor = async (step: PlannedStep, windowDays: number | undefined): Promise<Schedule> => {
    const now = new Date().toISOString();
    const planned = step.schedule;
    const needsNew = !planned || (windowDays !== undefined && Date.parse(planned.dueAt) < Date.now() + windowDays * DAY);
    if (!needsNew) return planned;
    return activities.scheduleStep({ step, startAt: now, windowDays });
  };

  /** Puts an item on the agenda of a body's series; a body without a running series has none. */
  const putOnAgenda = async (bodySlug: string, item: CycleItem) => {
    try {
      await getExternalWorkflowHandle(`meetings/${bodySlug}`).signal(addAgendaItem, item);
    } catch {
      // No series runs for the body: the item waits for no meeting.
    }
  };

  /** A meetings step makes sure the body's series runs; the series outlives the year. */
  const runMeetings = async (step: PlannedStep) => {
    const s = stepState(step.key);
    s.status = 'running';
    s.round++;
    s.startedAt = new Date().toISOString();
    await record({ action: 'step.started', actor: system, detail: { stepKey: step.key, round: s.round } });
    if (patched('meetings-step')) {
      const m = step.meetings!;
      try {
        await startChild(meetingSeriesWorkflow, {
          workflowId: `meetings/${m.bodySlug}`,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [{ bodySlug: m.bodySlug, title: m.title, policy: m.policy, fromYear: plan.year }],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (s.status === 'running') {
      s.status = 'done';
      s.finishedAt = new Date().toISOString();
      await record({ action: 'step.finished', actor: system, detail: { stepKey: step.key } });
    }
    return undefined;
  };

  /** Runs one step to its end; the decision's outcome when it was a decision. */
  const runStep = async (step: PlannedStep, windowDays: number | undefined): Promise<Outcome | undefined> => {
    const s = stepState(step.key);
    if (s.status === 'skipped') return undefined;
    if (step.kind === 'meetings') return runMeetings(step);
    s.status = 'running';
    s.round++;
    s.startedAt = new Date().toISOString();
    s.outcome = undefined;
    s.children = [];
    const schedule = await scheduleFor(step, windowDays);
    s.dueAt = schedule.dueAt;
    const round = s.round > 1 ? `/r${s.round}` : '';
    const base = `${plan.definitionKey}/${plan.year}/${step.key}`;
    await record({ action: 'step.started', actor: system, detail: { stepKey: step.key, round: s.round } });
    // What the step shows and decides over, as it stands now: later rounds of those steps do not change it.
    const inputs =
      (step.shows?.length || step.decision?.over) && patched('step-outputs')
        ? await activities.stepInputs({ cycleId: input.cycleId, shows: step.shows ?? [], over: step.decision?.over })
        : undefined;

    let outcome: Outcome | undefined;
    if (step.kind === 'decision') {
      const d = step.decision!;
      const workflowId = `decision/${base}${round}`;
      const handle = await startChild(decisionWorkflow, {
        workflowId,
        args: [
          {
            decisionId: uuid4(),
            bodySlug: d.bodySlug,
            title: step.title,
            question: d.question,
            voterSeatIds: d.voterSeatIds,
            rule: d.rule,
            tie: d.tie,
            showTally: d.showTally,
            schedule,
            cycleId: input.cycleId,
            stepKey: step.key,
            round: s.round,
            ...(inputs?.shownOutputIds.length ? { shownOutputIds: inputs.shownOutputIds } : {}),
            ...(inputs?.candidateMeasureIds ? { candidateMeasureIds: inputs.candidateMeasureIds } : {}),
          },
        ],
      });
      handles.set(workflowId, handle);
      s.children = [{ workflowId, kind: 'decision', status: 'open', dueAt: schedule.dueAt, overdue: false }];
      if (d.atMeeting && patched('meetings-agenda')) {
        // A round after "changes" may fall due before the body meets again: then it is decided by link, at no meeting.
        const deadline = patched('meetings-agenda-deadline') ? { before: schedule.dueAt } : {};
        await putOnAgenda(d.atMeeting.bodySlug, {
          key: workflowId,
          kind: 'decision',
          title: step.title,
          onOrAfter: d.atMeeting.startsAt,
          ...deadline,
        });
      }
      const result = await handle.result();
      updateChild({ workflowId, status: result.status });
      outcome = result.outcome;
      if (result.selectedMeasureIds) {
        selections.set(step.key, result.selectedMeasureIds);
        s.selectedMeasureIds = result.selectedMeasureIds;
      }
    } else if (isTaskKind(step.kind)) {
      const kind = step.kind;
      const of = step.measuresOf;
      const assignments =
        of && patched('step-outputs')
          ? await activities.measureAssignments({ measureIds: selections.get(of.stepKey) ?? null, actionPlan: of.actionPlan, via: of.via })
          : step.assignments;
      const started = await Promise.all(
        assignments.map(async (a) => {
          const workflowId = `task/${base}/${a.seatSlug}${a.measure ? `/${a.measure.code}` : ''}${round}`;
          const handle = await startChild(taskWorkflow, {
            workflowId,
            args: [
              {
                taskId: uuid4(),
                kind,
                seatId: a.seatId,
                title: a.measure ? `${step.title}: ${a.measure.code} ${a.measure.title}` : step.title,
                instructions: step.instructions,
                schedule,
                cycleId: input.cycleId,
                stepKey: step.key,
                round: s.round,
                measure: a.measure,
                recipient: step.recipient,
                ...(a.coSeatIds ? { coSeatIds: a.coSeatIds } : {}),
                ...(inputs?.shownOutputIds.length ? { shownOutputIds: inputs.shownOutputIds } : {}),
                ...(step.proposes ? { proposes: { measureIds: step.proposes.measureIds } } : {}),
              },
            ],
          });
          handles.set(workflowId, handle);
          return { workflowId, handle, seatId: a.seatId };
        }),
      );
      s.children = started.map((c) => ({
        workflowId: c.workflowId,
        kind: 'task',
        seatId: c.seatId,
        status: 'open',
        dueAt: schedule.dueAt,
        overdue: false,
      }));
      await Promise.all(
        started.map(async (c) => {
          const result = await c.handle.result();
          updateChild({ workflowId: c.workflowId, status: result.status });
        }),
      );
    } else {
      throw ApplicationFailure.create({
        type: CycleFailure.unsupportedStep,
        message: `Step kind ${(step as { kind: string }).kind} is not supported`,
        nonRetryable: true,
      });
    }
    if (s.status === 'running') {
      s.status = 'done';
      s.outcome = outcome;
      s.finishedAt = new Date().toISOString();
      await record({ action: 'step.finished', actor: system, detail: { stepKey: step.key, outcome } });
    }
    return s.status === 'done' ? outcome : undefined;
  };

  // The audit names who started the cycle; cycles started before it did name the system.
  await record({ action: 'cycle.started', actor: patched('cycle-started-by') ? (input.startedBy ?? system) : system });
  if (startsLate) {
    for (const step of skippedAtStart) {
      await record({
        action: 'step.skipped',
        actor: input.startedBy ?? system,
        detail: { stepKey: step.key, reason: step.skipped!.reason, atStart: true },
      });
    }
  }

  const windows = new Map<string, number>();
  let i = 0;
  while (i < flat.length && state.status === 'running') {
    let j = i + 1;
    while (j < flat.length && flat[j]!.concurrent) j++;
    const group = flat.slice(i, j);
    if (startsLate && group.every((s) => s.skipped)) {
      // Nothing of it runs: its phase does not start and is not reviewed.
      i = j;
      continue;
    }
    if (state.phaseKey !== group[0]!.phaseKey) {
      state.phaseKey = group[0]!.phaseKey;
      await record({ action: 'phase.started', actor: system, detail: { phaseKey: state.phaseKey } });
      const phase = plan.phases.find((p) => p.key === state.phaseKey)!;
      if (phase.reviewAt && patched('meetings-agenda')) {
        await putOnAgenda(phase.reviewAt, {
          key: `${input.cycleId}/${phase.key}`,
          kind: 'review',
          title: phase.title,
          onOrAfter: new Date().toISOString(),
        });
      }
    }
    const outcomes = await Promise.all(group.map((step) => runStep(step, windows.get(step.key))));
    if (state.status !== 'running') break;

    let next = j;
    for (const [k, step] of group.entries()) {
      const outcome = outcomes[k];
      if (!step.decision || !outcome || outcome === 'approved') continue;
      const loop = outcome === 'changes_requested' ? step.decision.onChanges : step.decision.onReject;
      if (loop === 'end' || !loop) {
        if (outcome === 'rejected') {
          state.status = 'completed';
          state.closeReason = `rejected:${step.key}`;
        }
        continue;
      }
      // Back to the named step: it and everything after it run again, each with time to act.
      next = flat.findIndex((f) => f.key === loop.goTo);
      const decided = stepState(step.key).children[0]?.workflowId;
      const reason =
        decided && patched('round-reason') ? { stepKey: step.key, title: step.title, outcome, workflowId: decided } : undefined;
      for (const again of flat.slice(next, j)) {
        const st = stepState(again.key);
        if (st.status !== 'skipped') {
          st.status = 'pending';
          if (reason) st.roundReasons = [...(st.roundReasons ?? []), { ...reason, round: st.round + 1 }];
        }
        windows.set(again.key, loop.windowDays);
      }
      await record({ action: 'step.loop', actor: system, detail: { from: step.key, to: loop.goTo, outcome } });
      break;
    }
    i = next;
  }

  await condition(allHandlersFinished);
  if (state.status === 'running') state.status = 'completed';
  state.closedAt ??= new Date().toISOString();
  await record({
    action: state.status === 'cancelled' ? 'cycle.closed.cancelled' : 'cycle.completed',
    actor: system,
    detail: { reason: state.closeReason },
  });
  await condition(allHandlersFinished);
  return state;
}
