import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import * as t from '../db/schema';
import { stockholmDate } from '../core/time';
import { at, simulateWithMail, type MailSimulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { csrfOfPage, eventually, injectAs } from './support/app';
import type { LightMyRequestResponse } from 'fastify';

const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const INSTRUCTIONS = 'Skriv förslaget med en ägare per åtgärd och en mening om varför.';
const QUESTION = 'Godkänner styrgruppen förslaget till prioriteringar?';

/** A proposal the styrgrupp decides on; "changes" sends it back to the proposal for another round. */
const roundsCycle = {
  key: 'rundor',
  name: 'Rundtest',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'val',
      title: 'Val',
      steps: [
        {
          key: 'forslag',
          kind: 'tasks',
          title: 'Förslag till prioriteringar',
          instructions: INSTRUCTIONS,
          assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen'] },
          due: 'start+7d',
        },
        {
          key: 'beslut',
          kind: 'decision',
          title: 'Beslut om prioriteringar',
          question: QUESTION,
          body: 'styrgrupp',
          rule: { kind: 'majority' },
          due: 'start+14d',
          onChanges: { goTo: 'forslag', window: '7d' },
        },
      ],
    },
  ],
};

/** Mail through a real SMTP server to a seat's new holder and in a step's second round. */
describe('handover and round mail', () => {
  let sim: MailSimulation;

  beforeAll(async () => {
    sim = await simulateWithMail();
  });
  afterAll(async () => sim?.stop());

  const post = async (url: string, payload: object, status = 200) => {
    const res = await injectAs(sim.app, { method: 'POST', url, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const startCycle = async (definition: object, key: string) => {
    await post('/api/definitions', { definition, actor: coordinator }, 201);
    await post('/api/cycles', { definition: key, year: 2027, actor: coordinator }, 201);
  };
  const mailTo = (address: string, subject: RegExp) =>
    sim.smtp.messages.filter(
      (m) => m.to && 'value' in m.to && m.to.value.some((v) => v.address === address) && subject.test(m.subject ?? ''),
    );
  const oneMail = (address: string, subject: RegExp) =>
    eventually(async () => {
      const [m] = mailTo(address, subject);
      return m;
    });
  const linksIn = (mail: ParsedMail) => [...mail.text!.matchAll(/\/l\/([A-Za-z0-9_-]{43})/g)].map((m) => m[1]!);
  /** Posts a link page's form as a browser does, with the page's CSRF token and cookie. */
  const form = (token: string, page: LightMyRequestResponse, fields: Record<string, string>) => {
    const csrf = csrfOfPage(page);
    return sim.app.inject({
      method: 'POST',
      url: `/l/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie },
      payload: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString(),
    });
  };
  const heading = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)![1]!;

  it('records a holder change made through the API, with the coordinator as actor', async () => {
    const change = await post(
      '/api/seats/styrgrupp/kriminalvarden/holders',
      { name: 'Ali Haddad', email: 'ali.haddad@kriminalvarden.example.org', validFrom: '2027-06-01', actor: coordinator },
      201,
    );
    const events = await sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'holder.change'), eq(t.auditEvents.targetId, change.holder.seatId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorKind: 'coordinator',
      targetKind: 'seat',
      detail: { holder: change.holder.id, validFrom: '2027-06-01' },
    });
  });

  it('a new holder gets one mail listing the seat’s open task and vote, each with a link that works', async () => {
    await startCycle(decisionCycle('overlamning', { kind: 'majority' }), 'overlamning');
    const [decision] = await eventually(async () => {
      const rows = await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/overlamning/2027'));
      return rows.length ? rows : undefined;
    });
    const task = await post(
      '/api/tasks',
      { seat: 'styrgrupp/polisen', title: 'Lägesbild från polisen', dueAt: '2027-03-31', actor: coordinator },
      201,
    );
    await eventually(async () => (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task.id)))[0]);

    // From today: the link pages ask who holds the seat by the wall clock, not the simulation's.
    const change = await post(
      '/api/seats/styrgrupp/polisen/holders',
      { name: 'Jonas Berg', email: 'jonas.berg@polisen.example.org', validFrom: stockholmDate(new Date()), actor: coordinator },
      201,
    );
    const mail = await oneMail('jonas.berg@polisen.example.org', /^Överlämnat till dig/);
    expect(mail.subject).toBe('Överlämnat till dig: Ledamot i styrgruppen (Polisen)');
    expect(mail.text).toContain('Lägesbild från polisen');
    expect(mail.text).toContain('Testbeslut');
    expect(mail.text).toContain('Godkänner styrgruppen förslaget?');
    expect(mailTo('jonas.berg@polisen.example.org', /./)).toHaveLength(1);
    const perTask = await sim.db
      .select()
      .from(t.mailOutbox)
      .where(and(eq(t.mailOutbox.kind, 'handover'), like(t.mailOutbox.key, 'task/%')));
    expect(perTask).toEqual([]);

    const [taskLink, voteLink] = linksIn(mail);
    const taskPage = await sim.app.inject({ method: 'GET', url: `/l/${taskLink}` });
    expect(taskPage.statusCode).toBe(200);
    expect(heading(taskPage.body)).toBe('Lägesbild från polisen');
    const votePage = await sim.app.inject({ method: 'GET', url: `/l/${voteLink}` });
    expect(heading(votePage.body)).toBe('Testbeslut');
    expect((await form(voteLink!, votePage, { choice: 'approve' })).statusCode).toBe(200);
    const [vote] = await sim.db
      .select()
      .from(t.votes)
      .where(and(eq(t.votes.decisionId, decision!.id), eq(t.votes.seatId, change.holder.seatId)));
    expect(vote).toMatchObject({ choice: 'approve', holderId: change.holder.id });
    expect((await form(taskLink!, taskPage, { report: 'Klart.' })).statusCode).toBe(200);
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task.id)))[0]!.status === 'done' ? true : undefined,
    );
  });

  it('a holder from a later day hears nothing until that day', async () => {
    const task = await post(
      '/api/tasks',
      { seat: 'styrgrupp/storsthlm', title: 'Kommunernas lägesbild', dueAt: '2027-03-31', actor: coordinator },
      201,
    );
    await eventually(async () => (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task.id)))[0]);
    const tomorrow = stockholmDate(new Date((await sim.now()).getTime() + 86_400_000));
    await post(
      '/api/seats/styrgrupp/storsthlm/holders',
      { name: 'Petra Lund', email: 'petra.lund@storsthlm.example.org', validFrom: tomorrow, actor: coordinator },
      201,
    );
    await sim.env.sleep(at(`${tomorrow} 00:00`).getTime() - 30 * 60_000 - (await sim.now()).getTime());
    expect(mailTo('petra.lund@storsthlm.example.org', /./)).toEqual([]);
    await sim.until(`${tomorrow} 00:30`);
    const mail = await oneMail('petra.lund@storsthlm.example.org', /^Överlämnat till dig/);
    expect(mail.text).toContain('Kommunernas lägesbild');
  });

  it('a task mail carries the step’s instructions', async () => {
    await startCycle(roundsCycle, 'rundor');
    const mail = await oneMail('sara.lindgren@polisen.example.org', /^Ny uppgift: Förslag till prioriteringar,/);
    expect(mail.text).toContain(INSTRUCTIONS);
    expect(mail.html).toContain(INSTRUCTIONS);
  });

  it('a decision request shows the question', async () => {
    const [proposal] = await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, 'cycle/rundor/2027'));
    await post(`/api/tasks/${proposal!.id}/complete`, { report: 'Förslag: 3.2 och 4.1.', actor: seat('samordningsgrupp/polisen') });
    const mail = await oneMail('karin.ekstrom@lansstyrelsen.example.org', /^Beslut begärt: Beslut om prioriteringar,/);
    expect(mail.text).toContain(QUESTION);
    expect(mail.html).toContain(QUESTION);
  });

  it('after "ask for changes" the task says round 2 in subject and heading, and why', async () => {
    const [decision] = await eventually(async () => {
      const rows = await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/rundor/2027'));
      return rows.length ? rows : undefined;
    });
    for (const org of ['lansstyrelsen', 'kriminalvarden', 'region-stockholm', 'storsthlm']) {
      await post(`/api/decisions/${decision!.id}/votes`, {
        choice: 'changes',
        comment: `Ändringar från ${org}.`,
        actor: seat(`styrgrupp/${org}`),
      });
    }
    const reason = 'Runda 2: i beslutet ”Beslut om prioriteringar” begärdes ändringar.';
    const mail = await oneMail('sara.lindgren@polisen.example.org', /runda 2/);
    expect(mail.subject).toMatch(/^Ny uppgift: Förslag till prioriteringar \(runda 2\), senast /);
    expect(heading(mail.html as string)).toBe('Förslag till prioriteringar (runda 2)');
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain(INSTRUCTIONS);

    const [round2] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, 'cycle/rundor/2027'), eq(t.tasks.round, 2)));
    const page = await injectAs(sim.app, { method: 'GET', url: `/tasks/${round2!.id}` });
    expect(heading(page.body)).toBe('Förslag till prioriteringar (runda 2)');
    expect(page.body).toContain(reason);
    expect(page.body).toContain(`href="/decisions/${decision!.id}?lang=sv"`);
    const en = await injectAs(sim.app, { method: 'GET', url: `/tasks/${round2!.id}?lang=en` });
    expect(heading(en.body)).toBe('Förslag till prioriteringar (round 2)');
    expect(en.body).toContain('Round 2: the decision &quot;Beslut om prioriteringar&quot; asked for changes.');
  });

  it('the decision’s second round says so too, in the mail and on its page', async () => {
    const [round2] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, 'cycle/rundor/2027'), eq(t.tasks.round, 2)));
    await post(`/api/tasks/${round2!.id}/complete`, { report: 'Reviderat förslag.', actor: seat('samordningsgrupp/polisen') });
    const mail = await oneMail('karin.ekstrom@lansstyrelsen.example.org', /^Beslut begärt: .*runda 2/);
    expect(mail.subject).toMatch(/^Beslut begärt: Beslut om prioriteringar \(runda 2\), senast /);
    expect(mail.text).toContain('Runda 2: i beslutet ”Beslut om prioriteringar” begärdes ändringar.');
    const [decision] = await eventually(async () => {
      const rows = await sim.db
        .select()
        .from(t.decisions)
        .where(and(eq(t.decisions.cycleId, 'cycle/rundor/2027'), eq(t.decisions.round, 2)));
      return rows.length ? rows : undefined;
    });
    const page = await injectAs(sim.app, { method: 'GET', url: `/decisions/${decision!.id}` });
    expect(heading(page.body)).toBe('Beslut om prioriteringar (runda 2)');
    const link = await sim.app.inject({ method: 'GET', url: `/l/${linksIn(mail)[0]}` });
    expect(heading(link.body)).toBe('Beslut om prioriteringar (runda 2)');
    expect(link.body).toContain('begärdes ändringar');
  });
});
