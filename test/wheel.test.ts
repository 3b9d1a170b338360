import { describe, expect, it } from 'vitest';
import { PHASE_COLOURS, phaseSegments, position, wheelSvg } from '../web/wheel';
import { STYLESHEET } from '../web/assets';
import { stockholmInstant } from '../core/time';

const day = (y: number, m: number, d: number) => stockholmInstant({ year: y, month: m, day: d }, 12, 0);

describe('the wheel', () => {
  it('puts 1 January at the top, 1 July near the bottom, and the next year on the inner lane', () => {
    expect(position(2027, day(2027, 1, 1))).toEqual({ angle: 0, lane: 0 });
    expect(position(2027, day(2027, 7, 2)).angle).toBeCloseTo(180, 0);
    expect(position(2027, day(2028, 1, 15))).toMatchObject({ lane: 1 });
    expect(position(2027, day(2028, 1, 15)).angle).toBeCloseTo((14 / 366) * 360, 5);
    // Stockholm's date, not UTC's: 31 December 23:30 in Stockholm is still the old year.
    expect(position(2027, stockholmInstant({ year: 2027, month: 12, day: 31 }, 23, 30)).lane).toBe(0);
  });

  it('splits a phase that runs into the next year', () => {
    const segs = phaseSegments(2027, day(2027, 11, 30), day(2028, 1, 15));
    expect(segs).toHaveLength(2);
    expect(segs[0]).toMatchObject({ a1: 360, lane: 0 });
    expect(segs[1]).toMatchObject({ a0: 0, lane: 1 });
    expect(phaseSegments(2027, day(2027, 1, 1), day(2027, 3, 31))).toHaveLength(1);
  });

  it('has a text alternative and draws today only when it falls in the cycle', () => {
    const base = {
      year: 2027,
      phases: [],
      marks: [],
      months: 'jfmamjjasond'.split(''),
      title: 'Årshjulet 2027',
      description: 'Faser: inga',
      todayLabel: 'idag',
    };
    const inYear = String(wheelSvg({ ...base, today: day(2027, 5, 1) }));
    expect(inYear).toContain('role="img"');
    expect(inYear).toContain('<title id="wheel-title">Årshjulet 2027</title>');
    expect(inYear).toContain('<line');
    expect(String(wheelSvg({ ...base, today: day(2025, 5, 1) }))).not.toContain('<line');
  });
});

describe('the legend beside the wheel', () => {
  it('colours each phase as the wheel does', () => {
    for (const [i, colour] of PHASE_COLOURS.entries()) expect(STYLESHEET).toContain(`.swatch.phase-${i} {\n  background: ${colour};\n}`);
  });
});
