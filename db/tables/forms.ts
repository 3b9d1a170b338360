import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { FormValues } from '../../core/form-fields';
import { createdAt, instant, updatedAt } from './columns';
import { holders, organisations, seats } from './register';
import { cycles, decisions, tasks } from './engine';
import { door } from './messages';

/** Forms, signatures, funding as data, and what an approved one-off decision does. */

/**
 * Where a form stands: filled in (`draft`), waiting for the head's signature, signed and ready to
 * submit, or submitted (read-only). A reopened form keeps its submitted version and gets a new one.
 */
export const formState = pgEnum('form_state', ['draft', 'awaiting_signature', 'signed', 'submitted', 'superseded']);

/**
 * One seat's form of a cycle's form step, one row per version. Version 1 is made when the seat
 * first opens it (pre-filled from an earlier year when the step says so); a reopening by the
 * receiving body's decision makes version N+1 from version N, and version N becomes `superseded`.
 */
export const formInstances = pgTable(
  'form_instances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cycleId: text('cycle_id')
      .notNull()
      .references(() => cycles.id),
    stepKey: text('step_key').notNull(),
    /** The seat that fills it in (the task's lead); co-owners of the task may edit too. */
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    /** The open task whose completion is this version's submission. */
    taskId: uuid('task_id').references(() => tasks.id),
    version: integer('version').notNull().default(1),
    state: formState('state').notNull().default('draft'),
    values: jsonb('values')
      .$type<FormValues>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The version this one was pre-filled from: an earlier year's submission, or the reopened one. */
    prefilledFromId: uuid('prefilled_from_id'),
    /** SHA-256 (hex) of the canonical JSON of the fields and values, set when sent for signature. */
    contentSha256: text('content_sha256'),
    /** The receiving body's decision that reopened the version before this one. */
    reopenedByDecisionId: uuid('reopened_by_decision_id').references(() => decisions.id),
    savedByHolderId: uuid('saved_by_holder_id').references(() => holders.id),
    submittedAt: instant('submitted_at'),
    submittedByHolderId: uuid('submitted_by_holder_id').references(() => holders.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('form_instances_version_uq').on(t.cycleId, t.stepKey, t.seatId, t.version),
    index('form_instances_task_idx').on(t.taskId),
  ],
);

/** Who changed what: one row per field changed by a save, with the value before and after. */
export const formChanges = pgTable(
  'form_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    formId: uuid('form_id')
      .notNull()
      .references(() => formInstances.id),
    /** The field's path, `contacts.1.email` for a group row's field. */
    path: text('path').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    seatId: uuid('seat_id').references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    door: door('door').notNull().default('page'),
    at: createdAt(),
  },
  (t) => [index('form_changes_form_idx').on(t.formId, t.at)],
);

export const signatureOutcome = pgEnum('signature_outcome', ['signed', 'refused']);

/**
 * A named seat's signature of a content, or its refusal with a reason. The subject is a form
 * version (`form_id`) or a signature step's task (`task_id`); `content_sha256` is the hash of
 * exactly what the signer was shown.
 */
export const signatures = pgTable(
  'signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    formId: uuid('form_id').references(() => formInstances.id),
    taskId: uuid('task_id').references(() => tasks.id),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    holderId: uuid('holder_id').references(() => holders.id),
    outcome: signatureOutcome('outcome').notNull(),
    reason: text('reason'),
    contentSha256: text('content_sha256').notNull(),
    door: door('door').notNull().default('link'),
    at: createdAt(),
  },
  (t) => [index('signatures_form_idx').on(t.formId), index('signatures_task_idx').on(t.taskId)],
);

/**
 * Money a programme grants an organisation for a year, held as data rather than in code or the
 * definition: SKR's kvinnofrid programme grants each county's RSS an amount per year.
 */
export const fundingAmounts = pgTable(
  'funding_amounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The definition key of the programme's cycle, e.g. `skr-rss`. */
    programme: text('programme').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    amountSek: integer('amount_sek').notNull(),
    example: boolean('example').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('funding_amounts_uq').on(t.programme, t.organisationId, t.year)],
);

/**
 * What a one-off decision does when it is approved: set up a body in the register, or reopen a
 * submitted form as a new version. Written before the decision starts; applied once, by the
 * activity that records the decision's close.
 */
export const decisionEffects = pgTable('decision_effects', {
  decisionId: uuid('decision_id').primaryKey(),
  effect: jsonb('effect').$type<DecisionEffect>().notNull(),
  appliedAt: instant('applied_at'),
  /** What applying it made: the new body's id, or the new form version's id. */
  result: jsonb('result'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type DecisionEffect =
  | { kind: 'none' }
  | { kind: 'createBody'; slug: string; name: string; description: string; convenorOrganisationId?: string }
  | { kind: 'reopenForm'; formId: string };
