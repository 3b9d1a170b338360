import { and, asc, desc, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { roundReasonOf } from '../db/queries/rounds';

/**
 * What a task or decision shows, read for the JSON API: the outputs it shows, its measure, a
 * shared task's parts, and for a later round the comments that asked for it and what changed.
 */

export async function candidateMeasures(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: t.measures.id, code: t.measures.code, title: t.measures.title }).from(t.measures).where(inArray(t.measures.id, ids));
  return rows.sort((a, b) => a.code.localeCompare(b.code, 'sv', { numeric: true }));
}

const stepTitles = async (db: Db, cycleIds: string[]) => {
  if (cycleIds.length === 0) return new Map<string, string>();
  const cycles = await db.select({ id: t.cycles.id, plan: t.cycles.plan }).from(t.cycles).where(inArray(t.cycles.id, cycleIds));
  return new Map(
    cycles.flatMap((c) => ((c.plan as { phases: { steps: { key: string; title: string }[] }[] } | null)?.phases ?? []).flatMap((p) => p.steps.map((s) => [`${c.id}#${s.key}`, s.title] as const))),
  );
};

/** The outputs, in the order given, as they were recorded: text, chosen measures, files, who, when. */
export async function shownOutputs(db: Db, outputIds: string[]) {
  if (outputIds.length === 0) return [];
  const rows = await db
    .select({ output: t.stepOutputs, seatTitle: t.seats.title, organisationName: t.organisations.name, holderName: t.holders.name })
    .from(t.stepOutputs)
    .leftJoin(t.seats, eq(t.seats.id, t.stepOutputs.seatId))
    .leftJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .leftJoin(t.holders, eq(t.holders.id, t.stepOutputs.holderId))
    .where(inArray(t.stepOutputs.id, outputIds));
  const files = await db
    .select({ id: t.attachments.id, outputId: t.attachments.outputId, name: t.attachments.name, contentType: t.attachments.contentType, size: t.attachments.size })
    .from(t.attachments)
    .where(inArray(t.attachments.outputId, outputIds))
    .orderBy(asc(t.attachments.createdAt));
  const titles = await stepTitles(db, [...new Set(rows.map((r) => r.output.cycleId))]);
  const measures = await candidateMeasures(db, [...new Set(rows.flatMap((r) => r.output.choices.measureIds ?? []))]);
  return outputIds.flatMap((id) => {
    const r = rows.find((x) => x.output.id === id);
    if (!r) return [];
    const o = r.output;
    const chosen = o.choices.measureIds ?? [];
    return [{
      outputId: o.id,
      stepKey: o.stepKey,
      stepTitle: titles.get(`${o.cycleId}#${o.stepKey}`) ?? o.stepKey,
      version: o.version,
      round: o.version,
      text: o.text,
      measures: measures.filter((m) => chosen.includes(m.id)),
      attachments: files.filter((f) => f.outputId === o.id).map(({ outputId: _o, ...f }) => f),
      by: { seatTitle: r.seatTitle, organisationName: r.organisationName, holderName: r.holderName },
      at: o.createdAt,
    }];
  });
}

/** A measure as its owners' task shows it: what it is, its goal, indicators, and who owns it with whom. */
export async function measureDetail(db: Db, measureId: string, seatIds: string[] = []) {
  const [m] = await db
    .select({ measure: t.measures, goal: { number: t.goals.number, title: t.goals.title } })
    .from(t.measures)
    .leftJoin(t.goals, eq(t.goals.id, t.measures.goalId))
    .where(eq(t.measures.id, measureId));
  if (!m) return null;
  const indicators = await db
    .select({ name: t.indicators.name, unit: t.indicators.unit, source: t.indicators.source })
    .from(t.indicators)
    .where(m.measure.goalId ? or(eq(t.indicators.measureId, measureId), eq(t.indicators.goalId, m.measure.goalId)) : eq(t.indicators.measureId, measureId))
    .orderBy(asc(t.indicators.name));
  const owners = await db
    .select({ organisationId: t.organisations.id, organisationName: t.organisations.name, lead: t.measureOwners.lead })
    .from(t.measureOwners)
    .innerJoin(t.organisations, eq(t.organisations.id, t.measureOwners.organisationId))
    .where(eq(t.measureOwners.measureId, measureId))
    .orderBy(desc(t.measureOwners.lead), asc(t.organisations.name));
  const seats = seatIds.length ? await db.select({ id: t.seats.id, organisationId: t.seats.organisationId }).from(t.seats).where(inArray(t.seats.id, seatIds)) : [];
  return {
    id: m.measure.id,
    code: m.measure.code,
    title: m.measure.title,
    description: m.measure.description,
    goal: m.goal,
    indicators,
    owners: owners.map((o) => ({ organisationName: o.organisationName, seatId: seats.find((s) => s.organisationId === o.organisationId)?.id ?? null, lead: o.lead })),
  };
}

export async function taskParts(db: Db, taskId: string) {
  return db
    .select({ seatId: t.taskParts.seatId, organisationName: t.organisations.name, holderName: t.holders.name, text: t.taskParts.text, updatedAt: t.taskParts.updatedAt })
    .from(t.taskParts)
    .innerJoin(t.seats, eq(t.seats.id, t.taskParts.seatId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .leftJoin(t.holders, eq(t.holders.id, t.taskParts.holderId))
    .where(eq(t.taskParts.taskId, taskId))
    .orderBy(asc(t.organisations.name));
}

export type DiffLine = { op: 'same' | 'add' | 'del'; text: string };

/** Lines kept, added and removed between two texts: the longest common subsequence of lines. */
export function lineDiff(from: string, to: string): DiffLine[] {
  const a = from.split('\n');
  const b = to.split('\n');
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: 'same', text: a[i++]! });
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push({ op: 'add', text: b[j++]! });
    else out.push({ op: 'del', text: a[i++]! });
  }
  return out;
}

export async function outputDiff(db: Db, outputIdFrom: string, outputIdTo: string) {
  const rows = await db.select().from(t.stepOutputs).where(inArray(t.stepOutputs.id, [outputIdFrom, outputIdTo]));
  const from = rows.find((r) => r.id === outputIdFrom);
  const to = rows.find((r) => r.id === outputIdTo);
  if (!from || !to) return null;
  return { fromVersion: from.version, toVersion: to.version, lines: lineDiff(from.text, to.text) };
}

/**
 * For round 2 and later: the votes of the decision round that sent the step back, with their
 * comments, and what changed in the first shown output that has an earlier version.
 */
export async function previousRound(db: Db, w: { cycleId: string | null; stepKey: string | null; round: number; shownOutputIds: string[] }) {
  const reason = await roundReasonOf(db, w);
  if (!reason) return null;
  const [decision] = await db.select({ id: t.decisions.id }).from(t.decisions).where(eq(t.decisions.workflowId, reason.workflowId));
  const votes = decision
    ? await db
        .select({ organisationName: t.organisations.name, holderName: t.holders.name, choice: t.votes.choice, comment: t.votes.comment, itemComments: t.votes.itemComments })
        .from(t.votes)
        .innerJoin(t.seats, eq(t.seats.id, t.votes.seatId))
        .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
        .leftJoin(t.holders, eq(t.holders.id, t.votes.holderId))
        .where(eq(t.votes.decisionId, decision.id))
        .orderBy(asc(t.votes.castAt))
    : [];
  const comments = votes
    .filter((v) => v.comment || Object.keys(v.itemComments).length)
    .map((v) => ({ voter: { organisationName: v.organisationName, holderName: v.holderName }, choice: v.choice, comment: v.comment, itemComments: v.itemComments }));
  let diff = null;
  for (const id of w.shownOutputIds) {
    const [current] = await db.select().from(t.stepOutputs).where(eq(t.stepOutputs.id, id));
    if (!current || current.version < 2) continue;
    const [earlier] = await db
      .select({ id: t.stepOutputs.id })
      .from(t.stepOutputs)
      .where(and(
        eq(t.stepOutputs.cycleId, current.cycleId),
        eq(t.stepOutputs.stepKey, current.stepKey),
        lt(t.stepOutputs.version, current.version),
        current.measureId ? eq(t.stepOutputs.measureId, current.measureId) : isNotNull(t.stepOutputs.id),
      ))
      .orderBy(desc(t.stepOutputs.version))
      .limit(1);
    if (earlier) diff = await outputDiff(db, earlier.id, current.id);
    if (diff) break;
  }
  return { comments, diff };
}
