import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';
import { stockholmDate } from '../core/time';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const ORGS = ['lansstyrelsen', 'kriminalvarden', 'polisen', 'aklagarmyndigheten', 'region-stockholm', 'stockholms-stad', 'storsthlm'];

/** Decision rules as a body meets them: through the API, against real Temporal and PostgreSQL. */
describe('decisions', () => {
  let sim: Simulation;

  beforeAll(async () => {
    sim = await simulate();
  });
  afterAll(async () => sim?.stop());

  const inject = (method: 'GET' | 'POST', url: string, payload?: object) => injectAs(sim.app, { method, url, payload });

  /** Uploads a one-decision definition, starts its 2027 cycle and returns the open decision. */
  async function openDecision(key: string, rule: object, extra: Record<string, unknown> = {}) {
    const uploaded = await inject('POST', '/api/definitions', { definition: decisionCycle(key, rule, extra), actor: coordinator });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const started = await inject('POST', '/api/cycles', { definition: key, year: 2027, actor: coordinator });
    expect(started.statusCode, started.body).toBe(201);
    return eventually(async () => {
      const [d] = await sim.db
        .select()
        .from(t.decisions)
        .where(eq(t.decisions.cycleId, `cycle/${key}/2027`));
      return d;
    });
  }
  const vote = async (id: string, org: string, choice: string, comment?: string) => {
    const res = await inject('POST', `/api/decisions/${id}/votes`, { choice, comment, actor: seat(`styrgrupp/${org}`) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const untilPast = async (dueAt: Date) => {
    const now = (await sim.now()).getTime();
    await sim.env.sleep(dueAt.getTime() - now + 3_600_000);
  };
  const closed = async (id: string) =>
    eventually(async () => {
      const res = await inject('GET', `/api/decisions/${id}`);
      const body = res.json();
      return body.status === 'closed' ? body : undefined;
    });

  it('all: one rejection among seven, once everyone has voted, rejects and ends the cycle', async () => {
    const d = await openDecision('beslut-alla', { kind: 'all' });
    for (const org of ORGS.slice(0, 6)) expect((await vote(d.id, org, 'approve')).status).toBe('open');
    const last = await vote(d.id, 'storsthlm', 'reject');
    expect(last).toMatchObject({ status: 'closed', outcome: 'rejected', closedBy: 'rule' });
    const cycle = await eventually(async () => {
      const body = (await inject('GET', '/api/cycles/beslut-alla/2027')).json<{ status: string; closeReason: string }>();
      return body.status === 'completed' ? body : undefined;
    });
    expect(cycle.closeReason).toBe('rejected:beslut');
  });

  it('majority: the fourth approval closes the decision at once; a later vote is refused saying when and how', async () => {
    const d = await openDecision('beslut-majoritet', { kind: 'majority' });
    for (const org of ORGS.slice(0, 3)) await vote(d.id, org, 'approve');
    await vote(d.id, 'region-stockholm', 'reject');
    await vote(d.id, 'region-stockholm', 'approve'); // changed while open
    const after = await closed(d.id);
    expect(after).toMatchObject({ outcome: 'approved', closedBy: 'rule', tally: { approve: 4, reject: 0, cast: 4, voters: 7 } });
    const events = await sim.db
      .select({ action: t.auditEvents.action })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, d.id), like(t.auditEvents.action, 'vote.%')))
      .orderBy(asc(t.auditEvents.id));
    expect(events.map((e) => e.action)).toEqual(['vote.cast', 'vote.cast', 'vote.cast', 'vote.cast', 'vote.changed']);

    const late = await inject('POST', `/api/decisions/${d.id}/votes?lang=en`, { choice: 'reject', actor: seat('styrgrupp/storsthlm') });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(
      /^The decision has already been taken: it closed on .+ when the decision rule was met, with the outcome approved$/,
    );
    expect(late.json()).toMatchObject({ closedBy: 'rule', outcome: 'approved' });
  });

  it('quorum: too few votes at the deadline is undecided; enough votes decide by plurality', async () => {
    const short = await openDecision('beslut-kvorum', { kind: 'quorum', quorum: 5 });
    for (const org of ORGS.slice(0, 3)) await vote(short.id, org, 'approve');
    await vote(short.id, 'storsthlm', 'reject');
    await untilPast(short.dueAt);
    expect(await closed(short.id)).toMatchObject({ outcome: 'changes_requested', closedBy: 'deadline' });

    const enough = await openDecision('beslut-kvorum-nog', { kind: 'quorum', quorum: 5 });
    for (const org of ORGS.slice(0, 3)) await vote(enough.id, org, 'approve');
    for (const org of ORGS.slice(3, 5)) await vote(enough.id, org, 'reject');
    await untilPast(enough.dueAt);
    expect(await closed(enough.id)).toMatchObject({ outcome: 'approved', closedBy: 'deadline', tally: { cast: 5 } });
  });

  it('a tie takes the outcome the definition gives it', async () => {
    const d = await openDecision('beslut-lika', { kind: 'majority' }, { tie: 'rejected' });
    for (const org of ORGS.slice(0, 3)) await vote(d.id, org, 'approve');
    for (const org of ORGS.slice(3, 6)) await vote(d.id, org, 'reject');
    await untilPast(d.dueAt);
    expect(await closed(d.id)).toMatchObject({ outcome: 'rejected', closedBy: 'deadline', tally: { approve: 3, reject: 3 } });
  });

  it('asks for a comment with "changes", and refuses seats that do not vote', async () => {
    const d = await openDecision('beslut-regler', { kind: 'majority' });
    const noComment = await inject('POST', `/api/decisions/${d.id}/votes`, { choice: 'changes', actor: seat('styrgrupp/polisen') });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().message).toBe('comment: säg vilka ändringar som behövs');
    const outsider = await inject('POST', `/api/decisions/${d.id}/votes`, { choice: 'approve', actor: seat('samordningsgrupp/polisen') });
    expect(outsider.statusCode).toBe(403);
    const coordinatorVote = await inject('POST', `/api/decisions/${d.id}/votes`, { choice: 'approve', actor: coordinator });
    expect(coordinatorVote.statusCode).toBe(403);
    const bad = await inject('POST', `/api/decisions/${d.id}/votes`, { choice: 'yes', actor: seat('styrgrupp/polisen') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('choice');
    const res = await inject('GET', `/api/decisions/${d.id}`);
    expect(res.json().votes).toEqual([]);
  });

  it('a seat whose holder changes between request and vote votes, and is reminded, as its new holder', async () => {
    const d = await openDecision('beslut-innehavare', { kind: 'majority' });
    const today = stockholmDate(new Date());
    const newHolder = async (org: string, name: string, email: string) => {
      const res = await inject('POST', `/api/seats/styrgrupp/${org}/holders`, { name, email, validFrom: today, actor: coordinator });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const polisen = await newHolder('polisen', 'Jonas Berg', 'jonas.berg@polisen.example.org');
    expect(polisen.previous.name).toBe('Maria Sandberg');
    await newHolder('storsthlm', 'Petra Lund', 'petra.lund@storsthlm.example.org');

    expect((await vote(d.id, 'polisen', 'approve')).status).toBe('open');
    const [row] = await sim.db.select().from(t.votes).where(eq(t.votes.decisionId, d.id));
    expect(row!.holderId).toBe(polisen.holder.id);

    const mailTo = async (kind: string) =>
      (
        await sim.db
          .select({ to: t.mailOutbox.toAddress })
          .from(t.mailOutbox)
          .where(and(like(t.mailOutbox.key, `${d.workflowId}:%`), eq(t.mailOutbox.kind, kind)))
      ).map((m) => m.to);
    // The request went to the holders of the day it was sent.
    expect(await mailTo('decision_request')).toEqual(
      expect.arrayContaining(['maria.sandberg@polisen.example.org', 'sofia.wallin@storsthlm.example.org']),
    );
    await untilPast(new Date(d.dueAt.getTime() - 2 * 86_400_000));
    const reminded = await mailTo('decision_reminder');
    expect(reminded).toHaveLength(6);
    expect(reminded).toContain('petra.lund@storsthlm.example.org');
    expect(reminded).not.toContain('sofia.wallin@storsthlm.example.org');
    expect(reminded).not.toContain('jonas.berg@polisen.example.org');
  });
});
