import { and, asc, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import * as t from '../schema';

/**
 * The Regional lägesrapport's versions as the report task, the decisions over it and the hand-off
 * read them: which version a step output put forward, and which version a cycle hands off.
 */

/** What a page or mail shows of a version: enough to know what is voted on, and where its files are. */
export interface ReportVersionRef {
  id: string;
  number: number;
  status: t.ReportVersion['status'];
  title: string;
  compiledAt: Date | null;
  summary: string;
  /** The version page, without `.pdf`/`.docx`: `/cycles/<definition>/<year>/report/versions/<n>`. */
  path: string;
}

/** `/cycles/<definition>/<year>/report/versions/<n>`: the compile step's pages, by the cycle id `cycle/<definition>/<year>`. */
export const versionPath = (cycleId: string, number: number) => `/${cycleId.replace(/^cycle\//, 'cycles/')}/report/versions/${number}`;

const refColumns = {
  version: t.reportVersions,
  title: t.reports.title,
  cycleId: t.reports.cycleId,
};

const toRef = (r: { version: t.ReportVersion; title: string; cycleId: string }): ReportVersionRef => ({
  id: r.version.id,
  number: r.version.number,
  status: r.version.status,
  title: r.version.document?.title ?? r.title,
  compiledAt: r.version.compiledAt,
  summary: r.version.document?.summary ?? r.version.analysis.summary,
  path: versionPath(r.cycleId, r.version.number),
});

/** The compiled versions of a report step of a cycle, newest first: what its task may put forward. */
export async function compiledVersions(db: Db, cycleId: string, stepKey: string): Promise<ReportVersionRef[]> {
  const rows = await db
    .select(refColumns)
    .from(t.reportVersions)
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(and(eq(t.reports.cycleId, cycleId), eq(t.reports.stepKey, stepKey), eq(t.reportVersions.status, 'compiled')))
    .orderBy(desc(t.reportVersions.number));
  return rows.map(toRef);
}

/** The versions the step outputs with these ids put forward, by output id: each output's task submitted it. */
export async function versionsOfOutputs(db: Db, outputIds: readonly string[]): Promise<Map<string, ReportVersionRef>> {
  const found = new Map<string, ReportVersionRef>();
  if (!outputIds.length) return found;
  const rows = await db
    .select({ ...refColumns, outputId: t.stepOutputs.id })
    .from(t.stepOutputs)
    .innerJoin(t.reportVersions, eq(t.reportVersions.submittedTaskId, t.stepOutputs.taskId))
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(inArray(t.stepOutputs.id, [...outputIds]));
  for (const r of rows) found.set(r.outputId, toRef(r));
  return found;
}

/** The first version, with its report's title and cycle, that `where` picks in `order`. */
async function oneVersion(db: Db, where: SQL | undefined, order: SQL | PgColumn) {
  const [row] = await db
    .select(refColumns)
    .from(t.reportVersions)
    .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
    .where(where)
    .orderBy(order)
    .limit(1);
  return row && { ...row, ref: toRef(row) };
}

/** Version `number` of the cycle's report: of its step `stepKey`, or else the one report of the cycle that has versions. */
export const cycleVersion = (db: Db, cycleId: string, number: number, stepKey?: string) =>
  oneVersion(
    db,
    and(eq(t.reports.cycleId, cycleId), eq(t.reportVersions.number, number), stepKey ? eq(t.reports.stepKey, stepKey) : undefined),
    asc(t.reports.createdAt),
  );

/** The cycle's approved or frozen version, the latest if several: what its hand-off hands off. */
export const handedVersion = (db: Db, cycleId: string) =>
  oneVersion(
    db,
    and(eq(t.reports.cycleId, cycleId), inArray(t.reportVersions.status, ['approved', 'frozen'])),
    desc(t.reportVersions.number),
  );

/** A version by id with its report's cycle, for the receipt link. */
export const versionById = (db: Db, id: string) => oneVersion(db, eq(t.reportVersions.id, id), t.reportVersions.number);

/** The report task puts the version forward: its completion's output is then about this version. */
export async function markSubmitted(db: Db, versionId: string, taskId: string | null): Promise<void> {
  await db.update(t.reportVersions).set({ submittedTaskId: taskId }).where(eq(t.reportVersions.id, versionId));
}

/** The cycle's open hand-off task, the latest round's. */
export async function openHandoffTask(db: Db, cycleId: string) {
  const [row] = await db
    .select()
    .from(t.tasks)
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.kind, 'handoff'), eq(t.tasks.status, 'open')))
    .orderBy(desc(t.tasks.round));
  return row;
}

interface HandoffSteps {
  roles?: Record<string, string>;
  phases?: { steps?: { kind: string; recipientRole?: string }[] }[];
}

/** The seat the cycle's hand-off step mails the report to (its `recipientRole`), with its organisation's name. */
export async function handoffRecipient(db: Db, cycleId: string) {
  const [cycle] = await db
    .select({ definition: t.cycleDefinitions.definition })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, cycleId));
  const def = cycle?.definition as HandoffSteps | undefined;
  const role = def?.phases?.flatMap((p) => p.steps ?? []).find((s) => s.kind === 'handoff')?.recipientRole;
  const slug = role && def?.roles?.[role];
  if (!slug) return undefined;
  const [row] = await db
    .select({ seat: t.seats, organisationName: t.organisations.shortName })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(eq(t.seats.slug, slug));
  return row && { ...row.seat, label: `${row.organisationName}, ${row.seat.title}` };
}

/** A seat's name as pages show it: its organisation and title. */
export async function seatLabel(db: Db, seatId: string): Promise<string> {
  const [row] = await db
    .select({ title: t.seats.title, organisationName: t.organisations.shortName })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(eq(t.seats.id, seatId));
  return row ? `${row.organisationName}, ${row.title}` : '';
}

/** The frozen version's receipt, written once: the trigger lets only these two columns change, and only while empty. */
export async function recordReceipt(db: Db, versionId: string, holderId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(t.reportVersions)
    .set({ receiptAt: at, receiptByHolderId: holderId })
    .where(and(eq(t.reportVersions.id, versionId), eq(t.reportVersions.status, 'frozen'), isNull(t.reportVersions.receiptAt)))
    .returning({ id: t.reportVersions.id });
  return rows.length > 0;
}

/** The approved version frozen as handed off; false when it was not approved any more (frozen meanwhile). */
export async function freezeVersion(
  db: Db,
  versionId: string,
  f: { at: Date; pdfSha256: string; docxSha256: string; seatId: string },
): Promise<boolean> {
  const rows = await db
    .update(t.reportVersions)
    .set({
      status: 'frozen',
      frozenAt: f.at,
      pdfSha256: f.pdfSha256,
      docxSha256: f.docxSha256,
      handedOffToSeatId: f.seatId,
      handedOffAt: f.at,
    })
    .where(and(eq(t.reportVersions.id, versionId), eq(t.reportVersions.status, 'approved')))
    .returning({ id: t.reportVersions.id });
  return rows.length > 0;
}
