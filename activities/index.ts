import type { Db } from '../db/client';
import { prepareCycle } from '../db/queries/cycles';
import { deadlinesPassed } from '../core/plan';
import { type PlannedStep } from '../core/plan-types';
import { lateSchedule, resolveDue, scheduleFor, type Schedule } from '../core/schedule';
import { DAY_MS, toLocal } from '../core/time';
import {
  recordCycle,
  recordDecision,
  recordTask,
  type RecordCycleInput,
  type RecordDecisionInput,
  type RecordTaskInput,
} from './projections';
import { writeNotice, type Notice } from './notices';
import { deliverNotice, type DeliveryResult } from './delivery';
import { handOver } from './handover';
import type { Mailer } from './mailer';
import type { CycleInput } from '../workflows/cycle';
import type { HandoverResult } from '../workflows/handover';
import { meetingTimes, planMeetingYear, type MeetingPolicy, type MeetingTimes } from '../core/meetings';
import { meetingBody, minutesOf, recordMeetings, type MeetingBody, type RecordMeetingsInput } from './meetings';
import { selectedMeasureAssignments, stepInputs, type StepInputs } from './outputs';
import type { Assignment } from '../core/plan-types';
import { reportActivities } from './report';

export interface ActivityDeps {
  db: Db;
  /** Base of links in mail. */
  publicUrl: string;
  mailer: Mailer;
  mailFrom: string;
}

/** Side effects the workflows ask for; the worker builds them once with real dependencies. */
export function createActivities({ db, publicUrl, mailer, mailFrom }: ActivityDeps) {
  return {
    ...reportActivities(db),
    async recordTask(input: RecordTaskInput): Promise<void> {
      await recordTask(db, publicUrl, input);
    },
    async recordDecision(input: RecordDecisionInput): Promise<void> {
      const notices = await recordDecision(db, publicUrl, input);
      // Mail an applied effect wrote (a reopened form's) goes now; if SMTP is away, the outbox sweep sends it later.
      for (const key of notices) await deliverNotice(db, mailer, mailFrom, key).catch(() => undefined);
    },
    async recordCycle(input: RecordCycleInput): Promise<void> {
      await recordCycle(db, input);
    },
    /** The one door for every notice (task, reminder, escalation, decision request, outcome). */
    async notify(notice: Notice): Promise<number> {
      return writeNotice(db, publicUrl, notice, mailFrom);
    },
    /** The one mail to a seat's new holder listing all the seat owes; sent by `deliver`. */
    async handOver(args: { key: string; seatId: string; holderId: string; at: string }): Promise<HandoverResult> {
      return handOver(db, publicUrl, args);
    },
    /** Sends a written notice's unsent mail; SMTP failures throw, so Temporal retries. */
    async deliver(args: { noticeKey: string }): Promise<DeliveryResult> {
      return deliverNotice(db, mailer, mailFrom, args.noticeKey);
    },
    /**
     * Dates of a step that starts now: `start+Nd` steps, and steps run again after "changes",
     * which get at least their window. Calendar arithmetic stays out of the workflow.
     */
    async scheduleStep(args: { step: PlannedStep; startAt: string; windowDays?: number }): Promise<Schedule> {
      const start = new Date(args.startAt);
      const { step } = args;
      let due = step.afterStartDays !== undefined ? resolveDue(step.due, toLocal(start).year, start)! : new Date(step.schedule!.dueAt);
      if (args.windowDays !== undefined) {
        const earliest = resolveDue(`start+${args.windowDays}d`, 0, start)!;
        if (earliest > due) due = earliest;
      }
      if (due.getTime() <= start.getTime()) due = new Date(start.getTime() + DAY_MS);
      return scheduleFor(due, step.reminders, step.escalation);
    },
    /** What a starting step shows and, for a decision over a list, its candidates: ids only. */
    async stepInputs(args: { cycleId: string; shows: string[]; over?: string }): Promise<StepInputs> {
      return stepInputs(db, args);
    },
    /** A step about the measures a decision selected: its tasks, resolved as it starts. */
    async measureAssignments(args: { measureIds: string[] | null; actionPlan: string; via: string }): Promise<Assignment[]> {
      return selectedMeasureAssignments(db, args);
    },
    /** Work that starts after its due date: escalations counted from its start, nothing in the past. */
    async lateSchedule(args: { schedule: Schedule; startAt: string }): Promise<Schedule> {
      return lateSchedule(args.schedule, new Date(args.startAt));
    },
    /** A body's seats and the organisations that take turns hosting its meetings. */
    async meetingBody(args: { bodySlug: string; hostMandates: string[]; at: string }): Promise<MeetingBody> {
      return meetingBody(db, args);
    },
    /** A year of a body's meetings with every instant around them (Stockholm calendar). */
    async planMeetingYear(args: { policy: MeetingPolicy; year: number }): Promise<MeetingTimes[]> {
      return planMeetingYear(args.policy, args.year);
    },
    /** The instants around a meeting that moved. */
    async meetingTimes(args: { policy: MeetingPolicy; startsAt: string; endsAt: string }): Promise<MeetingTimes> {
      return meetingTimes(new Date(args.startsAt), new Date(args.endsAt), args.policy);
    },
    async recordMeetings(input: RecordMeetingsInput): Promise<void> {
      await recordMeetings(db, input);
    },
    async minutesOf(args: { workflowId: string }): Promise<{ status: string; report: string | null } | null> {
      return (await minutesOf(db, args.workflowId)) ?? null;
    },
    /** For a definition's yearly Schedule: this year's plan from the latest version. */
    async prepareScheduledCycle(args: {
      definitionKey: string;
      at: string;
      year?: number;
    }): Promise<{ ok: true; input: CycleInput } | { ok: false; problems: string[] }> {
      const at = new Date(args.at);
      const prepared = await prepareCycle(db, { definitionKey: args.definitionKey, year: args.year ?? toLocal(at).year, startAt: at });
      // A Schedule has nobody to choose how a late year starts: the coordinator starts it from the preview.
      if (prepared.ok && deadlinesPassed(prepared.passed)) return { ok: false, problems: ['start: late.choiceNeeded'] };
      if (prepared.ok) return { ok: true, input: prepared.input };
      return {
        ok: false,
        problems:
          prepared.reason === 'unknownDefinition'
            ? [`unknown definition ${args.definitionKey}`]
            : prepared.issues.map((i) => `${i.path}: ${i.key}`),
      };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
