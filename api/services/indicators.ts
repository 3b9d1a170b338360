import { z } from 'zod';
import type { Actor } from '../../core/actor';
import {
  FIRST_YEAR,
  GENDERS,
  LAST_YEAR,
  parseDecimal,
  parseIndicatorCsv,
  parseKoladaJson,
  targetStatus,
  type Problem,
} from '../../core/indicators';
import { t, type Locale } from '../../i18n';
import * as q from '../../db/queries/indicators';
import type * as schema from '../../db/schema';
import { UserError } from '../plugins/errors';
import { fetchKolada, KoladaError } from '../../activities/kolada';
import type { Ctx } from './context';
import { audit, changes, parse } from './register';
import { optional, required } from './register-schemas';

/**
 * Indicator values: imported from a file, or entered by hand for a survey; read by every seat
 * holder as the public statistics they are. An import is all or nothing: one bad row and nothing
 * lands, so no half-imported year is ever read as the truth.
 */

export const importInput = z.object({
  format: z.enum(['csv', 'kolada']),
  text: z.string().min(1).max(1_000_000),
  filename: z.string().trim().max(200).default(''),
});

const year = z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR);
/** A number as JSON sends it, or as a Swedish form field writes it ("12,5"). */
const decimal = z
  .union([z.number(), z.string().trim().min(1).max(40)])
  .refine((v) => (typeof v === 'number' ? Number.isFinite(v) : parseDecimal(v) !== null), { params: { i18n: 'ind.notNumber' } });
const numberOf = (v: number | string) => (typeof v === 'number' ? v : parseDecimal(v)!);
const optionalNumber = (v: number | string | undefined) => (v === undefined ? null : numberOf(v));

export const valueInput = z.object({ year, area: z.string().trim().min(1).max(20), gender: z.enum(GENDERS).default('T'), value: decimal });

const TARGET = ['baselineYear', 'baselineValue', 'targetYear', 'targetValue'] as const;
/** Which way is better, the Kolada KPI, and the target: its four parts all given, or none (no target). */
export const indicatorEdit = z
  .object({
    direction: required(z.enum(['higher', 'lower'])),
    koladaKpi: optional(z.string().trim().max(40)),
    baselineYear: optional(year),
    baselineValue: optional(decimal),
    targetYear: optional(year),
    targetValue: optional(decimal),
  })
  .refine((e) => TARGET.every((k) => e[k] === undefined) || TARGET.every((k) => e[k] !== undefined), {
    path: ['targetValue'],
    params: { i18n: 'ind.targetPartial' },
  })
  .refine((e) => e.baselineYear === undefined || e.targetYear === undefined || e.targetYear > e.baselineYear, {
    path: ['targetYear'],
    params: { i18n: 'ind.targetYears' },
  });

/** A refused row as the reader sees it: where, and why in their language. */
export const wordProblem = (locale: Locale, p: Problem) => ({ ...p, message: t(locale, p.reason, p.params) });

/** An import with bad rows: nothing was written, and every bad row is named. */
export class ImportRefusal extends UserError {
  constructor(readonly problems: ReturnType<typeof wordProblem>[]) {
    super(400, 'ind.refused', { count: problems.length }, { problems });
  }
}

async function loadIndicator(ctx: Ctx, slug: string): Promise<schema.Indicator> {
  const indicator = await q.findIndicator(ctx.db, slug);
  if (!indicator) throw new UserError(404, 'ind.unknown', { slug });
  return indicator;
}

const sourceOf = (format: 'csv' | 'kolada', filename: string) => (format === 'kolada' ? 'Kolada' : filename ? `CSV: ${filename}` : 'CSV');

export async function importIndicatorValues(
  ctx: Ctx,
  actor: Actor,
  slug: string,
  input: unknown,
): Promise<q.WriteCounts & { skipped: number }> {
  const { format, text, filename } = parse(ctx, importInput, input);
  const indicator = await loadIndicator(ctx, slug);
  const parsed = format === 'csv' ? parseIndicatorCsv(text) : parseKoladaJson(text, indicator.koladaKpi);
  return landParsed(ctx, actor, indicator, parsed, sourceOf(format, filename), { format, filename });
}

/** Rows with no bad one among them land in one transaction, audited; with any bad one, nothing lands. */
async function landParsed(
  ctx: Ctx,
  actor: Actor,
  indicator: schema.Indicator,
  parsed: ReturnType<typeof parseIndicatorCsv>,
  source: string,
  detail: Record<string, unknown>,
): Promise<q.WriteCounts & { skipped: number }> {
  if (parsed.problems.length) throw new ImportRefusal(parsed.problems.map((p) => wordProblem(ctx.locale, p)));
  const counts = await q.writeIndicatorValues(ctx.db, indicator.id, parsed.rows, {
    source,
    retrievedAt: ctx.now(),
    retrievedBy: actor.holderId ?? null,
  });
  const result = { ...counts, skipped: parsed.skipped };
  await audit(ctx, actor, 'indicator.imported', { kind: 'indicator', id: indicator.id }, { slug: indicator.slug, ...detail, ...result });
  return result;
}

/** The years and areas to fetch from Kolada: at most 30 years, areas by Kolada's ids (Region Stockholm is 0001). */
export const koladaInput = z
  .object({
    fromYear: year,
    toYear: year,
    areas: z
      .array(z.string().regex(/^\d{4}$/))
      .min(1)
      .max(60)
      .default(['0001'])
      .describe("Kolada's ids: 0001 for Region Stockholm (the county), 0180 for Stockholm and so on"),
  })
  .refine((v) => v.toYear >= v.fromYear && v.toYear - v.fromYear < 30, { path: ['toYear'], params: { i18n: 'ind.koladaYears' } });

/** Kolada names a region 00NN (Region Stockholm 0001); the indicators follow the county by its county code NN. */
const countyCode = (area: string) => /^00(\d\d)$/.exec(area)?.[1] ?? area;

/**
 * Fetches the indicator's KPI from Kolada's open data API for the years and areas asked, and
 * lands the values as an import does: all, or none with every bad entry named.
 */
export async function fetchIndicatorFromKolada(ctx: Ctx, actor: Actor, slug: string, input: unknown) {
  const { fromYear, toYear, areas } = parse(ctx, koladaInput, input);
  const indicator = await loadIndicator(ctx, slug);
  const kpi = indicator.koladaKpi;
  if (!kpi) throw new UserError(409, 'ind.noKolada', { slug });
  const years = Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);
  let entries;
  try {
    entries = await fetchKolada({ baseUrl: ctx.config.koladaUrl, kpi, areas, years });
  } catch (err) {
    // Kolada refusing the question is the question's fault (an unknown KPI or area); anything else is Kolada's.
    if (err instanceof KoladaError && err.status !== undefined && err.status < 500) throw new UserError(400, 'ind.koladaRefused', { kpi });
    if (err instanceof KoladaError) throw new UserError(503, 'ind.koladaUnavailable');
    throw err;
  }
  const parsed = parseKoladaJson(
    entries.map((e) => ({ ...e, municipality: countyCode(e.municipality) })),
    kpi,
  );
  return landParsed(ctx, actor, indicator, parsed, 'Kolada', { format: 'kolada-api', kpi, fromYear, toYear, areas });
}

/** A value from a survey or another source without a file, recorded as entered by hand by the holder. */
export async function enterIndicatorValue(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<q.WriteCounts> {
  const v = parse(ctx, valueInput, input);
  const indicator = await loadIndicator(ctx, slug);
  const row = { year: v.year, area: v.area, gender: v.gender, value: numberOf(v.value), count: null, status: null };
  const counts = await q.writeIndicatorValues(ctx.db, indicator.id, [row], {
    source: 'manuell',
    retrievedAt: ctx.now(),
    retrievedBy: actor.holderId ?? null,
  });
  await audit(ctx, actor, 'indicator.valueEntered', { kind: 'indicator', id: indicator.id }, { slug, ...row, ...counts });
  return counts;
}

/** Sets which way is better, the Kolada KPI imports are held to, and the target; audited with what changed. */
export async function editIndicator(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<void> {
  const e = parse(ctx, indicatorEdit, input);
  const indicator = await loadIndicator(ctx, slug);
  const after = {
    direction: e.direction,
    koladaKpi: e.koladaKpi || null,
    baselineYear: e.baselineYear ?? null,
    baselineValue: optionalNumber(e.baselineValue),
    targetYear: e.targetYear ?? null,
    targetValue: optionalNumber(e.targetValue),
  };
  const before = Object.fromEntries(Object.keys(after).map((k) => [k, indicator[k as keyof typeof after]])) as typeof after;
  await q.updateIndicator(ctx.db, indicator.id, after);
  await audit(ctx, actor, 'indicator.edited', { kind: 'indicator', id: indicator.id }, { slug, changes: changes(before, after) });
}

const targetOf = (i: schema.Indicator) =>
  i.baselineYear !== null && i.baselineValue !== null && i.targetYear !== null && i.targetValue !== null
    ? { baselineYear: i.baselineYear, baselineValue: i.baselineValue, targetYear: i.targetYear, targetValue: i.targetValue }
    : null;

const shapeOf = (i: schema.Indicator, goals: { id: string; number: number; title: string }[]) => ({
  slug: i.slug,
  name: i.name,
  source: i.source,
  unit: i.unit,
  level: i.level,
  direction: i.direction,
  koladaKpi: i.koladaKpi,
  goal: goals.find((g) => g.id === i.goalId) ?? null,
  target: targetOf(i),
});

/** Every indicator with its goal, target and how the county stands against it. */
export async function indicatorsList(ctx: Ctx) {
  const [indicators, goals, county] = await q.indicatorList(ctx.db);
  return indicators.map((i) => ({
    ...shapeOf(i, goals),
    status: targetStatus(
      i,
      county.filter((v) => v.indicatorId === i.id),
    ),
  }));
}

/** One indicator with every value and its provenance, its target and the target's status. */
export async function indicatorDetail(ctx: Ctx, slug: string) {
  const indicator = await loadIndicator(ctx, slug);
  const [goals, values] = await Promise.all([q.goalRefs(ctx.db), q.indicatorValuesOf(ctx.db, indicator.id)]);
  return { ...shapeOf(indicator, goals), status: targetStatus(indicator, values), values };
}

/** The values an indicator had before they were replaced, each with its provenance then. */
export async function indicatorHistory(ctx: Ctx, slug: string) {
  const indicator = await loadIndicator(ctx, slug);
  return q.indicatorHistoryOf(ctx.db, indicator.id);
}

/** The indicator's page: every value for the chart, and one year's values and replaced values for the tables. */
export async function indicatorPageData(ctx: Ctx, slug: string, year?: number) {
  const [detail, history] = await Promise.all([indicatorDetail(ctx, slug), indicatorHistory(ctx, slug)]);
  const years = [...new Set(detail.values.map((v) => v.year))].sort((a, b) => b - a);
  const shownYear = year !== undefined && years.includes(year) ? year : (years[0] ?? 0);
  return { ...detail, years, shownYear, history: history.filter((h) => h.year === shownYear) };
}
