import { z } from 'zod';
import type { Actor } from '../../core/actor';
import { emptyAnalysis, type ReportAnalysis } from '../../core/report';
import type { YearPlan } from '../../core/plan-types';
import { t, type Locale } from '../../i18n';
import * as q from '../../db/queries/reports';
import type * as schema from '../../db/schema';
import type { ActorInput } from '../actor';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Ctx } from './context';
import { loadCycle, type CycleRef } from './cycles';
import { audit, FieldRefusal, parse } from './register';

/**
 * The Regional lägesrapport's draft: the coordinator writes the analysis and saves it as often as
 * they like; the samordningsgrupp, which reviews the versions, and the styrgrupp, which approves
 * one, read it. Compiling a version from it is another door's.
 */

export const MAX_TEXT = 20_000;

const text = z.string().max(MAX_TEXT);
/** The analysis as the editor's form and the JSON API send it: goals by number (`goals.3` in the form). */
export const draftInput = z.object({
  summary: text.default(''),
  overall: text.default(''),
  goals: z.record(z.string().regex(/^\d{1,3}$/), text).default({}),
});

/** The cycle's report: its step (the definition's last `report` step), the goals it covers, and the draft once saved. */
export interface ReportScope {
  ref: CycleRef;
  cycle: schema.Cycle;
  definitionName: string;
  stepKey: string;
  title: string;
  goals: { number: number; title: string }[];
  report: schema.Report | undefined;
}

export async function reportScope(ctx: Ctx, ref: CycleRef): Promise<ReportScope> {
  const cycle = await loadCycle(ctx, ref);
  const plan = cycle.plan as YearPlan | null;
  const step = plan?.phases
    .flatMap((p) => p.steps)
    .filter((s) => s.kind === 'report')
    .pop();
  if (!step) throw new UserError(404, 'review.notFound', { cycle: cycle.id });
  const [goals, report] = await Promise.all([q.goalsOfCycle(ctx.db, cycle), q.findReport(ctx.db, cycle.id, step.key)]);
  return { ref, cycle, definitionName: plan!.definitionName, stepKey: step.key, title: step.title, goals, report };
}

/** How a signed-in person takes part in the report: reads it (samordningsgrupp, styrgrupp), comments on it (samordningsgrupp). */
function partOf(user: User | null) {
  const coordinator = user?.role === 'coordinator';
  const seats = user?.seats ?? [];
  const reviewSeat = seats.find((s) => s.bodyKind === 'coordination_group')?.seatId;
  const reads = coordinator || seats.some((s) => s.bodyKind === 'coordination_group' || s.bodyKind === 'steering_group');
  return { coordinator, reads, reviewSeat };
}

/** Whether the person reads the report and the follow-up: the cycle page links them only for those. */
export const readsReport = (user: User | null): boolean => partOf(user).reads;

export function requireReader(user: User | null): void {
  if (!partOf(user).reads) throw new UserError(403, 'review.notReader');
}

/**
 * Whom a review comment is from: the person's samordningsgrupp seat, or else the coordinator; anyone
 * else is refused before anything is looked up, so a refusal says nothing about the cycle.
 */
export function commentCapacity(user: User | null): ActorInput {
  const part = partOf(user);
  if (part.reviewSeat) return { kind: 'seat', seat: part.reviewSeat };
  if (part.coordinator) return { kind: 'coordinator' };
  throw new UserError(403, 'review.notCommenter');
}

/** Whether the comments page offers the person a form: the samordningsgrupp's members and the coordinator. */
export function mayComment(user: User | null): boolean {
  const part = partOf(user);
  return Boolean(part.reviewSeat) || part.coordinator;
}

/** A field as the editor labels it: `goals.3` is "Mål 3". */
export function fieldLabel(l: Locale, field: string): string {
  const goal = /^goals\.(\d+)$/.exec(field)?.[1];
  if (goal) return t(l, 'review.field.goalShort', { number: goal });
  return field === 'summary' || field === 'overall' ? t(l, `review.field.${field}`) : field;
}

function parseDraft(ctx: Ctx, scope: ReportScope, input: unknown): ReportAnalysis {
  let v: z.output<typeof draftInput>;
  try {
    v = parse(ctx, draftInput, input);
  } catch (err) {
    if (!(err instanceof FieldRefusal)) throw err;
    throw new FieldRefusal(err.issues.map((i) => ({ field: i.field, message: `${fieldLabel(ctx.locale, i.field)}: ${i.message}` })));
  }
  const known = new Set(scope.goals.map((g) => String(g.number)));
  const unknown = Object.keys(v.goals).filter((n) => !known.has(String(Number(n))));
  if (unknown.length)
    throw new FieldRefusal(
      unknown.map((n) => ({
        field: `goals.${n}`,
        message: `${fieldLabel(ctx.locale, `goals.${n}`)}: ${t(ctx.locale, 'review.unknownGoal', { number: Number(n) })}`,
      })),
    );
  const goals = Object.fromEntries(Object.entries(v.goals).map(([n, s]) => [String(Number(n)), s]));
  return { summary: v.summary, overall: v.overall, goals };
}

/** What a refused form sent, to show it again: nothing the writer typed is lost. */
export function sentAnalysis(body: Record<string, unknown>): ReportAnalysis {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const goals = Object.entries(body).flatMap(([k, v]) => {
    const n = /^goals\.(\d+)$/.exec(k)?.[1];
    return n ? [[n, str(v)] as const] : [];
  });
  return { summary: str(body.summary), overall: str(body.overall), goals: Object.fromEntries(goals) };
}

/** Saves the draft whole, creating the report on its first save; nothing is saved when any field is refused. */
export async function saveReportDraft(ctx: Ctx, actor: Actor, ref: CycleRef, input: unknown) {
  const scope = await reportScope(ctx, ref);
  const analysis = parseDraft(ctx, scope, input);
  const { cycle, stepKey, title } = scope;
  const saved = await q.saveDraft(ctx.db, { cycleId: cycle.id, stepKey, title, analysis, holderId: actor.holderId ?? null, at: ctx.now() });
  const sizes = { summary: analysis.summary.length, overall: analysis.overall.length, goals: Object.keys(analysis.goals).length };
  await audit(ctx, actor, 'report.draftSaved', { kind: 'report', id: saved.id }, { cycleId: cycle.id, stepKey, ...sizes });
  return draftOf(ctx, saved);
}

async function draftOf(ctx: Ctx, report: schema.Report | undefined) {
  if (!report) return { analysis: emptyAnalysis(), savedAt: null, savedBy: null };
  return { analysis: report.analysis, savedAt: report.updatedAt, savedBy: await q.holderName(ctx.db, report.savedByHolderId) };
}
export type Draft = Awaited<ReturnType<typeof draftOf>>;

/** The address of a version's page and files, and of the report's pages. */
export const reportPath = (ref: CycleRef) => `/cycles/${ref.definition}/${ref.year}/report`;

/** The editor's data, and the JSON API's: the draft and every version, newest first. */
export async function reportOverview(ctx: Ctx, user: User | null, ref: CycleRef) {
  requireReader(user);
  const scope = await reportScope(ctx, ref);
  const [draft, versions] = await Promise.all([draftOf(ctx, scope.report), scope.report ? q.versionsOf(ctx.db, scope.report.id) : []]);
  return { scope, draft, versions };
}
export type ReportOverview = Awaited<ReturnType<typeof reportOverview>>;

/** The JSON API's shape of the overview: the draft and the versions with their addresses. */
export function overviewJson(o: ReportOverview) {
  const base = reportPath(o.scope.ref);
  return {
    stepKey: o.scope.stepKey,
    goals: o.scope.goals,
    draft: o.draft,
    versions: o.versions.map((v) => ({
      number: v.number,
      status: v.status,
      compiledAt: v.compiledAt,
      compiledBy: v.compiledBy,
      page: `${base}/versions/${v.number}`,
      pdf: v.hasPdf ? `${base}/versions/${v.number}/lagesrapport.pdf` : null,
      docx: v.hasDocx ? `${base}/versions/${v.number}/lagesrapport.docx` : null,
      comments: `${base}/versions/${v.number}/comments`,
      diff: v.number > 1 ? `${base}/diff?from=${v.number - 1}&to=${v.number}` : null,
    })),
  };
}

/** Where the task of the cycle's report step leads: to the editor. Null for any other task. */
export async function reportEditorOf(ctx: Ctx, task: Pick<schema.Task, 'cycleId' | 'stepKey' | 'kind'>): Promise<string | null> {
  if (task.kind !== 'report' || !task.cycleId) return null;
  const [, definition, year] = task.cycleId.split('/');
  const ref = { definition: definition!, year: Number(year) };
  const scope = await reportScope(ctx, ref).catch((err: unknown) => {
    if (err instanceof UserError) return null;
    throw err;
  });
  return scope?.stepKey === task.stepKey ? reportPath(ref) : null;
}
