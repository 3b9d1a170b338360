import { WorkflowIdReusePolicy } from '@temporalio/client';
import { cycleIdFor } from '../../core/plan';
import { type YearPlan } from '../../core/plan-types';
import type { Actor } from '../../core/actor';
import type { ReportVersion } from '../../db/schema';
import { findCycle } from '../../db/queries/cycles';
import { commentsOf } from '../../db/queries/reports';
import { addVersion, bodyIdsOf, reportOf, updateVersion, versionByNumber } from '../../db/queries/report-versions';
import { compileReport as compileWorkflow, compileReportId } from '../../workflows/report';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import { engineError } from '../temporal-errors';
import type { Ctx } from './context';
import { readerOf } from './readers';
import { audit } from './register';

/**
 * Compiling the lägesrapport into a numbered version, and reading the versions: their progress
 * while the worker compiles them, the document, and its PDF and Word files. The coordinator
 * compiles; the coordinator and the bodies that review and approve the report read.
 */

export interface CycleRef {
  definition: string;
  year: number;
}

const notFound = () => new UserError(404, 'report.notFound');

/** The report step whose draft is compiled: the last `report` step, after the measure owners' follow-ups. */
export function reportStepOf(plan: YearPlan | null): { key: string; title: string } | undefined {
  const steps = (plan?.phases ?? []).flatMap((p) => p.steps).filter((s) => s.kind === 'report');
  const last = steps.at(-1);
  return last && { key: last.key, title: last.title };
}

async function cycleOf(ctx: Ctx, ref: CycleRef) {
  const id = cycleIdFor(ref.definition, ref.year);
  const cycle = await findCycle(ctx.db, id);
  if (!cycle) throw new UserError(404, 'cycle.notFound', { id });
  const plan = (cycle.plan ?? null) as YearPlan | null;
  return { cycle, plan, step: reportStepOf(plan) };
}

/**
 * A compilation takes seconds; one still at it after this long is not moving: most likely no worker
 * is running, and the page says so rather than show a bar that will never move.
 */
export const STALLED_AFTER_MS = 2 * 60_000;

/** A version as the JSON API and the page show it: no files, their hashes. */
export const versionSummary = (ref: CycleRef, v: ReportVersion, now: Date) => {
  const base = `/cycles/${ref.definition}/${ref.year}/report/versions/${v.number}`;
  return {
    number: v.number,
    status: v.status,
    progress: { done: v.progressDone, total: v.progressTotal },
    stalled: v.status === 'compiling' && now.getTime() - v.createdAt.getTime() > STALLED_AFTER_MS,
    failure: v.failure,
    pdfSha256: v.pdfSha256,
    docxSha256: v.docxSha256,
    createdAt: v.createdAt,
    compiledAt: v.compiledAt,
    links: { page: base, pdf: `${base}/lagesrapport.pdf`, docx: `${base}/lagesrapport.docx` },
  };
};
export type VersionSummary = ReturnType<typeof versionSummary>;

/** A new version from the draft as it stands, compiled by the worker; the report is made, empty, if nobody has written yet. */
export async function compileReport(ctx: Ctx, actor: Actor, definition: string, year: number): Promise<VersionSummary> {
  const ref = { definition, year };
  const { cycle, step } = await cycleOf(ctx, ref);
  if (!step) throw new UserError(409, 'report.noReportStep');
  const report = await reportOf(ctx.db, cycle.id, step.key, step.title);
  const version = await addVersion(ctx.db, report, actor.holderId ?? null);
  try {
    await ctx.temporal.workflow.start(compileWorkflow, {
      workflowId: compileReportId(version.id),
      taskQueue: ctx.config.taskQueue,
      args: [{ versionId: version.id }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    const refusal = engineError(err, notFound());
    if (!refusal) throw err;
    // No version waits for ever for a worker that was never asked.
    await updateVersion(ctx.db, version.id, { status: 'failed', failure: refusal.key });
    throw refusal;
  }
  await audit(ctx, actor, 'report.compile', { kind: 'report_version', id: version.id }, { cycleId: cycle.id, number: version.number });
  return versionSummary(ref, version, ctx.now());
}

/**
 * A version for someone who may read it: the coordinator, and the seat holders of the bodies whose
 * decisions show the report (the samordningsgrupp reviews it, the styrgrupp approves it). To
 * anyone else it answers as an unknown version does.
 */
export async function readVersion(ctx: Ctx, user: User | null, ref: CycleRef, number: number) {
  const { cycle, plan, step } = await cycleOf(ctx, ref);
  const reader = await readerOf(ctx, user);
  if (!reader.coordinator) {
    const reviewers = (plan?.phases ?? [])
      .flatMap((p) => p.steps)
      .filter((s) => s.decision && step && s.shows?.includes(step.key))
      .map((s) => s.decision!.bodySlug);
    const bodies = await bodyIdsOf(ctx.db, reviewers);
    if (!bodies.some((b) => reader.bodyIds.has(b))) throw notFound();
  }
  const row = await versionByNumber(ctx.db, cycle.id, number);
  if (!row) throw notFound();
  return { version: row.version, summary: versionSummary(ref, row.version, ctx.now()) };
}

/** The version page: the version, and the review's comments to show under each section. */
export async function versionPageData(ctx: Ctx, user: User | null, ref: CycleRef, number: number) {
  const read = await readVersion(ctx, user, ref, number);
  return { ...read, comments: await commentsOf(ctx.db, read.version.id) };
}

export const FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A compiled version's PDF or Word file, with the hash the hand-off quotes. */
export async function versionFile(ctx: Ctx, user: User | null, ref: CycleRef, number: number, kind: keyof typeof FILE_TYPES) {
  const { version } = await readVersion(ctx, user, ref, number);
  const bytes = kind === 'pdf' ? version.pdf : version.docx;
  if (!bytes || version.status === 'compiling' || version.status === 'failed') throw new UserError(409, 'report.notCompiled');
  return { bytes, contentType: FILE_TYPES[kind], sha256: kind === 'pdf' ? version.pdfSha256 : version.docxSha256 };
}
