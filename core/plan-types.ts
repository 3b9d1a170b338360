import type { Outcome, ReminderPolicy } from './definition';
import type { MeetingPolicy } from './meetings';
import type { ResolvedEscalation, Schedule } from './schedule';

/** The shapes of a year plan (core/plan.ts resolves one): what the preview shows and the cycle workflow receives. */

export interface DirectorySeat {
  id: string;
  slug: string;
  bodySlug: string;
  organisationSlug: string;
  organisationName: string;
  mandate: string;
  title: string;
}

export interface DirectoryMeasure {
  id: string;
  code: string;
  title: string;
  actionPlanSlug: string;
  /** Owner organisations' slugs, the lead owner of a joint measure first. */
  owners: string[];
}

export interface Directory {
  seats: DirectorySeat[];
  measures: DirectoryMeasure[];
  actionPlans: string[];
}

export interface Assignment {
  seatId: string;
  seatSlug: string;
  measure?: { id: string; code: string; title: string };
  /** A joint measure's other owners' seats: one shared task, `seatId` (the lead) submits it. */
  coSeatIds?: string[];
}

export interface PlannedDecision {
  bodySlug: string;
  voterSeatIds: string[];
  question: string;
  rule: { kind: 'all' } | { kind: 'majority' } | { kind: 'quorum'; quorum: number };
  tie: Outcome;
  showTally: boolean;
  onChanges?: { goTo: string; windowDays: number };
  onReject: 'end' | { goTo: string; windowDays: number };
  /** Decided at this body's meeting: the cycle puts it on that meeting's agenda. */
  atMeeting?: { bodySlug: string; startsAt: string };
  /** Decides over the measures the latest output of this step proposed; approved, it selects some. */
  over?: string;
}

/** A meetings step: the body's series, and this year's dates for the preview. */
export interface PlannedMeetings {
  bodySlug: string;
  title: string;
  policy: MeetingPolicy;
  dates: { startsAt: string; endsAt: string }[];
}

export interface PlannedStep {
  key: string;
  /** Recorded as skipped when the cycle starts (a late start at a later phase); never run. */
  skipped?: { reason: string };
  /** A deadline given a new date at a late start: what it was. */
  redatedFrom?: string;
  phaseKey: string;
  kind: 'tasks' | 'report' | 'handoff' | 'decision' | 'form' | 'signature' | 'meetings';
  title: string;
  instructions: string;
  concurrent: boolean;
  due: string;
  /** Fixed dates resolve now; `start+Nd` resolves when the step starts. */
  schedule?: Schedule;
  afterStartDays?: number;
  /** For relative steps: the schedule if the step started when the steps before it fall due. */
  earliest?: Schedule;
  reminders: ReminderPolicy;
  escalation: ResolvedEscalation[];
  assignments: Assignment[];
  recipient?: string;
  decision?: PlannedDecision;
  meetings?: PlannedMeetings;
  /** Earlier steps whose latest outputs this step's work shows, fixed when it starts. */
  shows?: string[];
  /** Completing its task chooses candidate measures among these (one action plan's measures). */
  proposes?: { actionPlan: string; measureIds: string[] };
  /**
   * Its assignees are the owners of the measures the decision `stepKey` selected, resolved when
   * the step starts; `assignments` is empty until then. Without a selection (the decision was
   * skipped at a late start), every measure of `actionPlan`.
   */
  measuresOf?: { stepKey: string; title: string; actionPlan: string; via: string };
}

export interface YearPlan {
  cycleId: string;
  definitionKey: string;
  definitionName: string;
  year: number;
  /** How a year whose dates had partly passed was started. */
  lateStart?: LateStart & { at: string };
  phases: { key: string; title: string; reviewAt?: string; steps: PlannedStep[] }[];
}

/**
 * A year started after some of its dates: begin at a later phase (the steps before it are
 * recorded as skipped, with the reason), or give every deadline before `days` days from today a
 * new date on that day.
 */
export type LateStart = { mode: 'fromPhase'; phase: string; reason: string } | { mode: 'redate'; days: number };

/** A step with dates before the start: its deadline (when that has passed), reminders and escalations. */
export interface PassedStep {
  stepKey: string;
  phaseKey: string;
  title: string;
  dueAt?: string;
  remindAt: string[];
  escalations: string[];
}

/** What can be wrong with a definition for a year, as keys of the i18n catalogues: the caller words them. */
export type PlanIssueKey =
  | 'def.emptyBody'
  | 'def.noMeetings'
  | 'def.noOwnerSeat'
  | 'def.quorumTooLarge'
  | 'def.unknownActionPlan'
  | 'def.unknownBody'
  | 'def.unknownSeat'
  | 'def.unsupportedKind'
  | 'late.stepPassed'
  | 'late.unknownPhase';

export interface PlanIssue {
  path: string;
  key: PlanIssueKey;
  args: Record<string, string | number>;
}
