import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { roundReasonOf } from './rounds';
import { candidateMeasures, measureDetail, proposableMeasures, type MeasureRef } from './measures';
import { shownOutputs, taskAttachments, taskParts } from './outputs';
import { lineDiff, type DiffLine } from '../../core/line-diff';
import type { Locale } from '../../i18n';

/**
 * Everything a task's or decision's page shows of work that travels, and for a later round the
 * comments that asked for it and what changed since (the outputs themselves are read in outputs.ts).
 */

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

/**
 * The decision round that asked for this one: the one the cycle recorded, or the step's own
 * previous round. A secret one's votes are nobody's to show but their voters'.
 */
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
