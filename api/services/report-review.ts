import { z } from 'zod';
import type { Actor } from '../../core/actor';
import { lineDiff } from '../../core/line-diff';
import { sectionIds, type FollowUpStatus, type ReportAnalysis, type ReportDocument } from '../../core/report';
import type { TargetStatus } from '../../core/indicators';
import { t, type Locale } from '../../i18n';
import * as q from '../../db/queries/reports';
import type * as schema from '../../db/schema';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Ctx } from './context';
import type { CycleRef } from './cycles';
import { audit, refuse, parse } from './register';
import { reportScope, requireReader, type ReportScope } from './report-drafts';

/**
 * Reviewing the lägesrapport's versions: what changed from one to the next, and the
 * samordningsgrupp's comments, each anchored to a section of the version it was made on.
 */

type Compiled = schema.ReportVersion & { document: ReportDocument };

async function compiledVersion(ctx: Ctx, scope: ReportScope, number: number): Promise<Compiled> {
  const version = scope.report && (await q.versionByNumber(ctx.db, scope.report.id, number));
  if (!version) throw new UserError(404, 'review.noVersion', { number });
  if (!version.document) throw new UserError(409, 'review.notCompiled', { number });
  return version as Compiled;
}

/** A section's heading as the version's document has it. */
export function sectionTitle(l: Locale, doc: Pick<ReportDocument, 'goals'>, id: string): string {
  const n = /^goal-(\d+)$/.exec(id)?.[1];
  const goal = n ? doc.goals.find((g) => g.number === Number(n)) : undefined;
  if (goal) return t(l, 'review.field.goal', { number: goal.number, title: goal.title });
  return id === 'summary' || id === 'overall' || id === 'sources' ? t(l, `review.field.${id}`) : id;
}

/** The text of a section the coordinator wrote; the sources are the document's own list. */
function sectionText(analysis: ReportAnalysis, doc: ReportDocument, id: string): string {
  if (id === 'summary' || id === 'overall') return analysis[id];
  if (id === 'sources') return doc.sources.join('\n');
  return analysis.goals[id.replace(/^goal-/, '')] ?? '';
}

/** Each owner's status of each measure: the latest follow-up a document holds. */
function measureStatuses(doc: ReportDocument) {
  const out = new Map<string, { code: string; title: string; organisation: string; status: FollowUpStatus | null }>();
  for (const m of doc.goals.flatMap((g) => g.measures))
    for (const f of m.followUps)
      out.set(`${m.code}|${f.organisation}`, { code: m.code, title: m.title, organisation: f.organisation, status: f.status });
  return out;
}

const indicatorStatuses = (doc: ReportDocument) =>
  new Map(doc.goals.flatMap((g) => g.indicators).map((i) => [i.slug, { name: i.name, status: i.targetStatus }]));

/** Keys of either map whose status differs, as before and after (undefined: not in that version). */
function changed<V extends { status: unknown }>(before: Map<string, V>, after: Map<string, V>) {
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys
    .filter((k) => before.get(k)?.status !== after.get(k)?.status || before.has(k) !== after.has(k))
    .map((k) => ({
      item: (after.get(k) ?? before.get(k))!,
      before: before.get(k)?.status as V['status'] | undefined,
      after: after.get(k)?.status as V['status'] | undefined,
    }));
}

export interface MeasureChange {
  code: string;
  title: string;
  organisation: string;
  before: FollowUpStatus | null | undefined;
  after: FollowUpStatus | null | undefined;
}
export interface IndicatorChange {
  name: string;
  before: TargetStatus | undefined;
  after: TargetStatus | undefined;
}

export const diffQuery = z.object({ from: z.coerce.number().int().min(1).max(10_000), to: z.coerce.number().int().min(1).max(10_000) });

/** Version `from` against version `to`: the analysis section by section, and the statuses that moved. */
export async function reportDiff(ctx: Ctx, user: User | null, ref: CycleRef, query: z.output<typeof diffQuery>) {
  requireReader(user);
  const scope = await reportScope(ctx, ref);
  const [a, b] = [await compiledVersion(ctx, scope, query.from), await compiledVersion(ctx, scope, query.to)];
  const ids = [...new Set([...sectionIds(b.document), ...sectionIds(a.document)])];
  const sections = ids.map((id) => ({
    id,
    title: sectionTitle(ctx.locale, b.document.goals.length ? b.document : a.document, id),
    lines: lineDiff(sectionText(a.analysis, a.document, id), sectionText(b.analysis, b.document, id)),
  }));
  const measures: MeasureChange[] = changed(measureStatuses(a.document), measureStatuses(b.document)).map((c) => ({
    code: c.item.code,
    title: c.item.title,
    organisation: c.item.organisation,
    before: c.before,
    after: c.after,
  }));
  const indicators: IndicatorChange[] = changed(indicatorStatuses(a.document), indicatorStatuses(b.document)).map((c) => ({
    name: c.item.name,
    before: c.before,
    after: c.after,
  }));
  return { scope, from: a.number, to: b.number, sections, measures, indicators };
}
export type ReportDiff = Awaited<ReturnType<typeof reportDiff>>;

/** A version's sections, each with its comments, and whether it may still be commented on. */
export async function versionComments(ctx: Ctx, user: User | null, ref: CycleRef, number: number) {
  requireReader(user);
  const scope = await reportScope(ctx, ref);
  const version = await compiledVersion(ctx, scope, number);
  const comments = await q.commentsOf(ctx.db, version.id);
  const sections = sectionIds(version.document).map((id) => ({ id, title: sectionTitle(ctx.locale, version.document, id) }));
  return { scope, number: version.number, status: version.status, frozen: version.status === 'frozen', sections, comments };
}
export type VersionComments = Awaited<ReturnType<typeof versionComments>>;

export const commentInput = z.object({ section: z.string().trim().min(1).max(40), text: z.string().trim().min(1).max(4000) });

/** A review comment on one section of a version; a frozen version is read, never commented on. */
export async function addReportComment(ctx: Ctx, actor: Actor, ref: CycleRef, number: number, input: unknown) {
  const v = parse(ctx, commentInput, input);
  const scope = await reportScope(ctx, ref);
  const version = await compiledVersion(ctx, scope, number);
  if (version.status === 'frozen') throw new UserError(409, 'review.frozen', { number });
  if (!sectionIds(version.document).includes(v.section)) refuse(ctx, 'section', 'review.unknownSection', { section: v.section, number });
  const row = await q.insertComment(ctx.db, {
    versionId: version.id,
    section: v.section,
    seatId: actor.seatId ?? null,
    holderId: actor.holderId ?? null,
    text: v.text,
    at: ctx.now(),
  });
  await audit(
    ctx,
    actor,
    'report.commented',
    { kind: 'report_version', id: version.id },
    { number, section: v.section, commentId: row.id },
  );
  return { id: row.id, section: row.section, text: row.text, at: row.createdAt };
}
