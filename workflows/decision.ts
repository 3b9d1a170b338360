import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Schedule } from '../core/schedule';
import type { Notice } from '../core/notice';
import { evaluate, tally, type Choice, type Outcome, type Rule, type Tally } from '../core/decision-rules';
import { activities, deliver, oneAtATime, refuse, system, type Actor } from './common';

/** A body decides: one vote per seat, changeable until the decision closes. */
export interface DecisionInput {
  decisionId: string;
  bodySlug: string;
  title: string;
  question: string;
  voterSeatIds: string[];
  rule: Rule;
  tie: Outcome;
  showTally: boolean;
  schedule: Schedule;
  cycleId?: string;
  stepKey?: string;
  round?: number;
  /** The earlier steps' outputs the voters see, fixed when the decision opened. */
  shownOutputIds?: string[];
  /** A decision over a list: the measures put forward. Approved, it selects some of them. */
  candidateMeasureIds?: string[];
}

export interface Vote {
  seatId: string;
  choice: Choice;
  comment: string;
  holderId?: string;
  at: string;
  /** Over a list: the measures this voter approves; none unticked is all of them. */
  approvedMeasureIds?: string[];
  itemComments?: Record<string, string>;
}

export interface DecisionState {
  decisionId: string;
  workflowId: string;
  status: 'open' | 'closed' | 'cancelled';
  dueAt: string;
  /** Set when the decision opened on or after its due date: it is late from its first moment. */
  overdueSince?: string;
  /** The highest escalation level sent so far. */
  escalationLevel?: number;
  voterSeatIds: string[];
  votes: Vote[];
  tally: Tally;
  outcome?: Outcome;
  closedAt?: string;
  /** Why it closed: the rule was met, the deadline came, or the cycle stopped it. */
  closedBy?: 'rule' | 'deadline' | 'cancelled';
  candidateMeasureIds?: string[];
  /** Approved over a list: the candidates a majority of the approving votes approved. */
  selectedMeasureIds?: string[];
}

export interface CastVoteInput {
  seatId: string;
  choice: Choice;
  comment?: string;
  approvedMeasureIds?: string[];
  itemComments?: Record<string, string>;
  actor: Actor;
}

export const castVote = defineUpdate<DecisionState, [CastVoteInput]>('castVote');
export const closeDecision = defineSignal<[{ reason: string }]>('closeDecision');
export const decisionStatus = defineQuery<DecisionState>('decisionStatus');

export const DecisionFailure = {
  closed: 'DecisionClosed',
  notAVoter: 'DecisionNotAVoter',
  commentRequired: 'DecisionCommentRequired',
  notYourSeat: 'DecisionNotYourSeat',
  /** Measures named that are not among the candidates, or an approval of none. */
  unknownMeasure: 'DecisionUnknownMeasure',
  noMeasures: 'DecisionNoMeasures',
} as const;

/** The candidates approved by more than half of the approving votes; a vote without a list approves all. */
export function selectedMeasures(candidates: string[], votes: Vote[]): string[] {
  const approving = votes.filter((v) => v.choice === 'approve');
  return candidates.filter(
    (id) => approving.filter((v) => !v.approvedMeasureIds || v.approvedMeasureIds.includes(id)).length * 2 > approving.length,
  );
}

export async function decisionWorkflow(input: DecisionInput): Promise<DecisionState> {
  const { workflowId } = workflowInfo();
  const votes = new Map<string, Vote>();
  const state: DecisionState = {
    decisionId: input.decisionId,
    workflowId,
    status: 'open',
    dueAt: input.schedule.dueAt,
    voterSeatIds: input.voterSeatIds,
    votes: [],
    tally: tally(input.voterSeatIds.length, []),
    ...(input.candidateMeasureIds ? { candidateMeasureIds: input.candidateMeasureIds } : {}),
  };
  let notices = 0;
  let changes = 0;

  const refresh = () => {
    state.votes = [...votes.values()];
    state.tally = tally(
      input.voterSeatIds.length,
      state.votes.map((v) => v.choice),
    );
  };
  /** Writes the projection, the vote, the audit event and a notice in one activity. */
  const inTurn = oneAtATime();
  const record = async (event?: { action: string; actor: Actor; detail?: Record<string, unknown>; vote?: Vote }, notice?: Notice) => {
    await inTurn(() =>
      activities.recordDecision({
        state,
        bodySlug: input.bodySlug,
        title: input.title,
        question: input.question,
        rule: input.rule,
        showTally: input.showTally,
        shownOutputIds: input.shownOutputIds,
        cycleId: input.cycleId,
        stepKey: input.stepKey,
        round: input.round ?? 1,
        vote: event?.vote,
        event: event && {
          action: event.action,
          actor: event.actor,
          detail: event.detail,
          dedupeKey: `${workflowId}#${changes}:${event.action}`,
          at: new Date().toISOString(),
        },
        notice,
      }),
    );
    // Sent outside the turn: a vote never waits on an SMTP server that is down.
    if (notice) await deliver(notice);
  };
  /** Writes a notice to the outbox, in turn with the projections, then sends it. */
  const say = async (n: Notice) => {
    await inTurn(() => activities.notify(n));
    await deliver(n);
  };
  const notice = (
    kind: 'decision_request' | 'late_decision' | 'decision_reminder' | 'escalation' | 'outcome',
    seatIds: string[],
    at: string,
    detail: Record<string, unknown> = {},
  ): Notice => ({
    key: `${workflowId}:${kind}:${++notices}`,
    kind,
    seatIds,
    at,
    target: { kind: 'decision', id: input.decisionId, workflowId },
    title: input.title,
    dueAt: state.dueAt,
    cycleId: input.cycleId,
    detail,
  });
  const close = (outcome: Outcome, by: 'rule' | 'deadline') => {
    state.status = 'closed';
    state.outcome = outcome;
    state.closedBy = by;
    state.closedAt = new Date().toISOString();
    if (outcome === 'approved' && input.candidateMeasureIds)
      state.selectedMeasureIds = selectedMeasures(input.candidateMeasureIds, state.votes);
  };

  setHandler(decisionStatus, () => state);
  setHandler(
    castVote,
    async ({ seatId, choice, comment, approvedMeasureIds, itemComments, actor }) => {
      const previous = votes.get(seatId);
      const vote: Vote = { seatId, choice, comment: comment?.trim() ?? '', holderId: actor.holderId, at: new Date().toISOString() };
      if (input.candidateMeasureIds) {
        if (choice === 'approve') vote.approvedMeasureIds = approvedMeasureIds ?? input.candidateMeasureIds;
        const comments = Object.entries(itemComments ?? {})
          .map(([id, c]) => [id, c.trim()] as const)
          .filter(([, c]) => c);
        if (comments.length) vote.itemComments = Object.fromEntries(comments);
      }
      votes.set(seatId, vote);
      refresh();
      changes++;
      const outcome = evaluate(input.rule, state.tally, input.tie, false);
      if (outcome) close(outcome, 'rule');
      await record({ action: previous ? 'vote.changed' : 'vote.cast', actor, vote, detail: { choice, previous: previous?.choice } });
      return state;
    },
    {
      validator: ({ seatId, choice, comment, approvedMeasureIds, itemComments, actor }) => {
        if (state.status !== 'open') {
          refuse(DecisionFailure.closed, `The decision closed at ${state.closedAt}`, {
            closedAt: state.closedAt,
            closedBy: state.closedBy,
            outcome: state.outcome,
          });
        }
        if (!input.voterSeatIds.includes(seatId)) refuse(DecisionFailure.notAVoter, 'That seat does not vote on this decision');
        if (actor.kind === 'seat' && actor.seatId !== seatId) refuse(DecisionFailure.notYourSeat, 'A seat votes only for itself');
        if (choice === 'changes' && !comment?.trim()) refuse(DecisionFailure.commentRequired, 'Say which changes are wanted');
        const candidates = input.candidateMeasureIds;
        if (!candidates) return;
        const named = [...(approvedMeasureIds ?? []), ...Object.keys(itemComments ?? {})];
        const unknown = named.filter((id) => !candidates.includes(id));
        if (unknown.length) refuse(DecisionFailure.unknownMeasure, 'A measure named is not among the candidates', { measureIds: unknown });
        if (choice === 'approve' && approvedMeasureIds?.length === 0)
          refuse(DecisionFailure.noMeasures, 'Approve at least one measure, or ask for changes');
      },
    },
  );
  setHandler(closeDecision, ({ reason }) => {
    if (state.status !== 'open') return;
    state.status = 'cancelled';
    state.closedBy = 'cancelled';
    state.closedAt = new Date().toISOString();
    state.outcome = undefined;
    void reason;
  });

  let { schedule } = input;
  // A decision that opens on or after its due date cannot close at it: it is late from its first
  // moment, says so in its request, escalates counted from its opening, and stays open for votes.
  const lateStart = Date.parse(schedule.dueAt) <= Date.now() && patched('late-work');
  if (lateStart) {
    schedule = await activities.lateSchedule({ schedule, startAt: new Date().toISOString() });
    state.overdueSince = state.dueAt;
  }
  await record(
    { action: 'decision.requested', actor: system, ...(lateStart ? { detail: { late: true } } : {}) },
    notice(lateStart ? 'late_decision' : 'decision_request', input.voterSeatIds, new Date().toISOString()),
  );

  const dueMs = Date.parse(schedule.dueAt);
  for (;;) {
    const now = Date.now();
    const wakeups = [
      ...schedule.remindAt.map(Date.parse),
      ...schedule.escalations.map((e) => Date.parse(e.at)),
      ...(lateStart ? [] : [dueMs]),
    ].filter((t) => t > now);
    const seen = changes;
    const moved = () => state.status !== 'open' || changes !== seen;
    // With nothing left to wake for, the decision waits for a vote or for the cycle to close it.
    const next = wakeups.length ? Math.min(...wakeups) : undefined;
    const changed = next === undefined ? await condition(moved).then(() => true) : await condition(moved, next - now);
    if (state.status !== 'open') break;
    if (changed) continue;
    const at = new Date(next!).toISOString();
    const missing = input.voterSeatIds.filter((s) => !votes.has(s));
    if (!lateStart && next! >= dueMs) {
      close(evaluate(input.rule, state.tally, input.tie, true)!, 'deadline');
      break;
    }
    if (schedule.remindAt.includes(at) && missing.length) await say(notice('decision_reminder', missing, at));
    for (const e of schedule.escalations.filter((x) => x.at === at)) {
      if (!missing.length) continue;
      state.escalationLevel = e.level;
      await say(notice('escalation', e.seatIds, at, { level: e.level, missingSeatIds: missing }));
    }
  }

  // The vote that closed the decision is recorded (and answered) before the closing itself.
  await condition(allHandlersFinished);
  changes++;
  await record(
    {
      action: state.status === 'cancelled' ? 'decision.cancelled' : 'decision.closed',
      actor: system,
      detail: { outcome: state.outcome, closedBy: state.closedBy },
    },
    state.status === 'closed'
      ? notice('outcome', input.voterSeatIds, state.closedAt!, { outcome: state.outcome, tally: state.tally })
      : undefined,
  );
  await condition(allHandlersFinished);
  return state;
}
