import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;

/** A definition's `showTally` reaches the decision's record, which every page reads. */
describe('secret votes', () => {
  let sim: Simulation;
  beforeAll(async () => {
    sim = await simulate();
  });
  afterAll(async () => sim?.stop());

  async function recorded(key: string, extra: Record<string, unknown>) {
    const inject = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload });
    expect(
      (await inject('/api/definitions', { definition: decisionCycle(key, { kind: 'majority' }, extra), actor: coordinator })).statusCode,
    ).toBe(201);
    expect((await inject('/api/cycles', { definition: key, year: 2027, actor: coordinator })).statusCode).toBe(201);
    return eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.decisions)
            .where(eq(t.decisions.cycleId, `cycle/${key}/2027`))
        )[0],
    );
  }

  it('records a decision whose definition says showTally: false as secret', async () => {
    expect((await recorded('hemlig-omrostning', { showTally: false })).showTally).toBe(false);
  });

  it('records an open tally where the definition leaves it open', async () => {
    expect((await recorded('oppen-omrostning', {})).showTally).toBe(true);
  });

  it('records who started a cycle in its cycle.started event', async () => {
    await recorded('vem-startade', {});
    const [event] = await sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'cycle.started'), eq(t.auditEvents.targetId, 'cycle/vem-startade/2027')));
    expect(event).toMatchObject({ actorKind: 'coordinator' });
    expect(event!.actorSeatId).not.toBeNull();
  });
});
