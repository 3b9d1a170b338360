import { describe, expect, it } from 'vitest';
import { evaluate, tally, type Choice } from '../core/decision-rules';

const votes = (s: string) => s.split('').map((c) => ({ a: 'approve', r: 'reject', c: 'changes' })[c] as Choice);

describe('decision rules', () => {
  it('all: approved only when everyone approves; decided when everyone has voted', () => {
    const all = { kind: 'all' } as const;
    expect(evaluate(all, tally(3, votes('aa')), 'changes_requested', false)).toBeUndefined();
    expect(evaluate(all, tally(3, votes('aaa')), 'changes_requested', false)).toBe('approved');
    expect(evaluate(all, tally(3, votes('aar')), 'changes_requested', false)).toBe('rejected');
    expect(evaluate(all, tally(3, votes('acr')), 'changes_requested', false)).toBe('changes_requested');
    expect(evaluate(all, tally(3, votes('aa')), 'rejected', true)).toBe('rejected');
  });

  it('majority: an absolute majority decides at once, otherwise the plurality at the deadline', () => {
    const majority = { kind: 'majority' } as const;
    expect(evaluate(majority, tally(7, votes('aaa')), 'changes_requested', false)).toBeUndefined();
    expect(evaluate(majority, tally(7, votes('aaaa')), 'changes_requested', false)).toBe('approved');
    expect(evaluate(majority, tally(7, votes('rrrr')), 'changes_requested', false)).toBe('rejected');
    expect(evaluate(majority, tally(7, votes('aaar')), 'changes_requested', true)).toBe('approved');
    expect(evaluate(majority, tally(7, votes('')), 'changes_requested', true)).toBe('changes_requested');
  });

  it('a tie takes the definition’s tie outcome', () => {
    const majority = { kind: 'majority' } as const;
    expect(evaluate(majority, tally(6, votes('aaarrr')), 'changes_requested', false)).toBe('changes_requested');
    expect(evaluate(majority, tally(6, votes('aarr')), 'rejected', true)).toBe('rejected');
  });

  it('quorum: too few votes at the deadline is undecided', () => {
    const quorum = { kind: 'quorum', quorum: 4 } as const;
    expect(evaluate(quorum, tally(7, votes('aaa')), 'changes_requested', true)).toBe('changes_requested');
    expect(evaluate(quorum, tally(7, votes('aaar')), 'changes_requested', true)).toBe('approved');
    expect(evaluate(quorum, tally(7, votes('aaaa')), 'changes_requested', false)).toBe('approved');
  });
});
