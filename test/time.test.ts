import { describe, expect, it } from 'vitest';
import { stockholmDate, stockholmInstant, toLocal } from '../core/time';

// 2027's clock changes: 02:00 becomes 03:00 on 28 March, 03:00 becomes 02:00 on 31 October.
describe('Stockholm time', () => {
  it('reads a spring time the clocks skip as the hour after it', () => {
    expect(stockholmInstant({ year: 2027, month: 3, day: 28 }, 2, 30).toISOString()).toBe('2027-03-28T01:30:00.000Z');
  });

  it('puts the last winter minute and the first summer minute either side of the spring change', () => {
    expect(stockholmInstant({ year: 2027, month: 3, day: 28 }, 1, 59).toISOString()).toBe('2027-03-28T00:59:00.000Z');
    expect(stockholmInstant({ year: 2027, month: 3, day: 28 }, 3, 0).toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('reads an autumn time the clocks show twice as the second, in winter time', () => {
    expect(stockholmInstant({ year: 2027, month: 10, day: 31 }, 2, 30).toISOString()).toBe('2027-10-31T01:30:00.000Z');
  });

  it('keeps 08:00 reminders at 08:00 on both sides of each change', () => {
    const days = [
      [3, 27],
      [3, 28],
      [3, 29],
      [10, 30],
      [10, 31],
      [11, 1],
    ] as const;
    for (const [month, day] of days) {
      expect(toLocal(stockholmInstant({ year: 2027, month, day }, 8, 0))).toEqual({ year: 2027, month, day, hour: 8, minute: 0 });
    }
  });

  it('reads both autumn 02:30s as 02:30', () => {
    expect(toLocal(new Date('2027-10-31T00:30:00Z'))).toMatchObject({ day: 31, hour: 2, minute: 30 });
    expect(toLocal(new Date('2027-10-31T01:30:00Z'))).toMatchObject({ day: 31, hour: 2, minute: 30 });
  });

  it('dates an instant by the Stockholm day, not the UTC day', () => {
    expect(stockholmDate(new Date('2027-06-30T22:30:00Z'))).toBe('2027-07-01');
    expect(stockholmDate(new Date('2027-12-31T22:59:59Z'))).toBe('2027-12-31');
    expect(stockholmDate(new Date('2027-12-31T23:00:00Z'))).toBe('2028-01-01');
  });
});
