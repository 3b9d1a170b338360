import { createHash, randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { prepareCycle, recordStartedCycle } from '../../db/queries/cycles';
import { FOLLOW_UP_STATUSES } from '../../core/report';
import { assembleReport } from '../../core/report-assembly';
import { reportRecords } from '../../db/queries/report-records';
import { addVersion, reportOf, updateVersion } from '../../db/queries/report-versions';
import { COUNTY } from '../../core/indicators';

/**
 * A year's records for the lägesrapport, written straight to the database as the workflows and
 * imports would have left them: the Operation Kvinnofrid cycle of 2027 recorded with its plan,
 * one measure-owner task per measure (reported with a status, a text, a link and a file, but for
 * one still open), and indicator totals for the county and municipalities over some years.
 * The tests use a small year; the bench fills it up to the size it measures.
 */

export const DEFINITION = 'kvinnofrid-arshjul';
export const YEAR = 2027;
export const CYCLE = `cycle/${DEFINITION}/${YEAR}`;

export interface ReportSize {
  /** Measures in the action plan, added to the seed's until there are this many. */
  measures: number;
  /** Indicators, added to the seed's until there are this many. */
  indicators: number;
  years: number;
  /** The county and this many municipalities minus one. */
  areas: number;
}

export const SMALL: ReportSize = { measures: 0, indicators: 0, years: 5, areas: 4 };

const municipality = (n: number) => `01${String(14 + n).padStart(2, '0')}`;

async function recordCycle(db: Db) {
  const prepared = await prepareCycle(db, { definitionKey: DEFINITION, year: YEAR, startAt: new Date('2027-01-10T07:00:00Z') });
  if (!prepared.ok) throw new Error('the seeded cycle cannot be planned');
  await recordStartedCycle(db, { id: CYCLE, definitionId: prepared.definition.id, year: YEAR, plan: prepared.plan });
  return prepared.plan;
}

/** More measures under the strategy's goals in turn, each owned by a party of the samordningsgrupp. */
async function addMeasures(db: Db, planId: string, goals: { id: string }[], seats: { organisationId: string }[], want: number) {
  const have = await db.select({ id: t.measures.id }).from(t.measures).where(eq(t.measures.actionPlanId, planId));
  for (let i = have.length; i < want; i++) {
    const [m] = await db
      .insert(t.measures)
      .values({ actionPlanId: planId, goalId: goals[i % goals.length]!.id, code: `9.${i + 1}`, title: `Åtgärd ${i + 1} för benchmark` })
      .returning();
    await db.insert(t.measureOwners).values({ measureId: m!.id, organisationId: seats[i % seats.length]!.organisationId, lead: true });
  }
}

async function addIndicators(db: Db, goals: { id: string }[], want: number) {
  const have = await db.select({ id: t.indicators.id }).from(t.indicators);
  for (let i = have.length; i < want; i++) {
    await db.insert(t.indicators).values({
      slug: `bench-indikator-${i + 1}`,
      name: `Indikator ${i + 1}`,
      source: i % 2 ? 'Kolada' : 'Brottsförebyggande rådet',
      unit: 'procent',
      level: i % 2 ? 'local' : 'regional',
      goalId: goals[i % goals.length]!.id,
    });
  }
}

async function addValues(db: Db, size: ReportSize) {
  const indicators = await db.select().from(t.indicators).orderBy(asc(t.indicators.slug));
  const areas = [COUNTY, ...Array.from({ length: size.areas - 1 }, (_, n) => municipality(n))];
  const first = YEAR - size.years + 1;
  const rows = indicators.flatMap((ind, i) =>
    areas.flatMap((area, a) =>
      Array.from({ length: size.years }, (_, y) => ({
        indicatorId: ind.id,
        year: first + y,
        area,
        gender: 'T' as const,
        value: 40 + i + a * 1.5 + y * (a === 0 ? 2 : 1),
        source: i % 2 ? 'Kolada' : 'CSV: indikatorer.csv',
        retrievedAt: new Date('2027-12-01T09:00:00Z'),
      })),
    ),
  );
  for (let n = 0; n < rows.length; n += 2000) await db.insert(t.indicatorValues).values(rows.slice(n, n + 2000));
  // Half of them with a target, so both a drawn target and "cannot be told" show.
  for (const ind of indicators.filter((_, i) => i % 2 === 0)) {
    await db
      .update(t.indicators)
      .set({ baselineYear: first, baselineValue: 40, targetYear: YEAR + 1, targetValue: 60 })
      .where(eq(t.indicators.id, ind.id));
  }
}

/** One uppföljning task per measure, at an owner's seat in the samordningsgrupp; all reported but the last. */
async function addFollowUps(db: Db, plan: Awaited<ReturnType<typeof recordCycle>>, planId: string) {
  const step = plan.phases.flatMap((p) => p.steps).find((s) => s.key === 'uppfoljning')!;
  const measures = await db.select().from(t.measures).where(eq(t.measures.actionPlanId, planId)).orderBy(asc(t.measures.code));
  const owners = await db
    .select({ measureId: t.measureOwners.measureId, organisationId: t.measureOwners.organisationId, lead: t.measureOwners.lead })
    .from(t.measureOwners)
    .innerJoin(t.measures, eq(t.measures.id, t.measureOwners.measureId))
    .where(eq(t.measures.actionPlanId, planId));
  const seats = await db
    .select({ id: t.seats.id, organisationId: t.seats.organisationId })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(eq(t.bodies.slug, 'samordningsgrupp'));
  for (const [n, m] of measures.entries()) {
    const own = owners.filter((o) => o.measureId === m.id).sort((a, b) => Number(b.lead) - Number(a.lead));
    const seat = seats.find((s) => own.some((o) => o.organisationId === s.organisationId)) ?? seats[n % seats.length]!;
    const open = n === measures.length - 1;
    const taskId = randomUUID();
    await db.insert(t.tasks).values({
      id: taskId,
      workflowId: `task/${DEFINITION}/${YEAR}/uppfoljning/${seat.id}/${m.id}`,
      cycleId: CYCLE,
      stepKey: 'uppfoljning',
      kind: 'tasks',
      measureId: m.id,
      seatId: seat.id,
      title: step.title,
      status: open ? 'open' : 'done',
      dueAt: new Date('2028-01-15T22:59:00Z'),
      completedAt: open ? null : new Date(Date.UTC(2028, 0, 2 + (n % 12), 10)),
      report: open ? null : `Uppföljning av ${m.code}: arbetet har ${n % 2 ? 'fortsatt' : 'slutförts'} under året.`,
    });
    if (open) continue;
    await db.insert(t.measureFollowUps).values({
      taskId,
      measureId: m.id,
      status: FOLLOW_UP_STATUSES[n % FOLLOW_UP_STATUSES.length]!,
      links: [{ url: `https://example.org/underlag/${m.code}`, title: `Underlag ${m.code}` }],
    });
    const data = Buffer.from(`Bilaga till ${m.code}`);
    await db.insert(t.attachments).values({
      taskId,
      name: `bilaga-${m.code}.txt`,
      contentType: 'text/plain',
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data,
    });
  }
  return measures;
}

export async function fillReportRecords(db: Db, size: ReportSize = SMALL) {
  const plan = await recordCycle(db);
  const [actionPlan] = await db.select().from(t.actionPlans).where(eq(t.actionPlans.slug, 'handlingsplan-2023-2026'));
  const goals = await db.select().from(t.goals).where(eq(t.goals.strategyId, actionPlan!.strategyId)).orderBy(asc(t.goals.number));
  const seats = await db
    .select({ organisationId: t.seats.organisationId })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(eq(t.bodies.slug, 'samordningsgrupp')));
  await addMeasures(db, actionPlan!.id, goals, seats, size.measures);
  await addIndicators(db, goals, size.indicators);
  await addValues(db, size);
  const measures = await addFollowUps(db, plan, actionPlan!.id);
  return { goals, measures, indicators: await db.select().from(t.indicators) };
}

/**
 * A version as the worker leaves it, without the worker: still compiling, or compiled with its
 * document assembled from the records and stand-in files. For pages and permissions, not for the files.
 */
export async function recordVersion(db: Db, status: 'compiling' | 'compiled') {
  const report = await reportOf(db, CYCLE, 'rapportutkast', 'Utkast till Regional lägesrapport');
  const version = await addVersion(db, report, null);
  if (status === 'compiling') {
    await updateVersion(db, version.id, { progressDone: 1 });
    return version;
  }
  const meta = { title: 'Regional lägesrapport', version: version.number, compiledAt: new Date(), countyLabel: 'Länet' };
  const document = assembleReport(await reportRecords(db, CYCLE), report.analysis, meta);
  const [pdf, docx] = [Buffer.from('%PDF-1.7 stand-in'), Buffer.from('PK stand-in')];
  await updateVersion(db, version.id, {
    status,
    document,
    pdf,
    docx,
    pdfSha256: 'a',
    docxSha256: 'b',
    progressDone: 3,
    compiledAt: new Date(),
  });
  return version;
}
