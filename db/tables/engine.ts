import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AgendaItem } from '../../core/meetings';
import { bytea, createdAt, id, instant, updatedAt } from './columns';
import { bodies, holders, measures, organisations, seats } from './register';

/** What the engine records of a cycle: its definition, tasks, decisions, meetings, forms, what steps produced, and what is broken. */

// ── Cycles and their projections ──
export const cycleDefinitions = pgTable(
  'cycle_definitions',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cycle_definitions_key_version_uq').on(t.key, t.version)],
);

export const cycleStatus = pgEnum('cycle_status', ['running', 'completed', 'cancelled', 'failed']);

/** One run of a definition for a year; the id is the workflow id `cycle/<key>/<year>`. */
export const cycles = pgTable(
  'cycles',
  {
    id: text('id').primaryKey(),
    definitionId: uuid('definition_id')
      .notNull()
      .references(() => cycleDefinitions.id),
    year: integer('year').notNull(),
    status: cycleStatus('status').notNull().default('running'),
    currentPhase: text('current_phase'),
    /** The resolved year plan the workflow received at start. */
    plan: jsonb('plan'),
    /** Status of every step, as the cycle workflow last reported it. */
    steps: jsonb('steps'),
    startedAt: createdAt(),
    closedAt: instant('closed_at'),
    closeReason: text('close_reason'),
    updatedAt: updatedAt(),
  },
  (t) => [index('cycles_year_idx').on(t.year)],
);

export const taskStatus = pgEnum('task_status', ['open', 'done', 'cancelled', 'skipped']);

/** Projection of a taskWorkflow; `workflow_id` makes every upsert idempotent. */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey(),
    workflowId: text('workflow_id').notNull().unique(),
    cycleId: text('cycle_id').references(() => cycles.id),
    stepKey: text('step_key'),
    round: integer('round').notNull().default(1),
    kind: text('kind').notNull().default('tasks'),
    measureId: uuid('measure_id').references(() => measures.id),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    title: text('title').notNull(),
    instructions: text('instructions').notNull().default(''),
    status: taskStatus('status').notNull().default('open'),
    dueAt: instant('due_at').notNull(),
    overdueSince: instant('overdue_since'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    completedAt: instant('completed_at'),
    completedByHolderId: uuid('completed_by_holder_id').references(() => holders.id),
    report: text('report'),
    attachments: jsonb('attachments').$type<{ name: string; url?: string; size?: number }[]>(),
    /** A shared task's other owners' seats; `seat_id` is the lead owner, who completes it. */
    coSeatIds: jsonb('co_seat_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The step outputs this task shows, as they stood when its step started. */
    shownOutputIds: jsonb('shown_output_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tasks_cycle_idx').on(t.cycleId),
    index('tasks_seat_idx').on(t.seatId, t.status),
    index('tasks_due_idx').on(t.status, t.dueAt),
  ],
);

export const decisionStatus = pgEnum('decision_status', ['open', 'closed', 'cancelled']);
export const decisionOutcome = pgEnum('decision_outcome', ['approved', 'rejected', 'changes_requested']);
export const voteChoice = pgEnum('vote_choice', ['approve', 'reject', 'changes']);

export const decisions = pgTable(
  'decisions',
  {
    id: uuid('id').primaryKey(),
    workflowId: text('workflow_id').notNull().unique(),
    cycleId: text('cycle_id').references(() => cycles.id),
    stepKey: text('step_key'),
    round: integer('round').notNull().default(1),
    bodyId: uuid('body_id')
      .notNull()
      .references(() => bodies.id),
    title: text('title').notNull().default(''),
    question: text('question').notNull(),
    rule: jsonb('rule').notNull(),
    voterSeatIds: jsonb('voter_seat_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Whether the body's members see who voted what, and the tally while it is open (docs/permissions.md). */
    showTally: boolean('show_tally').notNull().default(true),
    status: decisionStatus('status').notNull().default('open'),
    outcome: decisionOutcome('outcome'),
    dueAt: instant('due_at').notNull(),
    closedAt: instant('closed_at'),
    closedBy: text('closed_by'),
    /** The step outputs the voters see, as they stood when the decision opened. */
    shownOutputIds: jsonb('shown_output_ids')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** A decision over a list: the measures put forward (from the proposal's output). */
    candidateMeasureIds: jsonb('candidate_measure_ids').$type<string[]>(),
    /** The outcome of a decision over a list: the measures decided; later steps target them. */
    selectedMeasureIds: jsonb('selected_measure_ids').$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('decisions_cycle_idx').on(t.cycleId)],
);

/** One vote per seat, changeable until the decision closes. */
export const votes = pgTable(
  'votes',
  {
    decisionId: uuid('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    choice: voteChoice('choice').notNull(),
    comment: text('comment').notNull().default(''),
    /** A vote over a list: the measures this voter approves, and comments per measure. */
    approvedMeasureIds: jsonb('approved_measure_ids').$type<string[]>(),
    itemComments: jsonb('item_comments')
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    castAt: instant('cast_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.seatId] })],
);

export const meetingStatus = pgEnum('meeting_status', ['planned', 'held', 'cancelled']);

/** A body's meeting series: one workflow per body (`meetings/<body>`), running for years. */
export const meetingSeries = pgTable('meeting_series', {
  /** The series workflow id. */
  id: text('id').primaryKey(),
  bodyId: uuid('body_id')
    .notNull()
    .references(() => bodies.id)
    .unique(),
  title: text('title').notNull(),
  hosting: text('hosting').notNull().default('rotating'),
  /** Rotation order (organisation slugs), who has hosted in the current round, rounds done. */
  rotation: jsonb('rotation')
    .$type<{ order: string[]; done: string[]; round: number; members: { org: string; from?: string; to?: string }[] }>()
    .notNull(),
  nextHostOrganisationId: uuid('next_host_organisation_id').references(() => organisations.id),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey(),
    /** Idempotency key: series workflow id + meeting number. */
    key: text('key').notNull().unique(),
    bodyId: uuid('body_id')
      .notNull()
      .references(() => bodies.id),
    cycleId: text('cycle_id').references(() => cycles.id),
    seriesId: text('series_id').references(() => meetingSeries.id),
    number: integer('number'),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    hostOrganisationId: uuid('host_organisation_id').references(() => organisations.id),
    /** The host was fixed by a swap rather than by the rotation. */
    hostPinned: boolean('host_pinned').notNull().default(false),
    /** Parties passed over for this meeting, with the coordinator's reason. */
    skips: jsonb('skips')
      .$type<{ org: string; reason: string; at: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    location: text('location').notNull().default(''),
    status: meetingStatus('status').notNull().default('planned'),
    /** iCalendar SEQUENCE: raised on every change sent to invitees. */
    sequence: integer('sequence').notNull().default(0),
    agenda: jsonb('agenda')
      .$type<AgendaItem[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    noticeAt: instant('notice_at'),
    noticeSentAt: instant('notice_sent_at'),
    hostReminderAt: instant('host_reminder_at'),
    hostRemindedAt: instant('host_reminded_at'),
    minutesWorkflowId: text('minutes_workflow_id'),
    minutesDueAt: instant('minutes_due_at'),
    minutes: text('minutes'),
    minutesPublishedAt: instant('minutes_published_at'),
    cancelReason: text('cancel_reason'),
    updatedAt: updatedAt(),
  },
  (t) => [index('meetings_body_idx').on(t.bodyId, t.startsAt), index('meetings_series_idx').on(t.seriesId, t.startsAt)],
);

// ── Work that travels: what a step produced, and what later steps show ──

/**
 * What a step produced: a text and structured choices (the measures a proposal puts forward),
 * with its files in `attachments`. One row per producing task and round, so a step run again
 * after "ask for changes" makes version 2 beside version 1. Later steps name the outputs they
 * show (`shows` in the definition); the ids as they stood when that step started are kept on its
 * task or decision (`shown_output_ids`), so a page shows what the voter was asked about.
 */
export const stepOutputs = pgTable(
  'step_outputs',
  {
    id: uuid('id').primaryKey(),
    cycleId: text('cycle_id')
      .notNull()
      .references(() => cycles.id),
    stepKey: text('step_key').notNull(),
    /** 1 for the first round's output, 2 after the first "ask for changes", … */
    version: integer('version').notNull(),
    /** The task whose completion produced it; its workflow id keys the idempotent upsert. */
    taskId: uuid('task_id').references(() => tasks.id),
    workflowId: text('workflow_id').notNull().unique(),
    measureId: uuid('measure_id').references(() => measures.id),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    text: text('text').notNull().default(''),
    /** Structured choices, e.g. `{ measureIds: [...] }` for a proposal of measures. */
    choices: jsonb('choices')
      .$type<{ measureIds?: string[] }>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [index('step_outputs_cycle_step_idx').on(t.cycleId, t.stepKey, t.version)],
);

/**
 * A file uploaded with a task (before it is completed) and so part of the step output its
 * completion produces. Stored in PostgreSQL (`data`) or, when a directory is configured, as a
 * file there (`path`); `sha256` names the content either way.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    outputId: uuid('output_id').references(() => stepOutputs.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data'),
    path: text('path'),
    uploadedBySeatId: uuid('uploaded_by_seat_id').references(() => seats.id),
    uploadedByHolderId: uuid('uploaded_by_holder_id').references(() => holders.id),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_task_idx').on(t.taskId), index('attachments_output_idx').on(t.outputId)],
);

/**
 * One owner's part of a shared task (a joint measure has one task for all its owners): each
 * co-owner writes their part; the lead owner's completion closes the task with every part in it.
 */
export const taskParts = pgTable(
  'task_parts',
  {
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    text: text('text').notNull().default(''),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.seatId] })],
);

// ── What is broken: read from Temporal by the worker, shown on the dashboard ──
/** `workflow_task`: the workflow's code fails (Temporal retries it, nothing moves); `activity`: a side effect keeps failing. */
export const problemKind = pgEnum('problem_kind', ['workflow_task', 'activity']);

/**
 * A workflow that needs the coordinator: one row per workflow, kind and activity, updated on
 * every failure seen, resolved when the workflow moves again. Pages read this, never Temporal.
 */
export const workflowProblems = pgTable(
  'workflow_problems',
  {
    id: id(),
    workflowId: text('workflow_id').notNull(),
    workflowType: text('workflow_type').notNull(),
    /** `cycle/<definition>/<year>` for the cycle's own workflows; null for meeting series and ad hoc tasks. */
    cycleId: text('cycle_id'),
    kind: problemKind('kind').notNull(),
    /** The failing activity's name; empty for a failed workflow task. */
    activity: text('activity').notNull().default(''),
    /** The last error, as Temporal reported it. */
    reason: text('reason').notNull(),
    attempts: integer('attempts').notNull().default(1),
    firstSeenAt: instant('first_seen_at').notNull().defaultNow(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    uniqueIndex('workflow_problems_uq').on(t.workflowId, t.kind, t.activity),
    index('workflow_problems_cycle_idx').on(t.cycleId, t.resolvedAt),
  ],
);

export type Task = typeof tasks.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type CycleDefinitionRow = typeof cycleDefinitions.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type MeetingSeries = typeof meetingSeries.$inferSelect;
export type WorkflowProblem = typeof workflowProblems.$inferSelect;
export type StepOutput = typeof stepOutputs.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
