import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleDefinition, type CycleDefinition } from '../core/definition';
import { deadlinesPassed, resolvePlan } from '../core/plan';
import { type Directory, type LateStart, type PlannedStep, type YearPlan } from '../core/plan-types';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { loadDirectory } from '../db/queries/directory';
import { at } from './support/time-skipping';
import { wall } from './support/wall';
import { createSeededDatabase, type TestDatabase } from './support/database';

let database: TestDatabase;
let directory: Directory;
const def: CycleDefinition = cycleDefinition.parse(kvinnofridArshjul);

beforeAll(async () => {
  database = await createSeededDatabase();
  directory = await loadDirectory(database.db);
});
afterAll(async () => database?.drop());

const NOVEMBER = at('2027-11-15 10:00');
const plan = (start: Date, late?: LateStart) => {
  const resolved = resolvePlan(def, 2027, directory, start, late);
  if (!resolved.plan) throw new Error(JSON.stringify(resolved.issues));
  return resolved;
};
const steps = (p: YearPlan) => p.phases.flatMap((x) => x.steps);
const step = (p: YearPlan, key: string) => steps(p).find((s) => s.key === key)!;
const work = (p: YearPlan) => steps(p).filter((s) => s.kind !== 'meetings');
/** Every instant a step that runs would wait for. */
const instants = (s: PlannedStep) =>
  s.schedule ? [s.schedule.dueAt, ...s.schedule.remindAt, ...s.schedule.escalations.map((e) => e.at)] : [];

describe('a year planned after some of its dates', () => {
  it('lists every step whose deadline, reminders or escalations have passed', () => {
    const { passed } = plan(NOVEMBER);
    expect(passed.filter((p) => p.dueAt).map((p) => [p.stepKey, wall(p.dueAt)])).toEqual([
      ['behovsinventering', '2027-03-15 23:59'],
      ['lagesbeskrivning', '2027-03-31 23:59'],
      ['forslag', '2027-04-30 23:59'],
      ['prioriteringsbeslut', '2027-05-20 15:00'],
      ['halvarsrapport', '2027-08-31 23:59'],
    ]);
    // Genomförande falls due on 30 November, its first reminder on the 16th: nothing of it has passed.
    expect(passed.some((p) => p.stepKey === 'genomforande')).toBe(false);
    expect(deadlinesPassed(passed)).toBe(true);
  });

  it('lists nothing for a year started before its first date', () => {
    const { passed } = plan(at('2026-12-01 10:00'));
    expect(passed).toEqual([]);
    expect(deadlinesPassed(passed)).toBe(false);
  });

  it('drops reminders that have passed from a step that still runs', () => {
    const { plan: p } = plan(at('2027-03-05 10:00'));
    expect(step(p, 'behovsinventering').schedule!.remindAt.map(wall)[0]).toBe('2027-03-12 08:00');
  });
});

describe('starting at a later phase', () => {
  const late: LateStart = { mode: 'fromPhase', phase: 'folja-upp', reason: 'Cykeln infördes i november.' };

  it('marks the steps of the phases before it skipped, with the reason', () => {
    const { plan: p } = plan(NOVEMBER, late);
    expect(
      work(p)
        .filter((s) => s.skipped)
        .map((s) => s.key),
    ).toEqual(['behovsinventering', 'lagesbeskrivning', 'forslag', 'prioriteringsbeslut', 'halvarsrapport', 'genomforande']);
    expect(step(p, 'forslag').skipped).toEqual({ reason: 'Cykeln infördes i november.' });
    expect(p.lateStart).toEqual({ ...late, at: NOVEMBER.toISOString() });
  });

  it('keeps the meeting series: they outlive the year', () => {
    const { plan: p } = plan(NOVEMBER, late);
    expect(
      steps(p)
        .filter((s) => s.kind === 'meetings')
        .map((s) => [s.key, s.skipped]),
    ).toEqual([
      ['samordningsgruppens-moten', undefined],
      ['styrgruppens-moten', undefined],
    ]);
  });

  it('leaves the dates of the phase and those after it as they were', () => {
    const { plan: p } = plan(NOVEMBER, late);
    expect(wall(step(p, 'uppfoljning').schedule!.dueAt)).toBe('2028-01-15 23:59');
    expect(step(p, 'rapportbeslut').decision!.atMeeting).toBeDefined();
  });

  it('refuses a phase whose own deadlines have passed, naming the step', () => {
    const resolved = resolvePlan(def, 2027, directory, NOVEMBER, { ...late, phase: 'genomfora' });
    expect(resolved.issues).toEqual([
      { path: 'start.phase', key: 'late.stepPassed', args: { step: 'Halvårsrapport', phase: 'Fas III: Genomföra' } },
    ]);
  });

  it('refuses a phase the definition does not have', () => {
    const resolved = resolvePlan(def, 2027, directory, NOVEMBER, { ...late, phase: 'fas-v' });
    expect(resolved.issues).toContainEqual({ path: 'start.phase', key: 'late.unknownPhase', args: { phase: 'fas-v' } });
  });
});

describe('new dates from today', () => {
  it('moves every deadline before the new date to the end of that day', () => {
    const { plan: p } = plan(NOVEMBER, { mode: 'redate', days: 14 });
    expect(work(p).map((s) => [s.key, wall(s.schedule!.dueAt)])).toEqual([
      ['behovsinventering', '2027-11-29 23:59'],
      ['lagesbeskrivning', '2027-11-29 23:59'],
      ['forslag', '2027-11-29 23:59'],
      ['prioriteringsbeslut', '2027-11-29 23:59'],
      ['halvarsrapport', '2027-11-29 23:59'],
      ['genomforande', '2027-11-30 23:59'],
      ['uppfoljning', '2028-01-15 23:59'],
      ['indikatorer', '2028-01-15 23:59'],
      ['rapportutkast', '2028-01-31 23:59'],
      ['rapportgranskning', '2028-02-08 12:00'],
      ['rapportbeslut', '2028-02-17 15:00'],
      ['overlamning', '2028-02-22 23:59'],
    ]);
    expect(wall(step(p, 'forslag').redatedFrom)).toBe('2027-04-30 23:59');
    expect(step(p, 'genomforande').redatedFrom).toBeUndefined();
  });

  it('has a decision whose meeting has passed taken by link', () => {
    const { plan: p } = plan(NOVEMBER, { mode: 'redate', days: 14 });
    expect(step(p, 'prioriteringsbeslut').decision!.atMeeting).toBeUndefined();
    expect(step(p, 'rapportgranskning').decision!.atMeeting).toMatchObject({ bodySlug: 'samordningsgrupp' });
  });

  it('schedules nothing in the past and keeps every step after the steps it waits for, whenever it starts', () => {
    // A grid over the year instead of generated cases: every week from March into the next February.
    for (let week = 0; week < 52; week++) {
      const start = new Date(at('2027-03-01 10:00').getTime() + week * 7 * 86_400_000);
      for (const days of [1, 7, 30, 90]) {
        const { plan: p } = plan(start, { mode: 'redate', days });
        const running = work(p);
        for (const s of running) {
          for (const instant of instants(s))
            expect(Date.parse(instant), `${s.key} from ${wall(start)} +${days}d`).toBeGreaterThan(start.getTime());
        }
        let previousGroupEnd = 0;
        let groupEnd = 0;
        for (const s of running) {
          if (!s.concurrent) [previousGroupEnd, groupEnd] = [groupEnd, 0];
          const due = Date.parse(s.schedule!.dueAt);
          expect(due, `${s.key} from ${wall(start)} +${days}d`).toBeGreaterThanOrEqual(previousGroupEnd);
          groupEnd = Math.max(groupEnd, due);
        }
      }
    }
  });
});
