import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ReportAnalysis, ReportDocument } from '../../core/report';
import { bytea, createdAt, instant, updatedAt } from './columns';
import { holders, measures, seats } from './register';
import { cycles, decisions, tasks } from './engine';

/** The Regional lägesrapport and the measure follow-up it is compiled from. */

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

export type Report = typeof reports.$inferSelect;
export type ReportVersion = typeof reportVersions.$inferSelect;
export type ReportComment = typeof reportComments.$inferSelect;
export type MeasureFollowUp = typeof measureFollowUps.$inferSelect;
