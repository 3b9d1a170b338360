import { describe, expect, it } from 'vitest';
import { shownDecision, shownFieldLines } from '../web/shown-form';

const decidedAt = new Date('2027-10-14T22:30:00Z');
const question = 'Vilka åtgärder prioriteras 2027?';

/** A decision's result as a later step shows it, on its page and in its mail. */
describe('a shown decision', () => {
  it('reads its question, outcome and Stockholm date', () => {
    expect(shownFieldLines(shownDecision('sv', { question, outcome: 'rejected', decidedAt }, []))).toEqual([
      `Fråga: ${question}`,
      'Beslut: avslaget',
      'Beslutat: 15 oktober 2027',
    ]);
  });

  it('names the measures a selecting decision chose', () => {
    const selected = [
      { code: '1.2', title: 'Utbildning för socialtjänsten' },
      { code: '3.1', title: 'Gemensam rutin för riskbedömning' },
    ];
    expect(shownDecision('en', { question, outcome: 'approved', decidedAt }, selected).at(-1)).toEqual({
      label: 'Measures selected',
      value: '1.2 Utbildning för socialtjänsten; 3.1 Gemensam rutin för riskbedömning',
    });
  });
});
