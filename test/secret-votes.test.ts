import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { stockholmDate } from '../core/time';
import { simulate, type Simulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const COMMENT = 'Budgeten räcker inte till detta';

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

  describe("a secret vote's choices", () => {
    let secret: t.Decision;
    let open: t.Decision;
    const get = (url: string, as: { kind: string; seat?: string } = coordinator) => injectAs(sim.app, { method: 'GET', url }, as);
    const polisenVote = async (id: string, as: { kind: string; seat?: string }) =>
      (await get(`/api/decisions/${id}`, as)).json<{ votes: { seatId: string; choice: string | null; comment: string }[] }>().votes[0];
    const votesOf = async (d: t.Decision) => {
      const res = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/decisions/${d.id}/votes`,
        payload: { choice: 'reject', comment: COMMENT, actor: seat('styrgrupp/polisen') },
      });
      expect(res.statusCode, res.body).toBe(200);
    };

    beforeAll(async () => {
      secret = await recorded('hemligt-val', { showTally: false });
      open = await recorded('oppet-val', {});
      await votesOf(secret);
      await votesOf(open);
    });

    it('are hidden from another member and the coordinator while the vote is open, in JSON, history and page', async () => {
      for (const as of [seat('styrgrupp/kriminalvarden'), coordinator]) {
        expect(await polisenVote(secret.id, as)).toMatchObject({ choice: null, comment: '' });
        const history = (await get(`/api/decisions/${secret.id}/history`, as)).json<{ history: { action: string; detail: unknown }[] }>();
        expect(history.history.filter((e) => e.action.startsWith('vote.')).map((e) => e.detail)).toEqual([null]);
        const page = (await get(`/decisions/${secret.id}`, as)).body;
        expect(page).not.toContain(COMMENT);
        expect(page).toContain('har röstat');
      }
      const member = seat('styrgrupp/kriminalvarden');
      expect((await get(`/api/decisions/${secret.id}`, member)).json().tally).toBeNull();
      const party = (await get(`/api/dashboard/parties/polisen?year=${stockholmDate(secret.dueAt).slice(0, 4)}`, member)).json();
      expect(party.decisions.find((d: { id: string }) => d.id === secret.id)).toMatchObject({ tally: null });
      expect((await get('/api/me/work', member)).json().decisions.find((d: { id: string }) => d.id === secret.id)).toMatchObject({
        tally: null,
      });
    });

    it('show to the voter themself', async () => {
      expect(await polisenVote(secret.id, seat('styrgrupp/polisen'))).toMatchObject({ choice: 'reject', comment: COMMENT });
      expect((await get(`/decisions/${secret.id}`, seat('styrgrupp/polisen'))).body).toContain(COMMENT);
    });

    it("show to the body's members where the tally is open", async () => {
      expect(await polisenVote(open.id, seat('styrgrupp/kriminalvarden'))).toMatchObject({ choice: 'reject', comment: COMMENT });
      expect((await get(`/decisions/${open.id}`, seat('styrgrupp/kriminalvarden'))).body).toContain(COMMENT);
    });

    it('stay hidden after the decision closes, when the counts and the outcome show', async () => {
      await sim.env.sleep(secret.dueAt.getTime() - (await sim.now()).getTime() + 3_600_000);
      const closed = await eventually(async () => {
        const body = (await get(`/api/decisions/${secret.id}`, seat('styrgrupp/kriminalvarden'))).json();
        return body.status === 'closed' ? body : undefined;
      });
      expect(closed.tally).toMatchObject({ reject: 1, cast: 1 });
      for (const as of [seat('styrgrupp/kriminalvarden'), coordinator]) {
        expect(await polisenVote(secret.id, as)).toMatchObject({ choice: null, comment: '' });
        expect((await get(`/decisions/${secret.id}`, as)).body).not.toContain(COMMENT);
      }
      expect(await polisenVote(secret.id, seat('styrgrupp/polisen'))).toMatchObject({ choice: 'reject', comment: COMMENT });
    });
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
