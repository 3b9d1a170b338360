import type { ApplicationFailure } from '@temporalio/common';
import { castVote, DecisionFailure, decisionStatus, type CastVoteInput } from '../../workflows/decision';
import type { Actor } from '../../core/actor';
import { tally } from '../../core/decision-rules';
import { formatInstant } from '../../core/time';
import { findDecision, votesOn } from '../../db/queries/decisions';
import { shownOutputs } from '../../db/queries/outputs';
import { decisionWork, previousRound } from '../../db/queries/shown-work';
import { candidateMeasures } from '../../db/queries/measures';
import { decisionDetail } from '../../db/queries/dashboard';
import { t, type Locale, type MessageKey } from '../../i18n';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import type { User } from '../plugins/session';
import { resendLink } from './resend';
import { decisionEffectView } from './one-off';
import { readerOf, readsDecision, type Reader } from './readers';
import type { Ctx } from './context';

/**
 * Decisions as voters and the coordinator act on them: the JSON routes, the decision page's forms
 * and the vote links all call these.
 */

export const decisionNotFound = (id: string) => new UserError(404, 'decision.notFound', { id });

/** "closed on 31 May 2027 at 23:59 at the deadline with the outcome approved" */
export function closedMessage(locale: Locale, closedAt: string | Date | null | undefined, closedBy: unknown, outcome: unknown) {
  const when = closedAt ? formatInstant(new Date(closedAt), locale) : '';
  const how = t(locale, `decision.closedBy.${String(closedBy ?? 'deadline')}` as MessageKey);
  const result = outcome ? t(locale, `outcome.${String(outcome)}` as MessageKey) : t(locale, 'decision.noOutcome');
  return new UserError(409, 'decision.closed', { when, how, outcome: result }, { closedAt, closedBy, outcome: outcome ?? null });
}

const refusals = (locale: Locale): Record<string, (f: ApplicationFailure) => UserError> => ({
  [DecisionFailure.closed]: (f) => {
    const d = failureDetails(f);
    return closedMessage(locale, d.closedAt as string, d.closedBy, d.outcome);
  },
  [DecisionFailure.notAVoter]: () => new UserError(403, 'decision.notAVoter'),
  [DecisionFailure.notYourSeat]: () => new UserError(403, 'decision.notAVoter'),
  [DecisionFailure.commentRequired]: () => new UserError(400, 'decision.commentRequired'),
  [DecisionFailure.unknownMeasure]: () => new UserError(400, 'decision.unknownMeasure'),
  [DecisionFailure.noMeasures]: () => new UserError(400, 'decision.noMeasures'),
});

/**
 * Who voted what, and why, shows as the decision's `showTally` says, open or closed: with it, to
 * everyone who reads the decision; without it, to nobody but the voter. Both ways the counts and
 * the outcome show once the decision has closed (to the coordinator also while it is open, who
 * runs the vote).
 */
export const seesChoice = (reader: Reader, d: { showTally: boolean }, seatId: string) => d.showTally || reader.seatIds.has(seatId);
export const seesTally = (reader: Reader, d: { showTally: boolean; status: string }) =>
  d.showTally || d.status !== 'open' || reader.coordinator;

/** Decisions as listed, with a secret vote's counts left out while it is open (but for the coordinator). */
export const withVisibleTallies = <D extends { showTally: boolean; status: string }>(coordinator: boolean, items: D[]) =>
  items.map((d) => (d.showTally || d.status !== 'open' || coordinator ? d : { ...d, tally: null }));

/** A vote as a reader may see it: a secret one only as having been cast. */
export function voteFor<V extends { seatId: string; choice: string; comment: string }>(reader: Reader, d: { showTally: boolean }, vote: V) {
  if (seesChoice(reader, d, vote.seatId)) return vote;
  return { ...vote, choice: null, comment: '', approvedMeasureIds: null, itemComments: {} };
}

/** A decision the reader may read (else not found, as for an unknown one), with its reader. */
async function readable(ctx: Ctx, user: User | null, id: string) {
  const row = await findDecision(ctx.db, id);
  const reader = await readerOf(ctx, user);
  if (!row || !readsDecision(reader, row)) throw decisionNotFound(id);
  return { row, reader };
}

/** A decision as recorded, with the work it shows, its candidates, its selection and why a later round runs. */
export async function decisionRecord(ctx: Ctx, user: User | null, id: string) {
  const { db } = ctx;
  const { row, reader } = await readable(ctx, user, id);
  const votes = await votesOn(db, id);
  const counted = tally(
    row.voterSeatIds.length,
    votes.map((v) => v.choice),
  );
  const measures = async (ids: string[] | null) => (ids ? candidateMeasures(db, ids) : null);
  return {
    ...row,
    votes: votes.map(({ decisionId: _d, ...v }) => voteFor(reader, row, v)),
    tally: seesTally(reader, row) ? counted : null,
    shows: await shownOutputs(db, row.shownOutputIds),
    candidates: await measures(row.candidateMeasureIds),
    selected: await measures(row.selectedMeasureIds),
    previousRound: await previousRound(db, row),
  };
}

export async function decisionLive(ctx: Ctx, user: User | null, id: string) {
  const { row, reader } = await readable(ctx, user, id);
  const live = await talkToWorkflow(() => ctx.temporal.workflow.getHandle(row.workflowId).query(decisionStatus), decisionNotFound(row.id));
  return { ...live, tally: seesTally(reader, { showTally: row.showTally, status: live.status }) ? live.tally : null };
}

/** A voter's seat casts or changes its vote while the decision is open. */
export async function voteOnDecision(ctx: Ctx, actor: Actor, id: string, input: Omit<CastVoteInput, 'seatId' | 'actor'>) {
  const row = await findDecision(ctx.db, id);
  if (!row) throw decisionNotFound(id);
  if (actor.kind !== 'seat') throw new UserError(403, 'decision.seatsVote');
  if (!row.voterSeatIds.includes(actor.seatId!)) throw new UserError(403, 'decision.notAVoter');
  const closed = () => closedMessage(ctx.locale, row.closedAt, row.closedBy, row.outcome);
  if (row.status !== 'open') throw closed();
  return talkToWorkflow(
    () => ctx.temporal.workflow.getHandle(row.workflowId).executeUpdate(castVote, { args: [{ ...input, seatId: actor.seatId!, actor }] }),
    // A finished workflow no longer takes updates: say how the decision closed.
    closed(),
    refusals(ctx.locale),
  );
}

/** The coordinator mails a voter's current holder a fresh link to the decision. */
export async function resendDecision(ctx: Ctx, actor: Actor, id: string, seatId: string) {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
  const row = await findDecision(ctx.db, id);
  if (!row) throw decisionNotFound(id);
  if (!row.voterSeatIds.includes(seatId)) throw new UserError(403, 'decision.notAVoter');
  const target = { kind: 'decision' as const, id, workflowId: row.workflowId, title: row.title || row.question, dueAt: row.dueAt };
  await resendLink(ctx, actor, target, seatId);
}

async function detail(ctx: Ctx, id: string) {
  const data = await decisionDetail(ctx.db, id);
  if (!data) throw decisionNotFound(id);
  return data;
}

/** A secret vote's events say that a vote was cast, not which choice (their detail holds it). */
const withoutChoices = <E extends { action: string }>(showTally: boolean, history: E[]) =>
  showTally ? history : history.map((e) => (e.action.startsWith('vote.') ? { ...e, detail: null } : e));

/** A decision's audit events and the mail sent about it. */
export async function decisionHistory(ctx: Ctx, user: User | null, id: string) {
  const { row } = await readable(ctx, user, id);
  const { history, mail } = await detail(ctx, id);
  return { history: withoutChoices(row.showTally, history), mail };
}

/** Everything the decision page shows: the question, the work it shows, the voters and the votes the reader may see. */
export async function decisionPageData(ctx: Ctx, user: User | null, id: string) {
  const { reader } = await readable(ctx, user, id);
  const data = await detail(ctx, id);
  const work = (await decisionWork(ctx.db, id, ctx.locale))!;
  const history = withoutChoices(data.item.showTally, data.history);
  const votes = data.votes.map((v) => voteFor(reader, data.item, v));
  return { ...data, history, votes, revealTally: seesTally(reader, data.item), work, effect: await decisionEffectView(ctx, id) };
}
export type DecisionPageData = Awaited<ReturnType<typeof decisionPageData>>;
