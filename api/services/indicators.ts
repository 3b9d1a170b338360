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
import type { Ctx } from './context';
import { audit, parse } from './register';

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

export const valueInput = z.object({
  year: z.coerce.number().int().min(FIRST_YEAR).max(LAST_YEAR),
  area: z.string().trim().min(1).max(20),
  gender: z.enum(GENDERS).default('T'),
  value: z
    .union([z.number(), z.string().trim().min(1).max(40)])
    .refine((v) => (typeof v === 'number' ? Number.isFinite(v) : parseDecimal(v) !== null), { params: { i18n: 'ind.notNumber' } }),
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
  if (parsed.problems.length) throw new ImportRefusal(parsed.problems.map((p) => wordProblem(ctx.locale, p)));
  const counts = await q.writeIndicatorValues(ctx.db, indicator.id, parsed.rows, {
    source: sourceOf(format, filename),
    retrievedAt: ctx.now(),
    retrievedBy: actor.holderId ?? null,
  });
  const result = { ...counts, skipped: parsed.skipped };
  await audit(ctx, actor, 'indicator.imported', { kind: 'indicator', id: indicator.id }, { slug, format, filename, ...result });
  return result;
}

/** A value from a survey or another source without a file, recorded as entered by hand by the holder. */
export async function enterIndicatorValue(ctx: Ctx, actor: Actor, slug: string, input: unknown): Promise<q.WriteCounts> {
  const v = parse(ctx, valueInput, input);
  const indicator = await loadIndicator(ctx, slug);
  const value = typeof v.value === 'number' ? v.value : parseDecimal(v.value)!;
  const row = { year: v.year, area: v.area, gender: v.gender, value, count: null, status: null };
  const counts = await q.writeIndicatorValues(ctx.db, indicator.id, [row], {
    source: 'manuell',
    retrievedAt: ctx.now(),
    retrievedBy: actor.holderId ?? null,
  });
  await audit(ctx, actor, 'indicator.valueEntered', { kind: 'indicator', id: indicator.id }, { slug, ...row, ...counts });
  return counts;
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
