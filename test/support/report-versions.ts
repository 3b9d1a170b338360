import { randomUUID } from 'node:crypto';
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { reportOf } from '../../db/queries/report-versions';
import { prepareCycle, recordStartedCycle } from '../../db/queries/cycles';
import { coordinatorSeat, holderOn } from '../../db/queries/directory';
import { stockholmDate } from '../../core/time';
import type { FollowUpStatus, ReportAnalysis, ReportDocument } from '../../core/report';
import type { TargetStatus } from '../../core/indicators';

/**
 * The shipped cycle's 2027 year with its report task, and versions of its lägesrapport written
 * straight into the records. The versions stand in for compilation (another door builds them):
 * each holds a document made here from the seeded goals, measures and indicators, with the
 * measures' and indicators' statuses the test chooses.
 */

export const REF = { definition: 'kvinnofrid-arshjul', year: 2027 } as const;
export const REPORT = '/cycles/kvinnofrid-arshjul/2027/report';
export const REPORT_API = '/api/cycles/kvinnofrid-arshjul/2027/report';

/** The cycle as its start records it, with its real year plan, and the open task of its report step. */
export async function seedReportCycle(db: Db): Promise<{ cycleId: string; taskId: string }> {
  const prepared = await prepareCycle(db, { definitionKey: REF.definition, year: REF.year, startAt: new Date('2027-01-10T08:00:00Z') });
  if (!prepared.ok) throw new Error(`the shipped definition did not resolve: ${prepared.reason}`);
  const cycleId = prepared.plan.cycleId;
  await recordStartedCycle(db, { id: cycleId, definitionId: prepared.definition.id, year: REF.year, plan: prepared.plan });
  const taskId = randomUUID();
  await db.insert(t.tasks).values({
    id: taskId,
    workflowId: `task/${cycleId}/rapportutkast/coordinator`,
    cycleId,
    stepKey: 'rapportutkast',
    kind: 'report',
    seatId: (await coordinatorSeat(db))!.id,
    title: 'Utkast till Regional lägesrapport',
    dueAt: new Date('2028-01-31T22:59:00Z'),
  });
  return { cycleId, taskId };
}

export interface Statuses {
  measures: FollowUpStatus | null;
  indicators: TargetStatus;
}

/** A document of every seeded goal, with its first measure (one owner's follow-up) and its indicators. */
export async function buildDocument(db: Db, number: number, analysis: ReportAnalysis, statuses: Statuses): Promise<ReportDocument> {
  const goals = await db.select().from(t.goals).orderBy(asc(t.goals.number));
  const measures = await db.select().from(t.measures).orderBy(asc(t.measures.code));
  const indicators = await db.select().from(t.indicators).orderBy(asc(t.indicators.slug));
  return {
    title: 'Regional lägesrapport',
    subtitle: `Operation Kvinnofrid ${REF.year}`,
    version: number,
    compiledAt: new Date(Date.UTC(2028, 0, number)).toISOString(),
    summary: analysis.summary,
    overall: analysis.overall,
    goals: goals.map((g) => ({
      number: g.number,
      title: g.title,
      description: g.description,
      analysis: analysis.goals[String(g.number)] ?? '',
      measures: measures
        .filter((m) => m.goalId === g.id)
        .slice(0, 1)
        .map((m) => ({
          code: m.code,
          title: m.title,
          owners: ['Polismyndigheten'],
          followUps: [
            {
              organisation: 'Polismyndigheten',
              step: 'Uppföljning',
              status: statuses.measures,
              text: '',
              links: [],
              attachments: [],
              reportedAt: null,
            },
          ],
        })),
      indicators: indicators
        .filter((i) => i.goalId === g.id)
        .map((i) => ({
          slug: i.slug,
          name: i.name,
          unit: i.unit,
          source: i.source,
          level: i.level,
          direction: i.direction,
          target: null,
          targetStatus: statuses.indicators,
          series: [],
          provenance: [],
        })),
    })),
    sources: ['Kolada'],
  };
}

/** Utkast `number`, compiled by the coordinator from `analysis` (or frozen, once handed off). */
export async function insertVersion(
  db: Db,
  o: { number: number; analysis: ReportAnalysis; statuses: Statuses; status?: 'compiled' | 'frozen' },
): Promise<string> {
  const cycleId = `cycle/${REF.definition}/${REF.year}`;
  const reportId = (await reportOf(db, cycleId, 'rapportutkast', 'Utkast till Regional lägesrapport')).id;
  const holder = await holderOn(db, (await coordinatorSeat(db))!.id, stockholmDate(new Date()));
  const id = randomUUID();
  const compiledAt = new Date(Date.UTC(2028, 0, o.number, 9));
  await db.insert(t.reportVersions).values({
    id,
    reportId,
    number: o.number,
    status: o.status ?? 'compiled',
    analysis: o.analysis,
    document: await buildDocument(db, o.number, o.analysis, o.statuses),
    progressDone: 3,
    // The files' hashes stand for files the compile step renders; the editor links to them when they exist.
    pdfSha256: 'stand-in',
    docxSha256: 'stand-in',
    compiledByHolderId: holder?.id ?? null,
    compiledAt,
    frozenAt: o.status === 'frozen' ? compiledAt : null,
  });
  return id;
}
