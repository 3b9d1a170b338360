import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate, type Simulation } from './support/time-skipping';
import { batch, runBatch, seatsFor, type Seats } from './support/schedules';

/**
 * Property: whatever the schedule — due dates past, present or future, reminders and escalations
 * around them, work started late, votes and completions early, late or never — no workflow task
 * fails, every workflow ends, late work is overdue from its start, says so once, and escalates;
 * no mail is dated before the work began. `SCHEDULE_RUNS` sets how many schedules (200 in CI;
 * `npm run test:schedules` runs 2,000).
 */
const RUNS = Number(process.env.SCHEDULE_RUNS ?? 200);
const BATCH = 20;

describe('generated schedules under time skipping', () => {
  let sim: Simulation;
  let seats: Seats;

  beforeAll(async () => {
    sim = await simulate();
    seats = await seatsFor(sim.db);
  });
  afterAll(async () => sim?.stop());

  it(
    `${RUNS} schedules: no failed workflow task, every wait has a future or a message, late work is loud`,
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(batch(BATCH), async (generated) => {
          const result = await runBatch(
            {
              client: sim.env.client,
              db: sim.db,
              taskQueue: 'simulation',
              now: async () => (await sim.now()).getTime(),
              sleep: (ms) => sim.env.sleep(ms),
            },
            seats,
            generated,
            `schedules/${n++}`,
          );
          expect(result.failedWorkflowTasks).toEqual([]);
          expect(result.problems).toEqual([]);
        }),
        { numRuns: Math.ceil(RUNS / BATCH), endOnFailure: true },
      );
    },
    Math.max(RUNS, 200) * 5_000,
  );
});
