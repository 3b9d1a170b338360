import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { ReportAnalysis } from '../../core/report';

/** The lägesrapport's records as the editor, the diff and the review comments read and write them. */

export { goalsOfCycle } from './report-records';

export const findReport = async (db: Db, cycleId: string, stepKey: string) =>
  (
    await db
      .select()
      .from(t.reports)
      .where(and(eq(t.reports.cycleId, cycleId), eq(t.reports.stepKey, stepKey)))
  )[0];

/** Saves the draft, creating the cycle's report on its first save. */
export async function saveDraft(
  db: Db,
  row: { cycleId: string; stepKey: string; title: string; analysis: ReportAnalysis; holderId: string | null; at: Date },
): Promise<t.Report> {
  const values = { analysis: row.analysis, savedByHolderId: row.holderId, updatedAt: row.at };
  const [saved] = await db
    .insert(t.reports)
    .values({ id: randomUUID(), cycleId: row.cycleId, stepKey: row.stepKey, title: row.title, ...values })
    .onConflictDoUpdate({ target: [t.reports.cycleId, t.reports.stepKey], set: values })
    .returning();
  return saved!;
}

export const holderName = async (db: Db, id: string | null) =>
  id ? ((await db.select({ name: t.holders.name }).from(t.holders).where(eq(t.holders.id, id)))[0]?.name ?? null) : null;

/** A report's versions, newest first, with who compiled each; the files themselves stay in the database. */
export function versionsOf(db: Db, reportId: string) {
  return db
    .select({
      id: t.reportVersions.id,
      number: t.reportVersions.number,
      status: t.reportVersions.status,
      compiledAt: t.reportVersions.compiledAt,
      compiledBy: t.holders.name,
      hasPdf: t.reportVersions.pdfSha256,
      hasDocx: t.reportVersions.docxSha256,
    })
    .from(t.reportVersions)
    .leftJoin(t.holders, eq(t.holders.id, t.reportVersions.compiledByHolderId))
    .where(eq(t.reportVersions.reportId, reportId))
    .orderBy(desc(t.reportVersions.number));
}
export type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

export const versionByNumber = async (db: Db, reportId: string, number: number) =>
  (
    await db
      .select()
      .from(t.reportVersions)
      .where(and(eq(t.reportVersions.reportId, reportId), eq(t.reportVersions.number, number)))
  )[0];

/** A version's review comments in the order they were made, with who made them and in which seat. */
export function commentsOf(db: Db, versionId: string) {
  return db
    .select({
      id: t.reportComments.id,
      section: t.reportComments.section,
      text: t.reportComments.text,
      at: t.reportComments.createdAt,
      holderName: t.holders.name,
      seatTitle: t.seats.title,
      organisationName: t.organisations.name,
    })
    .from(t.reportComments)
    .leftJoin(t.holders, eq(t.holders.id, t.reportComments.holderId))
    .leftJoin(t.seats, eq(t.seats.id, t.reportComments.seatId))
    .leftJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(eq(t.reportComments.versionId, versionId))
    .orderBy(asc(t.reportComments.createdAt), asc(t.reportComments.id));
}
export type CommentRow = Awaited<ReturnType<typeof commentsOf>>[number];

export const insertComment = async (
  db: Db,
  row: { versionId: string; section: string; seatId: string | null; holderId: string | null; text: string; at: Date },
) =>
  (
    await db
      .insert(t.reportComments)
      .values({
        versionId: row.versionId,
        section: row.section,
        seatId: row.seatId,
        holderId: row.holderId,
        text: row.text,
        createdAt: row.at,
      })
      .returning()
  )[0]!;
