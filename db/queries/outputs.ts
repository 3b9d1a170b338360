import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { roundReasonOf } from './rounds';
import { candidateMeasures, measureDetail, proposableMeasures, type MeasureRef } from './measures';
import { versionsOfOutputs, type ReportVersionRef } from './report-handoff';
import { lineDiff, type DiffLine } from '../../core/line-diff';
import type { Locale } from '../../i18n';
import { formStep } from '../../core/definition';
import type { FormFields, FormValues } from '../../core/form-fields';

/**
 * What work travels between steps, as pages, mail and the JSON API read it: the step outputs a
 * task or decision shows (fixed when its step started), the parts of a shared task, and for a
 * later round the comments that asked for it and what changed since. The measures they are about
 * are read in measures.ts.
 */

export interface AttachmentRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export interface ShownOutput {
  outputId: string;
  stepKey: string;
  stepTitle: string;
  version: number;
  /** The producing task's round; the same number as the version. */
  round: number;
  text: string;
  /** For an output of a per-measure task: the measure it reports on. */
  about: MeasureRef | null;
  /** The measures the output puts forward (a proposal's choices). */
  measures: MeasureRef[];
  attachments: AttachmentRef[];
  /** A report task's output: the compiled version of the lägesrapport it put forward. */
  report: ReportVersionRef | null;
  by: { seatTitle: string; organisationName: string; holderName: string | null } | null;
  at: Date;
  /** A form task's output: the submitted form's fields and values, which its text only names. */
  form: { fields: FormFields; values: FormValues } | null;
  /** A decision step's output: what was asked and decided, and when; what it selected is in `measures`. */
  decision: { question: string; outcome: DecisionOutcome; decidedAt: Date } | null;
}

export type DecisionOutcome = NonNullable<t.Decision['outcome']>;

export interface TaskPart {
  seatId: string;
  organisationName: string;
  holderName: string | null;
  text: string;
  updatedAt: Date;
}

export interface OutputDiff {
  stepTitle: string;
  fromVersion: number;
  toVersion: number;
  lines: DiffLine[];
}

export interface RoundComment {
  voter: { organisationName: string; seatTitle: string; holderName: string | null };
  choice: 'approve' | 'reject' | 'changes';
  comment: string;
  itemComments: Record<string, string>;
  /** The per-measure comments with the measures named, in code order. */
  items: (MeasureRef & { comment: string })[];
}

export interface PreviousRound {
  /** The decision round that asked for this one. */
  decisionId: string | null;
  comments: RoundComment[];
  /** The first shown output that changed since the previous version; `diffs` has them all. */
  diff: OutputDiff | null;
  diffs: OutputDiff[];
}

async function stepTitles(db: Db, cycleIds: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  if (!cycleIds.length) return titles;
  const cycles = await db.select({ id: t.cycles.id, plan: t.cycles.plan }).from(t.cycles).where(inArray(t.cycles.id, cycleIds));
  for (const c of cycles) {
    const plan = c.plan as { phases?: { steps?: { key: string; title: string }[] }[] } | null;
    for (const step of plan?.phases?.flatMap((p) => p.steps ?? []) ?? []) titles.set(`${c.id}|${step.key}`, step.title);
  }
  return titles;
}

/** The form each of these tasks submitted, with the fields its cycle's stored definition gave the step. */
async function submittedForms(db: Db, taskIds: string[]): Promise<Map<string, NonNullable<ShownOutput['form']>>> {
  const out = new Map<string, NonNullable<ShownOutput['form']>>();
  if (!taskIds.length) return out;
  const rows = await db
    .select({
      taskId: t.formInstances.taskId,
      stepKey: t.formInstances.stepKey,
      values: t.formInstances.values,
      definition: t.cycleDefinitions.definition,
    })
    .from(t.formInstances)
    .innerJoin(t.cycles, eq(t.cycles.id, t.formInstances.cycleId))
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(and(inArray(t.formInstances.taskId, taskIds), eq(t.formInstances.state, 'submitted')));
  for (const r of rows) {
    const phases = (r.definition as { phases?: { steps?: { key: string; kind: string }[] }[] }).phases ?? [];
    const raw = phases.flatMap((p) => p.steps ?? []).find((s) => s.key === r.stepKey && s.kind === 'form');
    const step = raw && formStep.safeParse(raw);
    if (step?.success && r.taskId) out.set(r.taskId, { fields: step.data.fields, values: r.values });
  }
  return out;
}

/** The outputs with these ids, in the order given: text, chosen measures, files, who and when. */
export async function shownOutputs(db: Db, outputIds: readonly string[], locale: Locale = 'sv'): Promise<ShownOutput[]> {
  if (!outputIds.length) return [];
  const rows = await db
    .select({
      output: t.stepOutputs,
      taskTitle: t.tasks.title,
      seatTitle: t.seats.title,
      organisationName: t.organisations.shortName,
      holderName: t.holders.name,
      decision: { question: t.decisions.question, outcome: t.decisions.outcome, closedAt: t.decisions.closedAt },
    })
    .from(t.stepOutputs)
    .leftJoin(t.tasks, eq(t.tasks.id, t.stepOutputs.taskId))
    .leftJoin(t.decisions, eq(t.decisions.workflowId, t.stepOutputs.workflowId))
    .leftJoin(t.seats, eq(t.seats.id, t.stepOutputs.seatId))
    .leftJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .leftJoin(t.holders, eq(t.holders.id, t.stepOutputs.holderId))
    .where(inArray(t.stepOutputs.id, [...outputIds]));
  const measureIds = new Set<string>();
  for (const r of rows) {
    for (const id of r.output.choices.measureIds ?? []) measureIds.add(id);
    if (r.output.measureId) measureIds.add(r.output.measureId);
  }
  const [titles, measures, files, versions, forms] = await Promise.all([
    stepTitles(db, [...new Set(rows.map((r) => r.output.cycleId))]),
    candidateMeasures(db, [...measureIds], locale),
    db
      .select({
        id: t.attachments.id,
        outputId: t.attachments.outputId,
        name: t.attachments.name,
        contentType: t.attachments.contentType,
        size: t.attachments.size,
      })
      .from(t.attachments)
      .where(inArray(t.attachments.outputId, [...outputIds]))
      .orderBy(asc(t.attachments.createdAt), asc(t.attachments.name)),
    versionsOfOutputs(db, outputIds),
    submittedForms(
      db,
      rows.map((r) => r.output.taskId).filter((id): id is string => Boolean(id)),
    ),
  ]);
  const measure = new Map(measures.map((m) => [m.id, m]));
  const byId = new Map(
    rows.map(({ output: o, ...r }): [string, ShownOutput] => [
      o.id,
      {
        outputId: o.id,
        stepKey: o.stepKey,
        stepTitle: titles.get(`${o.cycleId}|${o.stepKey}`) ?? r.taskTitle ?? o.stepKey,
        version: o.version,
        round: o.version,
        text: o.text,
        about: (o.measureId && measure.get(o.measureId)) || null,
        measures: measures.filter((m) => o.choices.measureIds?.includes(m.id)),
        attachments: files.filter((f) => f.outputId === o.id).map(({ outputId: _o, ...f }) => f),
        report: versions.get(o.id) ?? null,
        by:
          r.seatTitle && r.organisationName
            ? { seatTitle: r.seatTitle, organisationName: r.organisationName, holderName: r.holderName }
            : null,
        at: o.createdAt,
        form: (o.taskId && forms.get(o.taskId)) || null,
        decision: r.decision?.outcome
          ? { question: r.decision.question, outcome: r.decision.outcome, decidedAt: r.decision.closedAt ?? o.createdAt }
          : null,
      },
    ]),
  );
  return outputIds.map((id) => byId.get(id)).filter((o): o is ShownOutput => Boolean(o));
}

/** The co-owners' parts of a shared task, by party. */
export async function taskParts(db: Db, taskId: string): Promise<TaskPart[]> {
  return db
    .select({
      seatId: t.taskParts.seatId,
      organisationName: t.organisations.shortName,
      holderName: t.holders.name,
      text: t.taskParts.text,
      updatedAt: t.taskParts.updatedAt,
    })
    .from(t.taskParts)
    .innerJoin(t.seats, eq(t.seats.id, t.taskParts.seatId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .leftJoin(t.holders, eq(t.holders.id, t.taskParts.holderId))
    .where(eq(t.taskParts.taskId, taskId))
    .orderBy(asc(t.organisations.shortName));
}

/** Files uploaded to a task so far (before completion they belong to no output yet). */
export async function taskAttachments(db: Db, taskId: string): Promise<AttachmentRef[]> {
  return db
    .select({ id: t.attachments.id, name: t.attachments.name, contentType: t.attachments.contentType, size: t.attachments.size })
    .from(t.attachments)
    .where(eq(t.attachments.taskId, taskId))
    .orderBy(asc(t.attachments.createdAt), asc(t.attachments.name));
}

/** What changed from one output to another: a line diff of their texts. */
export async function outputDiff(db: Db, outputIdFrom: string, outputIdTo: string): Promise<OutputDiff | null> {
  const [from, to] = await shownOutputs(db, [outputIdFrom, outputIdTo]);
  if (!from || !to) return null;
  return { stepTitle: to.stepTitle, fromVersion: from.version, toVersion: to.version, lines: lineDiff(from.text, to.text) };
}

/** The version before an output: same step, same measure, the round before; the same seat's when there are several. */
async function previousVersion(db: Db, outputId: string): Promise<string | undefined> {
  const [o] = await db.select().from(t.stepOutputs).where(eq(t.stepOutputs.id, outputId));
  if (!o || o.version < 2) return undefined;
  const earlier = await db
    .select({ id: t.stepOutputs.id, seatId: t.stepOutputs.seatId })
    .from(t.stepOutputs)
    .where(
      and(
        eq(t.stepOutputs.cycleId, o.cycleId),
        eq(t.stepOutputs.stepKey, o.stepKey),
        eq(t.stepOutputs.version, o.version - 1),
        sql`${t.stepOutputs.measureId} is not distinct from ${o.measureId}`,
      ),
    )
    .orderBy(asc(t.stepOutputs.createdAt));
  return (earlier.find((e) => e.seatId === o.seatId) ?? earlier[0])?.id;
}

/** The decision whose outcome sent the step into this round: the one the cycle recorded, or the step's own previous round. */
/** The decision round that asked for this one; a secret one's votes are nobody's to show but their voters'. */
async function askingDecision(db: Db, w: { cycleId: string; stepKey: string; round: number }): Promise<string | undefined> {
  const reason = await roundReasonOf(db, w);
  const columns = { id: t.decisions.id, showTally: t.decisions.showTally };
  const [decision] = reason
    ? await db.select(columns).from(t.decisions).where(eq(t.decisions.workflowId, reason.workflowId))
    : await db
        .select(columns)
        .from(t.decisions)
        .where(and(eq(t.decisions.cycleId, w.cycleId), eq(t.decisions.stepKey, w.stepKey), eq(t.decisions.round, w.round - 1)));
  return decision?.showTally ? decision.id : undefined;
}

/**
 * For round 2 and later: the comments of the decision round that asked for this one (who, their
 * choice, their comment and their comments per measure; none where that vote was secret), and for
 * each shown output that has a previous version, what changed.
 */
export async function previousRound(
  db: Db,
  w: { cycleId: string | null; stepKey: string | null; round: number; shownOutputIds?: readonly string[] },
  locale: Locale = 'sv',
): Promise<PreviousRound | null> {
  if (w.round < 2 || !w.cycleId || !w.stepKey) return null;
  const decisionId = await askingDecision(db, { cycleId: w.cycleId, stepKey: w.stepKey, round: w.round });
  const votes = decisionId
    ? await db
        .select({ vote: t.votes, organisationName: t.organisations.shortName, seatTitle: t.seats.title, holderName: t.holders.name })
        .from(t.votes)
        .innerJoin(t.seats, eq(t.seats.id, t.votes.seatId))
        .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
        .leftJoin(t.holders, eq(t.holders.id, t.votes.holderId))
        .where(eq(t.votes.decisionId, decisionId))
        .orderBy(asc(t.organisations.shortName))
    : [];
  const named = await candidateMeasures(db, [...new Set(votes.flatMap((v) => Object.keys(v.vote.itemComments)))], locale);
  const comments = votes.map(({ vote, ...who }): RoundComment => ({
    voter: who,
    choice: vote.choice,
    comment: vote.comment,
    itemComments: vote.itemComments,
    items: named.filter((m) => vote.itemComments[m.id]?.trim()).map((m) => ({ ...m, comment: vote.itemComments[m.id]! })),
  }));
  const diffs: OutputDiff[] = [];
  for (const id of w.shownOutputIds ?? []) {
    const before = await previousVersion(db, id);
    const diff = before ? await outputDiff(db, before, id) : null;
    if (diff) diffs.push(diff);
  }
  return { decisionId: decisionId ?? null, comments, diff: diffs[0] ?? null, diffs };
}

/** What a task's or decision's mail summarises: the outputs it shows and a decision's candidates. */
export async function noticeShows(
  db: Db,
  target: { kind: string; id: string },
): Promise<{ outputs: ShownOutput[]; candidates: MeasureRef[] }> {
  const [row] =
    target.kind === 'task'
      ? await db
          .select({ shown: t.tasks.shownOutputIds, candidates: sql<string[] | null>`null` })
          .from(t.tasks)
          .where(eq(t.tasks.id, target.id))
      : target.kind === 'decision'
        ? await db
            .select({ shown: t.decisions.shownOutputIds, candidates: t.decisions.candidateMeasureIds })
            .from(t.decisions)
            .where(eq(t.decisions.id, target.id))
        : [];
  if (!row) return { outputs: [], candidates: [] };
  const [outputs, candidates] = await Promise.all([shownOutputs(db, row.shown), candidateMeasures(db, row.candidates ?? [])]);
  return { outputs, candidates };
}

/** For a meeting's agenda: what each decision on it decides on, by the decision's workflow id. */
export async function agendaSubjects(db: Db, decisionWorkflowIds: readonly string[]): Promise<Map<string, ShownOutput[]>> {
  const subjects = new Map<string, ShownOutput[]>();
  if (!decisionWorkflowIds.length) return subjects;
  const rows = await db
    .select({ workflowId: t.decisions.workflowId, shown: t.decisions.shownOutputIds })
    .from(t.decisions)
    .where(inArray(t.decisions.workflowId, [...decisionWorkflowIds]));
  const outputs = await shownOutputs(db, [...new Set(rows.flatMap((r) => r.shown))]);
  for (const r of rows)
    subjects.set(
      r.workflowId,
      outputs.filter((o) => r.shown.includes(o.outputId)),
    );
  return subjects;
}

/** Everything the task page shows of work that travels. */
export async function taskWork(db: Db, task: t.Task, locale: Locale = 'sv') {
  const seatIds = [task.seatId, ...task.coSeatIds];
  const [shows, measure, parts, files, proposable, previous, owners] = await Promise.all([
    shownOutputs(db, task.shownOutputIds, locale),
    task.measureId ? measureDetail(db, task.measureId, seatIds) : null,
    taskParts(db, task.id),
    taskAttachments(db, task.id),
    task.status === 'open' ? proposableMeasures(db, task, locale) : [],
    previousRound(db, task, locale),
    db
      .select({ seatId: t.seats.id, organisationName: t.organisations.shortName })
      .from(t.seats)
      .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
      .where(inArray(t.seats.id, seatIds)),
  ]);
  // The lead owner's seat first, then the co-owners in the order the task names them.
  const ordered = seatIds.map((id) => owners.find((o) => o.seatId === id)).filter((o): o is (typeof owners)[number] => Boolean(o));
  return { shows, measure, parts, files, proposable, previous, owners: ordered };
}

/** Everything the decision page and the vote link page show of work that travels. */
export async function decisionWork(db: Db, decisionId: string, locale: Locale = 'sv') {
  const [d] = await db.select().from(t.decisions).where(eq(t.decisions.id, decisionId));
  if (!d) return undefined;
  const [shows, candidates, selected, previous] = await Promise.all([
    shownOutputs(db, d.shownOutputIds, locale),
    d.candidateMeasureIds ? candidateMeasures(db, d.candidateMeasureIds, locale) : null,
    d.selectedMeasureIds ? candidateMeasures(db, d.selectedMeasureIds, locale) : null,
    previousRound(db, d, locale),
  ]);
  return { decision: d, shows, candidates, selected, previous };
}

/** The tasks and decisions that show a step output: whoever reads one of them reads the output and its files. */
export async function showingOutput(db: Db, outputId: string) {
  const shows = (column: typeof t.tasks.shownOutputIds | typeof t.decisions.shownOutputIds) =>
    sql`${column} @> ${JSON.stringify([outputId])}::jsonb`;
  const [tasks, decisions] = await Promise.all([
    db.select({ seatId: t.tasks.seatId, coSeatIds: t.tasks.coSeatIds }).from(t.tasks).where(shows(t.tasks.shownOutputIds)),
    db
      .select({ bodyId: t.decisions.bodyId, voterSeatIds: t.decisions.voterSeatIds })
      .from(t.decisions)
      .where(shows(t.decisions.shownOutputIds)),
  ]);
  return { tasks, decisions };
}
