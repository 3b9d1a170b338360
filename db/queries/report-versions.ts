import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { emptyAnalysis } from '../../core/report';

/**
 * A cycle's report and its numbered versions: utkast 1, 2, … Each version copies the analysis as
 * it stood, and the worker fills in its document, files and hashes while the page shows progress.
 */

/** The report of a cycle's report step, made with an empty analysis the first time it is asked for. */
export async function reportOf(db: Db, cycleId: string, stepKey: string, title: string): Promise<t.Report> {
  await db
    .insert(t.reports)
    .values({ id: randomUUID(), cycleId, stepKey, title, analysis: emptyAnalysis() })
    .onConflictDoNothing({ target: [t.reports.cycleId, t.reports.stepKey] });
  const [row] = await db
    .select()
    .from(t.reports)
    .where(and(eq(t.reports.cycleId, cycleId), eq(t.reports.stepKey, stepKey)));
  return row!;
}

/** The next version of a report, from its draft as it stands; the unique number refuses a second one racing it. */
export async function addVersion(db: Db, report: t.Report, compiledByHolderId: string | null): Promise<t.ReportVersion> {
  return db.transaction(async (tx) => {
    const [{ last } = { last: null }] = await tx
      .select({ last: max(t.reportVersions.number) })
      .from(t.reportVersions)
      .where(eq(t.reportVersions.reportId, report.id));
    const [row] = await tx
      .insert(t.reportVersions)
      .values({ id: randomUUID(), reportId: report.id, number: (last ?? 0) + 1, analysis: report.analysis, compiledByHolderId })
      .returning();
    return row!;
  });
}

/** A version by its number, with the cycle its report belongs to. */
export async function versionByNumber(db: Db, cycleId: string, number: number) {
  const [row] = await db
    .select({ version: t.reportVersions, report: t.reports })
    .from(t.reportVersions)
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(and(eq(t.reports.cycleId, cycleId), eq(t.reportVersions.number, number)))
    .orderBy(desc(t.reports.createdAt));
  return row;
}

export async function versionById(db: Db, id: string) {
  const [row] = await db
    .select({ version: t.reportVersions, report: t.reports })
    .from(t.reportVersions)
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(eq(t.reportVersions.id, id));
  return row;
}

export const updateVersion = (db: Db, id: string, values: Partial<typeof t.reportVersions.$inferInsert>) =>
  db.update(t.reportVersions).set(values).where(eq(t.reportVersions.id, id));

/** The ids of the bodies with these slugs: those whose decisions review and approve the report. */
export const bodyIdsOf = async (db: Db, slugs: string[]) =>
  slugs.length ? (await db.select({ id: t.bodies.id }).from(t.bodies).where(inArray(t.bodies.slug, slugs))).map((b) => b.id) : [];
