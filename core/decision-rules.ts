/**
 * How a body's votes become an outcome. Pure and free of Node modules: the decision workflow
 * evaluates it on every vote and at the deadline.
 *
 * - all: approved only when every voter approves; decided once everyone has voted.
 * - majority: a choice held by more than half of all voters decides at once; otherwise, when
 *   everyone has voted or at the deadline, the most-chosen option among the votes cast.
 * - quorum N: like majority, but at the deadline at least N votes must have been cast.
 * An undecided result (a tie, no votes, a quorum not reached) takes the definition's `tie`.
 */
export type Choice = 'approve' | 'reject' | 'changes';
export type Outcome = 'approved' | 'rejected' | 'changes_requested';
export type Rule = { kind: 'all' } | { kind: 'majority' } | { kind: 'quorum'; quorum: number };

export const outcomeOf: Record<Choice, Outcome> = { approve: 'approved', reject: 'rejected', changes: 'changes_requested' };

export interface Tally {
  approve: number;
  reject: number;
  changes: number;
  cast: number;
  voters: number;
}

export function tally(voters: number, choices: Choice[]): Tally {
  const t = { approve: 0, reject: 0, changes: 0, cast: choices.length, voters };
  for (const c of choices) t[c]++;
  return t;
}

/** The outcome if the decision closes now (`final`: the deadline has come), else undefined. */
export function evaluate(rule: Rule, t: Tally, tie: Outcome, final: boolean): Outcome | undefined {
  const everyone = t.cast === t.voters;
  if (rule.kind === 'all') {
    if (t.approve === t.voters) return 'approved';
    if (!everyone && !final) return undefined;
    return plurality(t, tie, ['reject', 'changes']);
  }
  const absolute = Math.floor(t.voters / 2) + 1;
  for (const c of ['approve', 'reject', 'changes'] as const) {
    if (t[c] >= absolute) return outcomeOf[c];
  }
  if (!everyone && !final) return undefined;
  if (rule.kind === 'quorum' && t.cast < rule.quorum) return tie;
  return plurality(t, tie, ['approve', 'reject', 'changes']);
}

function plurality(t: Tally, tie: Outcome, among: Choice[]): Outcome {
  const best = Math.max(...among.map((c) => t[c]));
  const leaders = among.filter((c) => t[c] === best);
  return best > 0 && leaders.length === 1 ? outcomeOf[leaders[0]!] : tie;
}
