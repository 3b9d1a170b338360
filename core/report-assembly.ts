import { COUNTY, targetStatus, type Direction } from './indicators';
import { stockholmDate } from './time';
import type { FollowUpStatus, ReportAnalysis, ReportDocument, ReportFollowUp, ReportIndicator, ReportMeasure } from './report';

/**
 * From the year's records to the lägesrapport as a document: pure, so the same records always make
 * the same document, and the bench and the tests can time and check it without a database.
 */

export interface ReportRecords {
  year: number;
  definitionName: string;
  /** Step titles by key, in the order the year plan runs them. */
  stepTitles: Record<string, string>;
  goals: { id: string; number: number; title: string; description: string }[];
  indicators: {
    id: string;
    slug: string;
    name: string;
    unit: string;
    source: string;
    level: 'regional' | 'local';
    direction: Direction;
    goalId: string | null;
    baselineYear: number | null;
    baselineValue: number | null;
    targetYear: number | null;
    targetValue: number | null;
  }[];
  /** Totals (gender T) only. */
  values: { indicatorId: string; year: number; area: string; value: number; source: string; retrievedAt: Date }[];
  measures: { id: string; code: string; title: string; goalId: string | null }[];
  owners: { measureId: string; name: string; lead: boolean }[];
  tasks: {
    id: string;
    measureId: string;
    stepKey: string | null;
    title: string;
    status: string;
    completedAt: Date | null;
    report: string | null;
    attachments: { name: string }[] | null;
    organisation: string;
  }[];
  followUps: { taskId: string; status: FollowUpStatus; links: { url: string; title?: string }[] }[];
  outputs: { taskId: string; text: string; version: number }[];
  files: { taskId: string; name: string }[];
}

export interface AssemblyMeta {
  title: string;
  version: number;
  compiledAt: Date;
  /** The county's line in the charts, in the document's language. */
  countyLabel: string;
}

const groupBy = <T, K>(rows: readonly T[], key: (row: T) => K) => {
  const map = new Map<K, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
};

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, 'sv', { numeric: true });

function indicatorOf(i: ReportRecords['indicators'][number], values: ReportRecords['values'], countyLabel: string) {
  const target =
    i.baselineYear !== null && i.baselineValue !== null && i.targetYear !== null && i.targetValue !== null
      ? { baselineYear: i.baselineYear, baselineValue: i.baselineValue, targetYear: i.targetYear, targetValue: i.targetValue }
      : null;
  const areas = [...groupBy(values, (v) => v.area)].sort(([a], [b]) => (a === COUNTY ? -1 : b === COUNTY ? 1 : a.localeCompare(b)));
  const provenance = [...new Set(values.map((v) => `${v.source}, ${stockholmDate(v.retrievedAt)}`))].sort();
  const indicator: ReportIndicator = {
    slug: i.slug,
    name: i.name,
    unit: i.unit,
    source: i.source,
    level: i.level,
    direction: i.direction,
    target,
    targetStatus: targetStatus(
      i,
      values.map((v) => ({ ...v, gender: 'T' as const })),
    ),
    series: areas.map(([area, rows]) => ({
      area,
      label: area === COUNTY ? countyLabel : area,
      points: rows.map((v) => ({ year: v.year, value: v.value })).sort((a, b) => a.year - b.year),
    })),
    provenance,
  };
  return indicator;
}

/** Each owner's latest follow-up of a measure: their newest reported task, or their open one when nothing is reported yet. */
function followUpsOf(r: ReportRecords, tasks: ReportRecords['tasks']): ReportFollowUp[] {
  const stepOrder = Object.keys(r.stepTitles);
  const rank = (k: ReportRecords['tasks'][number]) => [
    k.completedAt ? 1 : 0,
    k.completedAt?.getTime() ?? stepOrder.indexOf(k.stepKey ?? ''),
  ];
  const newer = (a: ReportRecords['tasks'][number], b: ReportRecords['tasks'][number]) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0]! - rb[0]! || ra[1]! - rb[1]!;
  };
  const latest = [...groupBy(tasks, (k) => k.organisation).values()].map((rows) => rows.sort(newer).at(-1)!);
  return latest
    .sort((a, b) => a.organisation.localeCompare(b.organisation, 'sv'))
    .map((k) => {
      const followUp = r.followUps.find((f) => f.taskId === k.id);
      const output = r.outputs.filter((o) => o.taskId === k.id).sort((a, b) => b.version - a.version)[0];
      const files = [...r.files.filter((f) => f.taskId === k.id).map((f) => f.name), ...(k.attachments ?? []).map((a) => a.name)];
      return {
        organisation: k.organisation,
        step: (k.stepKey && r.stepTitles[k.stepKey]) || k.title,
        status: followUp?.status ?? null,
        text: k.report ?? output?.text ?? '',
        links: followUp?.links ?? [],
        attachments: [...new Set(files)],
        reportedAt: k.completedAt ? k.completedAt.toISOString() : null,
      };
    });
}

function measuresOf(r: ReportRecords, goalId: string): ReportMeasure[] {
  const tasks = groupBy(r.tasks, (k) => k.measureId);
  return r.measures
    .filter((m) => m.goalId === goalId)
    .sort(byCode)
    .map((m) => ({
      code: m.code,
      title: m.title,
      owners: r.owners
        .filter((o) => o.measureId === m.id)
        .sort((a, b) => Number(b.lead) - Number(a.lead) || a.name.localeCompare(b.name, 'sv'))
        .map((o) => o.name),
      followUps: followUpsOf(r, tasks.get(m.id) ?? []),
    }));
}

/** Every source the indicators name, with the days their values were retrieved. */
function sourcesOf(r: ReportRecords): string[] {
  const bySource = groupBy(r.indicators, (i) => i.source);
  const values = groupBy(r.values, (v) => v.indicatorId);
  return [...bySource]
    .map(([source, indicators]) => {
      const days = [...new Set(indicators.flatMap((i) => (values.get(i.id) ?? []).map((v) => stockholmDate(v.retrievedAt))))].sort();
      return days.length ? `${source} (${days.join(', ')})` : source;
    })
    .sort((a, b) => a.localeCompare(b, 'sv'));
}

export function assembleReport(r: ReportRecords, analysis: ReportAnalysis, meta: AssemblyMeta): ReportDocument {
  const values = groupBy(r.values, (v) => v.indicatorId);
  return {
    title: meta.title,
    subtitle: `${r.definitionName} ${r.year}`,
    version: meta.version,
    compiledAt: meta.compiledAt.toISOString(),
    summary: analysis.summary,
    overall: analysis.overall,
    goals: r.goals.map((g) => ({
      number: g.number,
      title: g.title,
      description: g.description,
      analysis: analysis.goals[String(g.number)] ?? '',
      indicators: r.indicators.filter((i) => i.goalId === g.id).map((i) => indicatorOf(i, values.get(i.id) ?? [], meta.countyLabel)),
      measures: measuresOf(r, g.id),
    })),
    sources: sourcesOf(r),
  };
}
