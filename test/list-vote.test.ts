import { describe, expect, it } from 'vitest';
import { listVote, taskChoices } from '../api/list-vote';

const a = '11111111-1111-4111-8111-111111111111';
const b = '22222222-2222-4222-8222-222222222222';
const other = '33333333-3333-4333-8333-333333333333';

describe('the form fields of a vote over a list', () => {
  it('an approving vote approves the ticked candidates only', () => {
    expect(listVote({ list: '1', approve: [a, other] }, 'approve', [a, b])).toEqual({ approvedMeasureIds: [a] });
  });

  it('a single tick arrives as a string, and no tick at all approves none', () => {
    expect(listVote({ list: '1', approve: b }, 'approve', [a, b])).toEqual({ approvedMeasureIds: [b] });
    expect(listVote({ list: '1' }, 'approve', [a, b])).toEqual({ approvedMeasureIds: [] });
  });

  it('keeps the comments on candidates, trimmed, and drops empty ones and others', () => {
    const body = { list: '1' as const, approve: [a, b], [`note-${a}`]: '  Bra. ', [`note-${b}`]: ' ', [`note-${other}`]: 'x' };
    expect(listVote(body, 'changes', [a, b])).toEqual({ itemComments: { [a]: 'Bra.' } });
  });

  it('says nothing about a list when the form listed none', () => {
    expect(listVote({ approve: [a] }, 'approve', [a])).toEqual({});
  });

  it("a proposal's ticked measures become its choices", () => {
    expect(taskChoices({ measureIds: a })).toEqual({ measureIds: [a] });
    expect(taskChoices({})).toBeUndefined();
  });
});
