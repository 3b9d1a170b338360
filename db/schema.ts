import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AgendaItem } from '../core/meetings';
import type { ReportAnalysis, ReportDocument } from '../core/report';

const id = () => uuid('id').primaryKey().defaultRandom();
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => instant('created_at').notNull().defaultNow();
const updatedAt = () => instant('updated_at').notNull().defaultNow();
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

// ── The collaboration: parties, governance bodies, seats and who holds them ──
export const organisationKind = pgEnum('organisation_kind', [
  'state_agency', // statlig myndighet
  'region',
  'municipality', // kommun
  'municipal_association', // kommunförbund, e.g. Storsthlm
  'association',
  'other',
]);
export const participation = pgEnum('participation', ['party', 'reference']);

/** A party (samverkansaktör) or reference agency. */
export const organisations = pgTable('organisations', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  kind: organisationKind('kind').notNull(),
  participation: participation('participation').notNull().default('party'),
  joinedOn: date('joined_on'),
  leftOn: date('left_on'),
  createdAt: createdAt(),
});

export const bodyKind = pgEnum('body_kind', [
  'steering_group', // styrgrupp
  'coordination_group', // samordningsgrupp
  'coordination_office', // samordningskoordinering
  'working_group', // utskott / arbetsgrupp
]);

export const bodies = pgTable('bodies', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: bodyKind('kind').notNull(),
  description: text('description').notNull().default(''),
  /** The organisation that convenes the body (Länsstyrelsen convenes the styrgrupp). */
  convenorOrganisationId: uuid('convenor_organisation_id').references(() => organisations.id),
  /** Retired, not deleted: history refers to it, but it gets no new seats or work. */
  retiredOn: date('retired_on'),
  /** Folded into the body's calendar-feed key: a rotation raises it, and the old address stops. */
  feedKeyGeneration: integer('feed_key_generation').notNull().default(0),
  createdAt: createdAt(),
});

export const mandate = pgEnum('mandate', ['member', 'chair', 'convenor', 'coordinator', 'deputy']);

/** A function in a body, held for an organisation. Work goes to seats, not to persons. */
export const seats = pgTable(
  'seats',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    bodyId: uuid('body_id')
      .notNull()
      .references(() => bodies.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    mandate: mandate('mandate').notNull().default('member'),
    /** Retired, not deleted: past tasks and votes refer to it, but no new work goes to it. */
    retiredOn: date('retired_on'),
    /** Folded into the seat's calendar-feed key: a rotation raises it, and the old address stops. */
    feedKeyGeneration: integer('feed_key_generation').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('seats_body_idx').on(t.bodyId), index('seats_organisation_idx').on(t.organisationId)],
);

export const locale = pgEnum('locale', ['sv', 'en']);

/** The person on a seat for a period: name, role and work address only. */
export const holders = pgTable(
  'holders',
  {
    id: id(),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    locale: locale('locale').notNull().default('sv'),
    validFrom: date('valid_from').notNull(),
    /** Inclusive last day; null while the holder still sits. */
    validTo: date('valid_to'),
    emailInvalidAt: instant('email_invalid_at'),
    createdAt: createdAt(),
  },
  (t) => [index('holders_seat_idx').on(t.seatId, t.validFrom), uniqueIndex('holders_seat_from_uq').on(t.seatId, t.validFrom)],
);

// ── Strategy, action plan, measures, indicators ──
export const strategies = pgTable('strategies', {
  id: id(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  vision: text('vision').notNull().default(''),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  createdAt: createdAt(),
});

/** A regional goal of the strategy (målområde). */
export const goals = pgTable(
  'goals',
  {
    id: id(),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => strategies.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [uniqueIndex('goals_strategy_number_uq').on(t.strategyId, t.number)],
);

export const actionPlans = pgTable('action_plans', {
  id: id(),
  slug: text('slug').notNull().unique(),
  strategyId: uuid('strategy_id')
    .notNull()
    .references(() => strategies.id),
  title: text('title').notNull(),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  /** The plan this one was copied from, for a new period. */
  copiedFromId: uuid('copied_from_id'),
  /** Retired, not deleted: cycles of its years refer to it, but no cycle picks it any more. */
  retiredOn: date('retired_on'),
  createdAt: createdAt(),
});

/** A measure (åtgärd) of the action plan, owned by one or more parties. */
export const measures = pgTable(
  'measures',
  {
    id: id(),
    actionPlanId: uuid('action_plan_id')
      .notNull()
      .references(() => actionPlans.id),
    goalId: uuid('goal_id').references(() => goals.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    joint: boolean('joint').notNull().default(false),
    /** Marks illustrative measures shipped with the seed, not the real action plan's text. */
    example: boolean('example').notNull().default(false),
    /** Retired, not deleted: past tasks refer to it, but no new cycle assigns it. */
    retiredOn: date('retired_on'),
  },
  (t) => [uniqueIndex('measures_plan_code_uq').on(t.actionPlanId, t.code)],
);

export const measureOwners = pgTable(
  'measure_owners',
  {
    measureId: uuid('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The lead owner of a joint measure submits the shared task for all its owners. */
    lead: boolean('lead').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.organisationId] })],
);

export const indicatorLevel = pgEnum('indicator_level', ['regional', 'local']);

/** Which way a better year moves the indicator. */
export const indicatorDirection = pgEnum('indicator_direction', ['higher', 'lower']);
/** Kolada's gender codes: T total, K women (kvinnor), M men. */
export const indicatorGender = pgEnum('indicator_gender', ['T', 'K', 'M']);

export const indicators = pgTable('indicators', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  source: text('source').notNull(),
  unit: text('unit').notNull(),
  level: indicatorLevel('level').notNull(),
  goalId: uuid('goal_id').references(() => goals.id),
  measureId: uuid('measure_id').references(() => measures.id),
  direction: indicatorDirection('direction').notNull().default('higher'),
  /** The KPI id in Kolada, when the values come from there: an import of another KPI is refused. */
  koladaKpi: text('kolada_kpi'),
  /** The target, as "improved from the baseline year to the target year": all four or none. */
  baselineYear: integer('baseline_year'),
  baselineValue: doublePrecision('baseline_value'),
  targetYear: integer('target_year'),
  targetValue: doublePrecision('target_value'),
});

/** Aggregate values only: never data about individuals. */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    /** '01' for the county, a municipality's code such as '0180' for Stockholm. */
    area: text('area').notNull(),
    gender: indicatorGender('gender').notNull().default('T'),
    value: doublePrecision('value').notNull(),
    count: doublePrecision('count'),
    status: text('status'),
    /** Provenance: 'Kolada', 'CSV: <file name>' or 'manuell'; retrieved when, by which holder (null: the system). */
    source: text('source').notNull().default('manuell'),
    retrievedAt: instant('retrieved_at').notNull().defaultNow(),
    retrievedBy: uuid('retrieved_by').references(() => holders.id),
    recordedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.year, t.area, t.gender] })],
);

/** A value as it stood before an import or entry replaced it, with its provenance then. */
export const indicatorValueHistory = pgTable(
  'indicator_value_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    area: text('area').notNull(),
    gender: indicatorGender('gender').notNull(),
    value: doublePrecision('value').notNull(),
    count: doublePrecision('count'),
    status: text('status'),
    source: text('source').notNull(),
    retrievedAt: instant('retrieved_at').notNull(),
    retrievedBy: uuid('retrieved_by').references(() => holders.id),
    replacedAt: instant('replaced_at').notNull(),
  },
  (t) => [index('indicator_value_history_key_idx').on(t.indicatorId, t.year, t.area, t.gender)],
);

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

export const formSubmissionStatus = pgEnum('form_submission_status', ['draft', 'submitted', 'signed']);

export const formSubmissions = pgTable('form_submissions', {
  id: uuid('id').primaryKey(),
  workflowId: text('workflow_id').notNull().unique(),
  cycleId: text('cycle_id').references(() => cycles.id),
  stepKey: text('step_key'),
  seatId: uuid('seat_id')
    .notNull()
    .references(() => seats.id),
  data: jsonb('data')
    .notNull()
    .default(sql`'{}'::jsonb`),
  status: formSubmissionStatus('status').notNull().default('draft'),
  submittedAt: instant('submitted_at'),
  signedBySeatId: uuid('signed_by_seat_id').references(() => seats.id),
  signedByHolderId: uuid('signed_by_holder_id').references(() => holders.id),
  signedAt: instant('signed_at'),
  updatedAt: updatedAt(),
});

/**
 * The Regional lägesrapport of a cycle's `report` step: the coordinator's analysis as it is being
 * written (saved drafts), one row per cycle and step. Compiling it makes a numbered version.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    cycleId: text('cycle_id')
      .notNull()
      .references(() => cycles.id),
    stepKey: text('step_key').notNull(),
    title: text('title').notNull(),
    /** The analysis being written: see `ReportAnalysis` in core/report.ts. */
    analysis: jsonb('analysis')
      .$type<ReportAnalysis>()
      .notNull()
      .default(sql`'{"summary":"","overall":"","goals":{}}'::jsonb`),
    savedByHolderId: uuid('saved_by_holder_id').references(() => holders.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('reports_cycle_step_uq').on(t.cycleId, t.stepKey)],
);

/**
 * `compiling` while the worker assembles the document and renders its files; `compiled` is utkast
 * N; `approved` once the styrgrupp's decision approved it; `frozen` when handed off, after which no
 * column changes (a trigger refuses it): a correction is a new version that goes through approval.
 */
export const reportVersionStatus = pgEnum('report_version_status', ['compiling', 'compiled', 'failed', 'approved', 'frozen']);

export const reportVersions = pgTable(
  'report_versions',
  {
    id: uuid('id').primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    /** Utkast 1, 2, … */
    number: integer('number').notNull(),
    status: reportVersionStatus('status').notNull().default('compiling'),
    /** The analysis as it stood when this version was compiled. */
    analysis: jsonb('analysis').$type<ReportAnalysis>().notNull(),
    /** The whole compiled document, so a version reads the same whatever the records do later. */
    document: jsonb('document').$type<ReportDocument>(),
    /** Compilation's progress for the page: steps done of steps in all. */
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(3),
    failure: text('failure'),
    pdf: bytea('pdf'),
    docx: bytea('docx'),
    pdfSha256: text('pdf_sha256'),
    docxSha256: text('docx_sha256'),
    compiledByHolderId: uuid('compiled_by_holder_id').references(() => holders.id),
    compiledAt: instant('compiled_at'),
    /** The report task whose completion put this version forward for review and approval. */
    submittedTaskId: uuid('submitted_task_id').references(() => tasks.id),
    approvedByDecisionId: uuid('approved_by_decision_id').references(() => decisions.id),
    approvedAt: instant('approved_at'),
    frozenAt: instant('frozen_at'),
    /** Hand-off to Länsstyrelsen: the seat mailed and the receipt it gave through its link. */
    handedOffToSeatId: uuid('handed_off_to_seat_id').references(() => seats.id),
    handedOffAt: instant('handed_off_at'),
    receiptAt: instant('receipt_at'),
    receiptByHolderId: uuid('receipt_by_holder_id').references(() => holders.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('report_versions_number_uq').on(t.reportId, t.number)],
);

/** A review comment on one section of a version (`summary`, `overall`, `goal-3`, `sources`, …). */
export const reportComments = pgTable(
  'report_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    versionId: uuid('version_id')
      .notNull()
      .references(() => reportVersions.id),
    section: text('section').notNull(),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('report_comments_version_idx').on(t.versionId)],
);

export const followUpStatus = pgEnum('follow_up_status', ['not_started', 'ongoing', 'done', 'changed', 'cancelled']);

/**
 * A measure owner's follow-up on a measure-owner task (halvårsrapport, genomförande,
 * uppföljning): the status and evidence links beside the task's text and attachments. Saved with
 * the task's completion; its task's step and round say which follow-up it is.
 */
export const measureFollowUps = pgTable('measure_follow_ups', {
  taskId: uuid('task_id')
    .primaryKey()
    .references(() => tasks.id),
  measureId: uuid('measure_id')
    .notNull()
    .references(() => measures.id),
  status: followUpStatus('status').notNull(),
  links: jsonb('links')
    .$type<{ url: string; title?: string }[]>()
    .notNull()
    .default(sql`'[]'::jsonb`),
  holderId: uuid('holder_id').references(() => holders.id),
  updatedAt: updatedAt(),
});

// ── Mail, audit, links ──
/** `held`: kept in the outbox because no SMTP server is configured (local use). */
export const mailStatus = pgEnum('mail_status', ['pending', 'sent', 'failed', 'bounced', 'held']);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** workflow id + step + seat + kind + occurrence: a retried activity finds its row. */
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    /** When the process meant the mail to go (workflow time), as opposed to when it was written. */
    scheduledAt: instant('scheduled_at'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name').notNull().default(''),
    locale: locale('locale').notNull().default('sv'),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    ics: text('ics'),
    /** A report version whose PDF and Word files go with the mail, read when it is sent. */
    attachReportVersionId: uuid('attach_report_version_id').references(() => reportVersions.id),
    status: mailStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [index('mail_outbox_status_idx').on(t.status, t.createdAt)],
);

export const actorKind = pgEnum('actor_kind', ['system', 'coordinator', 'holder', 'link', 'api']);
/** Which way a person's action came in: a page's form, the JSON API, or a link in a mail. */
export const door = pgEnum('door', ['page', 'api', 'link']);

/** Append-only: who, what, when, from where. Never a token, never a mail body. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Set by workflow activities (workflow id + step) so a retry records nothing twice. */
    dedupeKey: text('dedupe_key').unique(),
    at: instant('at').notNull().defaultNow(),
    actorKind: actorKind('actor_kind').notNull(),
    actorSeatId: uuid('actor_seat_id').references(() => seats.id),
    actorHolderId: uuid('actor_holder_id').references(() => holders.id),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    /** Empty for what the system did by itself. */
    door: door('door'),
    ip: text('ip'),
    userAgentClass: text('user_agent_class'),
    detail: jsonb('detail')
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('audit_events_target_idx').on(t.targetKind, t.targetId, t.at)],
);

/**
 * Addresses in personal links that match no link, counted per day and (truncated) client address:
 * a probe is a number here, not one audit row per guess.
 */
export const linkProbes = pgTable(
  'link_probes',
  {
    day: date('day').notNull(),
    address: text('address').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.address] })],
);

/** A link in an e-mail: only the SHA-256 of the token is stored. */
export const linkTokens = pgTable(
  'link_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    action: text('action').notNull(),
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    supersededAt: instant('superseded_at'),
    result: jsonb('result'),
    createdAt: createdAt(),
  },
  (t) => [index('link_tokens_target_idx').on(t.targetKind, t.targetId)],
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

export type Organisation = typeof organisations.$inferSelect;
export type Body = typeof bodies.$inferSelect;
export type Seat = typeof seats.$inferSelect;
export type Strategy = typeof strategies.$inferSelect;
export type Goal = typeof goals.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorValue = typeof indicatorValues.$inferSelect;
export type ActionPlan = typeof actionPlans.$inferSelect;
export type Measure = typeof measures.$inferSelect;
export type Holder = typeof holders.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type CycleDefinitionRow = typeof cycleDefinitions.$inferSelect;
export type Cycle = typeof cycles.$inferSelect;
export type LinkToken = typeof linkTokens.$inferSelect;
export type MailRow = typeof mailOutbox.$inferSelect;
export type Meeting = typeof meetings.$inferSelect;
export type MeetingSeries = typeof meetingSeries.$inferSelect;
export type WorkflowProblem = typeof workflowProblems.$inferSelect;
export type StepOutput = typeof stepOutputs.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is kept, so a copy of
 * this table signs nobody in. A row ends when it is revoked or its `expires_at` passes.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The holder's work address: seats are looked up on each request, so a former holder holds none. */
    email: text('email').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('sessions_email_idx').on(t.email)],
);
export type Session = typeof sessions.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type ReportVersion = typeof reportVersions.$inferSelect;
export type ReportComment = typeof reportComments.$inferSelect;
export type MeasureFollowUp = typeof measureFollowUps.$inferSelect;
