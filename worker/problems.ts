import { and, eq, inArray, like } from 'drizzle-orm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { Runtime, type ActivityInterceptorsFactory, type InjectedSinks, type Worker } from '@temporalio/worker';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { coordinatorSeat, findSeat, holderOn } from '../db/queries/directory';
import { describeProblems, openProblems, recordProblem, resolveProblems, type ProblemSeen } from '../db/queries/problems';
import { writeNotice } from '../activities/notices';
import { deliverNotice } from '../activities/delivery';
import type { Mailer } from '../activities/mailer';
import { problemSubject, problemText } from '../web/problems';
import { stockholmDate } from '../core/time';
import type { ProblemSinks } from '../workflows/interceptors';
import { whileRunning } from './periodic';
import { noticeKeyOf } from './outbox-sweep';

/**
 * Failures the worker sees, recorded for the dashboard and told to the coordinator once. Temporal
 * retries both kinds for ever, which is right for a passing outage but hides a real fault: here
 * it becomes a row the pages show and one mail.
 */

/**
 * An activity that fails this many attempts in a row needs a person. With the mail retry policy
 * (5 s doubling) the fifth attempt comes about a minute and a quarter after the first, past any
 * blip of an SMTP server restarting; local activities (1 s doubling) reach it in 15 seconds of a
 * database that does not answer.
 */
export const ACTIVITY_ATTEMPT_BUDGET = 5;

/**
 * How often the worker asks Temporal whether a recorded problem is over. A failed workflow task
 * is retried with growing pauses; a minute is soon enough for a page a person reads.
 */
export const PROBLEM_CHECK_MS = 60_000;

/** A failed workflow task is over only once Temporal has stopped retrying it; give it this long to say so. */
const SETTLE_MS = 5_000;

export interface ProblemDeps {
  db: Db;
  publicUrl: string;
  mailer: Mailer;
  mailFrom: string;
}

const log = () => Runtime.instance().logger;

/** Records a failure and writes the coordinator's mail for it (once: the mail's key names the problem). */
export async function noteProblem(deps: ProblemDeps, seen: ProblemSeen): Promise<void> {
  const problem = await recordProblem(deps.db, seen);
  const noticeKey = await writeProblemNotice(deps, problem);
  // Sending waits for no one: a failing SMTP server is retried by the next check.
  if (noticeKey) void send(deps, noticeKey);
}

/**
 * Problem mail is sent from the worker itself, outside any activity, so nothing else keeps two
 * sends of one notice apart: a failure repeating quickly would otherwise send its mail twice.
 */
const sending = new Set<string>();

async function send(deps: ProblemDeps, noticeKey: string) {
  if (sending.has(noticeKey)) return;
  sending.add(noticeKey);
  try {
    await deliverNotice(deps.db, deps.mailer, deps.mailFrom, noticeKey);
  } catch (error) {
    log().warn('Mail about a workflow problem not sent yet', { noticeKey, error });
  } finally {
    sending.delete(noticeKey);
  }
}

/** The coordinator of the cycle's definition, or the coordination office's coordinator. */
async function coordinatorFor(db: Db, cycleId: string | null): Promise<t.Seat | undefined> {
  if (cycleId) {
    const [row] = await db
      .select({ definition: t.cycleDefinitions.definition })
      .from(t.cycles)
      .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
      .where(eq(t.cycles.id, cycleId));
    const slug = (row?.definition as { roles?: Record<string, string> } | undefined)?.roles?.coordinator;
    const seat = slug ? await findSeat(db, slug) : undefined;
    if (seat) return seat;
  }
  return coordinatorSeat(db);
}

async function writeProblemNotice(deps: ProblemDeps, problem: t.WorkflowProblem): Promise<string | undefined> {
  const { db } = deps;
  const seat = await coordinatorFor(db, problem.cycleId);
  const holder = seat && (await holderOn(db, seat.id, stockholmDate(new Date())));
  if (!seat || !holder) return undefined;
  const [item] = await describeProblems(db, [problem]);
  const l = holder.locale;
  const activity = problem.activity ? `:${problem.activity}` : '';
  const key = `problem:${problem.workflowId}:${problem.kind}${activity}:${problem.firstSeenAt.getTime()}`;
  const path = problem.cycleId
    ? `/${problem.cycleId.replace(/^cycle\//, 'cycles/')}`
    : item!.concerns.kind === 'task'
      ? `/tasks/${item!.concerns.id}`
      : '/';
  await writeNotice(
    db,
    deps.publicUrl,
    {
      key,
      kind: 'problem',
      seatIds: [seat.id],
      at: new Date().toISOString(),
      target: { kind: 'workflow', id: problem.workflowId, workflowId: problem.workflowId },
      title: problemSubject(l, item!),
      cycleId: problem.cycleId ?? undefined,
      detail: { reason: problemText(l, item!) },
      path: `${path}?lang=${l}`,
    },
    deps.mailFrom,
  );
  return key;
}

/** The worker's end of the workflow interceptor: a workflow task failed on a bug. */
export function problemSinks(deps: ProblemDeps): InjectedSinks<ProblemSinks> {
  return {
    problems: {
      workflowTaskFailed: {
        fn: (info, failure) =>
          noteProblem(deps, {
            workflowId: info.workflowId,
            workflowType: info.workflowType,
            kind: 'workflow_task',
            reason: failure.message,
          }),
        // A replay repeats old work; only a failure happening now is news.
        callDuringReplay: false,
      },
    },
  };
}

/** A failure Temporal will retry; refusals and cancellations are answers, not faults. */
const retried = (err: unknown) => !(err instanceof CancelledFailure) && !(err instanceof ApplicationFailure && err.nonRetryable);

/**
 * Counts an activity's failed attempts against the budget, and clears the problem when the same
 * activity of the workflow succeeds after failing. Recording never hides the activity's own result.
 */
export function problemActivityInterceptor(deps: ProblemDeps, budget = ACTIVITY_ATTEMPT_BUDGET): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { info } = ctx;
        const workflowId = info.workflowExecution?.workflowId;
        let result: unknown;
        try {
          result = await next(input);
        } catch (err) {
          if (workflowId && info.attempt >= budget && retried(err)) {
            const reason = String((err as Error)?.message ?? err);
            await noteProblem(deps, {
              workflowId,
              workflowType: info.workflowType ?? '',
              kind: 'activity',
              activity: info.activityType,
              reason,
              attempt: info.attempt,
            }).catch((error: unknown) =>
              log().warn('Could not record a failing activity', { workflowId, activity: info.activityType, error }),
            );
          }
          throw err;
        }
        if (workflowId && info.attempt > 1) {
          await resolveProblems(deps.db, { workflowId, kind: 'activity', activity: info.activityType }).catch((error: unknown) =>
            log().warn('Could not clear a workflow problem', { workflowId, error }),
          );
        }
        return result;
      },
    },
  });
}

/**
 * The scheduled check: asks Temporal about every open problem. A workflow that has ended, or
 * whose workflow task no longer fails, has no problem left; mail about problems that could not
 * be sent before goes out now.
 */
export async function checkProblems(deps: ProblemDeps, client: Client, now = new Date()): Promise<void> {
  const open = await openProblems(deps.db);
  for (const workflowId of new Set(open.map((p) => p.workflowId))) {
    const description = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      });
    const running = description?.status.name === 'RUNNING';
    const taskFailing = (description?.raw.pendingWorkflowTask?.attempt ?? 0) > 1;
    if (!running) {
      await resolveProblems(deps.db, { workflowId });
      continue;
    }
    const settled = open.some(
      (p) => p.workflowId === workflowId && p.kind === 'workflow_task' && now.getTime() - p.lastSeenAt.getTime() > SETTLE_MS,
    );
    if (!taskFailing && settled) await resolveProblems(deps.db, { workflowId, kind: 'workflow_task' });
  }
  const unsent = await deps.db
    .selectDistinct({ key: t.mailOutbox.key })
    .from(t.mailOutbox)
    .where(and(eq(t.mailOutbox.kind, 'problem'), like(t.mailOutbox.key, 'problem:%'), inArray(t.mailOutbox.status, ['pending', 'failed'])));
  for (const { key } of unsent) await send(deps, noticeKeyOf(key));
}

/** Runs the check every `everyMs` while the worker runs. */
export function watchProblems(deps: ProblemDeps, worker: Worker, client: Client, everyMs = PROBLEM_CHECK_MS): void {
  whileRunning(worker, 'Checking workflow problems', everyMs, () => checkProblems(deps, client));
}
