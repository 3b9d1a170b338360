import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { candidateMeasures, type MeasureRef } from './measures';
import { versionsOfOutputs, type ReportVersionRef } from './report-handoff';
import type { Locale } from '../../i18n';
import { formStep } from '../../core/definition';
import type { FormFields, FormValues } from '../../core/form-fields';

/**
 * What work travels between steps, as pages, mail and the JSON API read it: the step outputs a
 * task or decision shows (fixed when its step started) and the parts of a shared task. The
 * measures they are about are read in measures.ts; a page's whole work, with the previous round,
 * in shown-work.ts.
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
