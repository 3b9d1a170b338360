import type { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import type { Actor } from '../../core/actor';
import { cycleIdFor, deadlinesPassed } from '../../core/plan';
import { type LateStart } from '../../core/plan-types';
import type * as t from '../../db/schema';
import {
  findCycle,
  lateTasksOf,
  listCycles as cycleRecords,
  meetingPreview,
  prepareCycle,
  recordStartedCycle,
} from '../../db/queries/cycles';
import { cycleProblems } from '../../db/queries/problems';
import { cancelCycle as cancelUpdate, CycleFailure, cycleStatus, cycleWorkflow, skipStep as skipUpdate } from '../../workflows/cycle';
import { t as say, type Locale, type MessageKey } from '../../i18n';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import type { Ctx } from './context';

/** Which year of which definition: the address of a cycle. */
export interface CycleRef {
  definition: string;
  year: number;
}

export interface StartInput extends CycleRef {
  version?: number;
  start?: LateStart;
}

const cycleNotFound = (id: string) => new UserError(404, 'cycle.notFound', { id });
const statusWord = (l: Locale, kind: 'cycle' | 'step', status: unknown) => say(l, `${kind}.status.${String(status)}` as MessageKey);

/** The cycle workflow's refusals, in the reader's words. */
const refusals = (l: Locale): Record<string, (f: ApplicationFailure) => UserError> => ({
  [CycleFailure.notRunning]: (f) => new UserError(409, 'cycle.notRunning', { status: statusWord(l, 'cycle', failureDetails(f).status) }),
  [CycleFailure.unknownStep]: (f) => new UserError(400, 'cycle.unknownStep', { step: String(failureDetails(f).stepKey) }),
  [CycleFailure.stepFinished]: (f) =>
    new UserError(409, 'cycle.stepFinished', {
      step: String(failureDetails(f).stepKey),
      status: statusWord(l, 'step', failureDetails(f).status),
    }),
  [CycleFailure.reasonRequired]: () => new UserError(400, 'cycle.reasonRequired'),
});

/** The definition and the directory resolved into the year plan, or why they cannot be. */
async function prepare(ctx: Ctx, input: StartInput, startAt: Date) {
  const prepared = await prepareCycle(ctx.db, {
    definitionKey: input.definition,
    year: input.year,
    version: input.version,
    startAt,
    late: input.start,
  });
  if (prepared.ok) return prepared;
  if (prepared.reason === 'unknownDefinition') {
    throw new UserError(400, 'definition.unknown', { key: input.definition, version: input.version ?? '' });
  }
  const issues = prepared.issues.map((i) => ({ path: i.path, message: say(ctx.locale, i.key, i.args) }));
  // The definition is fine; the chosen way of starting late is not.
  if (issues.every((i) => i.path.startsWith('start.'))) {
    const problems = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new UserError(400, 'late.refused', { problems }, { issues });
  }
  throw new UserError(422, 'definition.cannotPlan', { count: issues.length }, { issues });
}

/** The year a cycle would run, before anything starts: plan, passed dates, meetings. */
export async function previewCycle(ctx: Ctx, input: StartInput) {
  const startAt = ctx.now();
  const prepared = await prepare(ctx, input, startAt);
  const { definition: _d, ...definition } = prepared.definition;
  return {
    cycleId: prepared.plan.cycleId,
    definition,
    plan: prepared.plan,
    passed: prepared.passed,
    choiceNeeded: !input.start && deadlinesPassed(prepared.passed),
    meetings: await meetingPreview(ctx.db, prepared.plan, startAt),
  };
}
export type CyclePreview = Awaited<ReturnType<typeof previewCycle>>;

/** Starts a year's cycle; Temporal's id policy refuses a second start of the same year. */
export async function startCycle(ctx: Ctx, actor: Actor, input: StartInput) {
  const prepared = await prepare(ctx, input, ctx.now());
  if (!input.start && deadlinesPassed(prepared.passed)) {
    throw new UserError(400, 'late.choiceNeeded', {}, { passed: prepared.passed });
  }
  const id = prepared.plan.cycleId;
  try {
    await ctx.temporal.workflow.start(cycleWorkflow, {
      workflowId: id,
      taskQueue: ctx.config.taskQueue,
      args: [{ ...prepared.input, startedBy: actor }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new UserError(409, 'cycle.exists', { year: input.year, key: input.definition }, { id });
    }
    throw err;
  }
  // The record exists the moment the start is confirmed, so the overview the coordinator is
  // sent to shows the cycle; the workflow's own report then fills in steps and phase.
  await recordStartedCycle(ctx.db, { id, definitionId: prepared.definition.id, year: input.year, plan: prepared.plan });
  const { definition: _d, ...definition } = prepared.definition;
  return { id, definition, plan: prepared.plan };
}

export function listCycles(ctx: Ctx, filter: { definition?: string; status?: t.Cycle['status'] }) {
  return cycleRecords(ctx.db, { definitionKey: filter.definition, status: filter.status });
}

export async function loadCycle(ctx: Ctx, ref: CycleRef) {
  const id = cycleIdFor(ref.definition, ref.year);
  const row = await findCycle(ctx.db, id);
  if (!row) throw cycleNotFound(id);
  return row;
}

/** A cycle's record with its late work and the workflows of it that fail. */
export async function cycleRecord(ctx: Ctx, ref: CycleRef) {
  const { plan: _p, ...row } = await loadCycle(ctx, ref);
  const [late, problems] = await Promise.all([lateTasksOf(ctx.db, row.id, new Date()), cycleProblems(ctx.db, row.id)]);
  return { ...row, late, problems };
}

export async function cyclePlan(ctx: Ctx, ref: CycleRef) {
  return (await loadCycle(ctx, ref)).plan;
}

/** The one read asked of the workflow rather than the records. */
export function liveStatus(ctx: Ctx, ref: CycleRef) {
  const id = cycleIdFor(ref.definition, ref.year);
  return talkToWorkflow(() => ctx.temporal.workflow.getHandle(id).query(cycleStatus), cycleNotFound(id));
}

export async function skipStep(ctx: Ctx, actor: Actor, ref: CycleRef, input: { step: string; reason: string }) {
  const row = await loadCycle(ctx, ref);
  return talkToWorkflow(
    () =>
      ctx.temporal.workflow.getHandle(row.id).executeUpdate(skipUpdate, { args: [{ stepKey: input.step, reason: input.reason, actor }] }),
    cycleNotFound(row.id),
    refusals(ctx.locale),
  );
}

export async function cancelCycle(ctx: Ctx, actor: Actor, ref: CycleRef, reason: string) {
  const row = await loadCycle(ctx, ref);
  if (row.status !== 'running') throw new UserError(409, 'cycle.notRunning', { status: statusWord(ctx.locale, 'cycle', row.status) });
  return talkToWorkflow(
    () => ctx.temporal.workflow.getHandle(row.id).executeUpdate(cancelUpdate, { args: [{ reason, actor }] }),
    cycleNotFound(row.id),
    refusals(ctx.locale),
  );
}
