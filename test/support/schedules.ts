import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { like } from 'drizzle-orm';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import * as t from '../../db/schema';
import type { Db } from '../../db/client';
import { lateSchedule, type Schedule } from '../../core/schedule';
import type { Choice, Rule } from '../../core/decision-rules';
import { completeTask, closeTask, taskStatus, taskWorkflow, type TaskState } from '../../workflows/task';
import { castVote, closeDecision, decisionStatus, decisionWorkflow, type DecisionState } from '../../workflows/decision';

/**
 * Generated schedules for the task and decision workflows: due dates in the past, present and
 * future, reminders and escalations on either side of them, work started late, and votes and
 * completions early, late or never. A batch runs its schedules side by side on one time-skipping
 * server, so a batch of twenty costs about as much simulated time as one.
 */

const H = 3_600_000;
/** People act on the half hour, timers fire on the hour: no action ties with a timer. */
const HALF = H / 2;
const DAY = 24 * H;
/** Every generated instant lies within this long after the batch starts. */
const HORIZON = 170 * DAY;

export interface GeneratedTask {
  kind: 'task';
  startAfterH: number;
  /** Due relative to the start: negative is a task started after its deadline. */
  dueH: number;
  remindersH: number[];
  escalationsH: number[];
  completeAfterH?: number;
}

export interface GeneratedDecision {
  kind: 'decision';
  startAfterH: number;
  dueH: number;
  remindersH: number[];
  escalationsH: number[];
  voters: number;
  rule: Rule;
  votes: { voter: number; afterH: number; choice: Choice }[];
}

export type Generated = GeneratedTask | GeneratedDecision;

const hours = (minDays: number, maxDays: number) => fc.integer({ min: minDays * 24, max: maxDays * 24 });
const timing = {
  startAfterH: hours(0, 60),
  dueH: fc.oneof(hours(-60, -1), fc.constant(0), fc.integer({ min: 1, max: 48 }), hours(1, 60)),
  remindersH: fc.array(hours(-20, 30), { maxLength: 4 }),
  escalationsH: fc.array(hours(0, 20), { maxLength: 3 }),
};

const task: fc.Arbitrary<GeneratedTask> = fc.record(
  { kind: fc.constant('task' as const), ...timing, completeAfterH: hours(0, 90) },
  { requiredKeys: ['kind', 'startAfterH', 'dueH', 'remindersH', 'escalationsH'] },
);

const decision: fc.Arbitrary<GeneratedDecision> = fc
  .record({
    kind: fc.constant('decision' as const),
    ...timing,
    voters: fc.integer({ min: 1, max: 7 }),
    rule: fc.oneof(
      fc.constant<Rule>({ kind: 'all' }),
      fc.constant<Rule>({ kind: 'majority' }),
      fc.integer({ min: 1, max: 7 }).map((quorum): Rule => ({ kind: 'quorum', quorum })),
    ),
    votes: fc.array(
      fc.record({ voter: fc.nat(6), afterH: hours(0, 90), choice: fc.constantFrom<Choice>('approve', 'reject', 'changes') }),
      { maxLength: 9 },
    ),
  })
  .map((d) => ({
    ...d,
    rule: d.rule.kind === 'quorum' ? { kind: 'quorum' as const, quorum: Math.min(d.rule.quorum, d.voters) } : d.rule,
    votes: d.votes.filter((v) => v.voter < d.voters),
  }));

export const batch = (size: number) => fc.array(fc.oneof(task, decision), { minLength: size, maxLength: size });

export interface Seats {
  worker: string;
  voters: string[];
  escalateTo: string[];
}

export async function seatsFor(db: Db): Promise<Seats> {
  const rows = await db.select({ id: t.seats.id, slug: t.seats.slug }).from(t.seats);
  const id = (slug: string) => rows.find((r) => r.slug === slug)!.id;
  return {
    worker: id('samordningsgrupp/polisen'),
    voters: rows
      .filter((r) => r.slug.startsWith('styrgrupp/'))
      .map((r) => r.id)
      .sort(),
    escalateTo: [id('samordningskoordinering/samordningskoordinator'), id('styrgrupp/lansstyrelsen')],
  };
}

interface Running {
  g: Generated;
  workflowId: string;
  startAt: number;
  schedule: Schedule;
  /** When the last successful action (completion, or the vote that was accepted last) happened. */
  acted: number[];
}

export interface BatchResult {
  failedWorkflowTasks: string[];
  problems: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function scheduleOf(g: Generated, start: number, seats: Seats): Schedule {
  const due = start + g.dueH * H;
  return {
    dueAt: iso(due),
    remindAt: [...new Set(g.remindersH.map((r) => iso(due + r * H)))].filter((at) => at !== iso(due)).sort(),
    escalations: [...new Set(g.escalationsH)]
      .sort((a, b) => a - b)
      .map((e, i) => ({ at: iso(due + e * H), level: i + 1, seatIds: [seats.escalateTo[i % 2]!] })),
  };
}

class Stuck extends Error {
  constructor(
    readonly workflowId: string,
    message: string,
    readonly sleeping: Promise<void>,
  ) {
    super(message);
  }
}

/**
 * Moves the clock. A workflow whose task fails holds the time-skipping server's clock, so the
 * sleep would never end: while it lasts, look for a failed workflow task once a second.
 */
async function sleepWatching(sim: { client: Client; sleep(ms: number): Promise<void> }, ms: number, started: Set<Running>): Promise<void> {
  let slept = false;
  const sleeping = sim.sleep(ms).then(() => {
    slept = true;
  });
  while (!slept) {
    await Promise.race([sleeping, delay(1_000)]);
    if (slept) break;
    for (const r of started) {
      const failure = await failedTask(sim.client, r.workflowId);
      if (failure) throw new Stuck(r.workflowId, failure, sleeping);
    }
  }
}

/** The message of the workflow's first failed workflow task, if any. */
async function failedTask(client: Client, workflowId: string): Promise<string | undefined> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const failed = history.events?.find((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  return failed ? (failed.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message') : undefined;
}

/** The workflow refused the action, or had already ended (the test server then finds no update). */
async function refused(client: Client, workflowId: string, err: unknown): Promise<boolean> {
  if (err instanceof WorkflowUpdateFailedError) return true;
  if (!(err instanceof WorkflowNotFoundError)) return false;
  const { status } = await client.workflow.getHandle(workflowId).describe();
  return status.name !== 'RUNNING';
}

/**
 * Runs one batch: starts each workflow at its instant, acts at each instant, moves the server's
 * clock past everything, checks what each workflow did, then closes what waits for a message and
 * reads every history for a failed workflow task.
 */
export async function runBatch(
  sim: { client: Client; db: Db; taskQueue: string; now(): Promise<number>; sleep(ms: number): Promise<void> },
  seats: Seats,
  generated: Generated[],
  name: string,
): Promise<BatchResult> {
  const t0 = Math.ceil((await sim.now()) / H) * H + H;
  const running: Running[] = generated.map((g, i) => {
    const startAt = t0 + g.startAfterH * H;
    return { g, workflowId: `${name}/${i}-${g.kind}`, startAt, schedule: scheduleOf(g, startAt, seats), acted: [] };
  });

  type Event = { at: number; order: number; run: () => Promise<void> };
  const events: Event[] = [];
  running.forEach((r, i) => {
    const { g } = r;
    events.push({
      at: r.startAt,
      order: i,
      run: async () => {
        if (g.kind === 'task') {
          await sim.client.workflow.start(taskWorkflow, {
            workflowId: r.workflowId,
            taskQueue: sim.taskQueue,
            args: [{ taskId: crypto.randomUUID(), seatId: seats.worker, title: `Uppgift ${i}`, schedule: r.schedule }],
          });
        } else {
          await sim.client.workflow.start(decisionWorkflow, {
            workflowId: r.workflowId,
            taskQueue: sim.taskQueue,
            args: [
              {
                decisionId: crypto.randomUUID(),
                bodySlug: 'styrgrupp',
                title: `Beslut ${i}`,
                question: 'Godkänns förslaget?',
                voterSeatIds: seats.voters.slice(0, g.voters),
                rule: g.rule,
                tie: 'changes_requested',
                showTally: true,
                schedule: r.schedule,
              },
            ],
          });
        }
      },
    });
    if (g.kind === 'task' && g.completeAfterH !== undefined) {
      const at = r.startAt + g.completeAfterH * H + HALF;
      events.push({
        at,
        order: 1000 + i,
        run: async () => {
          try {
            await sim.client.workflow
              .getHandle(r.workflowId)
              .executeUpdate(completeTask, { args: [{ report: 'Klart.', actor: { kind: 'coordinator' } }] });
            r.acted.push(at);
          } catch (err) {
            if (!(await refused(sim.client, r.workflowId, err))) throw err;
          }
        },
      });
    }
    if (g.kind === 'decision') {
      g.votes.forEach((v, k) => {
        const at = r.startAt + v.afterH * H + HALF;
        events.push({
          at,
          order: 2000 + i * 10 + k,
          run: async () => {
            try {
              const seatId = seats.voters[v.voter]!;
              await sim.client.workflow.getHandle(r.workflowId).executeUpdate(castVote, {
                args: [{ seatId, choice: v.choice, comment: v.choice === 'changes' ? 'Ändra.' : '', actor: { kind: 'coordinator' } }],
              });
              r.acted.push(at);
            } catch (err) {
              if (!(await refused(sim.client, r.workflowId, err))) throw err;
            }
          },
        });
      });
    }
  });
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  const started = new Set<Running>();
  try {
    for (const e of events) {
      const now = await sim.now();
      if (e.at > now) await sleepWatching(sim, e.at - now, started);
      await e.run();
      if (e.order < 1000) started.add(running[e.order]!);
    }
    await sleepWatching(sim, Math.max(t0 + HORIZON - (await sim.now()), 0), started);
  } catch (err) {
    if (!(err instanceof Stuck)) throw err;
    // A failing workflow task holds the test server's clock: end the batch's workflows to free it.
    for (const r of started)
      await sim.client.workflow
        .getHandle(r.workflowId)
        .terminate('stuck')
        .catch(() => undefined);
    await err.sleeping;
    return { failedWorkflowTasks: [`${err.workflowId}: ${err.message}`], problems: [] };
  }

  const problems: string[] = [];
  const says = (r: Running, what: string) => problems.push(`${r.workflowId} (${JSON.stringify(r.g)}): ${what}`);
  const notices = await sim.db
    .select({ key: t.mailOutbox.key, kind: t.mailOutbox.kind, scheduledAt: t.mailOutbox.scheduledAt })
    .from(t.mailOutbox)
    .where(like(t.mailOutbox.key, `${name}/%`));

  for (const r of running) {
    const handle = sim.client.workflow.getHandle(r.workflowId);
    const mine = notices.filter((n) => n.key.startsWith(`${r.workflowId}:`));
    for (const n of mine) {
      if (n.scheduledAt && n.scheduledAt.getTime() < r.startAt)
        says(r, `mail ${n.kind} dated ${n.scheduledAt.toISOString()}, before the start`);
    }
    const dueMs = Date.parse(r.schedule.dueAt);
    const late = dueMs <= r.startAt;
    const effective = late ? lateSchedule(r.schedule, new Date(r.startAt)) : r.schedule;
    for (const e of effective.escalations) if (Date.parse(e.at) <= r.startAt) says(r, `escalation at ${e.at} is not after the start`);
    // One notice goes to each of its seats: count notices, not rows.
    const kinds = [...new Map(mine.map((n) => [n.key.slice(0, n.key.lastIndexOf(':')), n.kind])).values()];
    const firstAct = r.acted.length ? Math.min(...r.acted) : Infinity;

    const failure = await failedTask(sim.client, r.workflowId);
    if (failure) {
      says(r, `workflow task failed: ${failure}`);
      continue;
    }
    if (r.g.kind === 'task') {
      const s: TaskState = await handle.query(taskStatus);
      const done = r.acted.length > 0;
      if (done !== (s.status === 'done')) says(r, `status ${s.status} but ${done ? 'completed' : 'never completed'}`);
      if (late) {
        if (kinds.filter((k) => k === 'late_task').length !== 1 || kinds.includes('task'))
          says(r, `started late, mails ${kinds.join(',')}`);
        if (!s.overdueSince) says(r, 'started late but not overdue');
      } else if (kinds.includes('late_task')) says(r, 'a late notice for a task started in time');
      if (!late && !done && !s.overdueSince) says(r, 'open past its due date but not overdue');
      const owed = effective.escalations.filter((e) => Date.parse(e.at) < firstAct && (late || Date.parse(e.at) > r.startAt));
      const expected = owed.length ? Math.max(...owed.map((e) => e.level)) : 0;
      if (s.escalationLevel !== expected) says(r, `escalation level ${s.escalationLevel}, expected ${expected}`);
      if (s.status === 'open') await handle.signal(closeTask, { status: 'cancelled', reason: 'Slut på simuleringen' });
    } else {
      const s: DecisionState = await handle.query(decisionStatus);
      if (late) {
        if (kinds.filter((k) => k === 'late_decision').length !== 1 || kinds.includes('decision_request'))
          says(r, `opened late, mails ${kinds.join(',')}`);
        if (!s.overdueSince) says(r, 'opened late but not overdue');
        if (s.closedBy === 'deadline') says(r, 'opened late and closed at a deadline already past');
        if (s.status === 'open' && s.votes.length === r.g.voters) says(r, 'everyone voted but it is still open');
      } else {
        if (kinds.includes('late_decision')) says(r, 'a late notice for a decision opened in time');
        if (s.status !== 'closed') says(r, `status ${s.status} after its deadline`);
      }
      if (s.status === 'open') await handle.signal(closeDecision, { reason: 'Slut på simuleringen' });
    }
  }

  // The closing signals are handled within the hour; then every workflow has ended.
  await sim.sleep(H);
  const failedWorkflowTasks: string[] = [];
  for (const r of running) {
    const failure = await failedTask(sim.client, r.workflowId);
    if (failure) failedWorkflowTasks.push(`${r.workflowId} (${JSON.stringify(r.g)}): ${failure}`);
    const { status } = await sim.client.workflow.getHandle(r.workflowId).describe();
    if (status.name !== 'COMPLETED') problems.push(`${r.workflowId} (${JSON.stringify(r.g)}): ${status.name} after it was closed`);
  }
  return { failedWorkflowTasks, problems };
}
