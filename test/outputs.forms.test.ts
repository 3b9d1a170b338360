import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { hashToken } from '../db/queries/links';
import { shownOutputs } from '../db/queries/outputs';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { csrfOfPage, eventually, injectAs, signedInAs } from './support/app';
import { proposalCycle as definition } from './support/definitions';
import { PageForm } from './support/forms';
import { stockholmDate } from '../core/time';

const CYCLE = `cycle/${definition.key}/2027`;
const CHAIR = definition.roles!.chair!;
const LINK = /\/l\/([A-Za-z0-9_-]{43})/;

/**
 * Work that travels, through the forms of the pages and the personal links as a person without
 * JavaScript uses them, on real Temporal (time skipping) and PostgreSQL: the proposal's ticked
 * measures, a vote that unticks one and comments another, a co-owner's part, and the lead's report.
 */
describe('proposals, votes over a list and shared tasks through the page forms', () => {
  let sim: Simulation;
  const measures = new Map<string, string>();
  const id = (code: string) => measures.get(code)!;
  const seats = new Map<string, string>();

  beforeAll(async () => {
    sim = await simulate();
    for (const m of await sim.db.select().from(t.measures)) measures.set(m.code, m.id);
    for (const s of await sim.db.select().from(t.seats)) seats.set(s.slug, s.id);
    const uploaded = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition, actor: { kind: 'coordinator' } },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: definition.key, year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
  }, 60_000);
  afterAll(async () => sim?.stop());

  const cookieOf = async (seat: string) => (await signedInAs(sim.app, seat)).cookie;
  /** A page as the holder of `seat` sees it (nobody signed in without one), and the form on it posting to `action`. */
  const formOn = async (url: string, action: string, seat?: string) => {
    const cookie = seat ? await cookieOf(seat) : undefined;
    const res = await sim.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    expect(res.statusCode, res.body).toBe(200);
    return { form: PageForm.on(res.body, action, cookie ?? csrfOfPage(res).cookie), cookie, page: res.body };
  };
  const openTask = (stepKey: string, match: (task: t.Task) => boolean = () => true) =>
    eventually(async () => (await stepTasks(sim.db, CYCLE, stepKey)).find((x) => x.task.status === 'open' && match(x.task))?.task);
  const openDecision = () =>
    eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.decisions)
            .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.status, 'open')))
        )[0],
    );
  const voteOf = (decisionId: string, seat: string) =>
    eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.votes)
            .where(and(eq(t.votes.decisionId, decisionId), eq(t.votes.seatId, seats.get(seat)!)))
        )[0],
    );
  /** The personal link in the mail of `kind` a seat got about a target. */
  const mailedLink = (targetId: string, seat: string, kind: string) =>
    eventually(async () => {
      const [mail] = await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.targetId, targetId), eq(t.mailOutbox.seatId, seats.get(seat)!), eq(t.mailOutbox.kind, kind)));
      const token = mail && LINK.exec(mail.text)?.[1];
      return token ? { mail, token, path: `/l/${token}` } : undefined;
    });
  const halfYear = (code: string) => openTask('halvar', (task) => task.measureId === id(code));
  const partOf = async (taskId: string, seat: string) =>
    (
      await sim.db
        .select()
        .from(t.taskParts)
        .where(and(eq(t.taskParts.taskId, taskId), eq(t.taskParts.seatId, seats.get(seat)!)))
    )[0];

  it('completing the proposal from the task page with ticked measures stores the output with those measures', async () => {
    const task = await openTask('forslag');
    const { form, cookie } = await formOn(`/tasks/${task.id}`, `/tasks/${task.id}/complete`, CHAIR);
    form.fill('report', 'Förslag: tre åtgärder i år.');
    for (const code of ['2.1', '5.1', '8.1', '1.1']) form.tick('measureIds', id(code));
    const res = await form.submit(sim.app, cookie);
    expect([res.statusCode, res.headers.location]).toEqual([303, `/tasks/${task.id}?lang=sv&done=completed`]);
    const [output] = await sim.db.select().from(t.stepOutputs).where(eq(t.stepOutputs.taskId, task.id));
    expect(output).toMatchObject({ stepKey: 'forslag', version: 1, text: 'Förslag: tre åtgärder i år.', seatId: seats.get(CHAIR) });
    expect(output!.choices.measureIds!.slice().sort()).toEqual(['1.1', '2.1', '5.1', '8.1'].map(id).sort());
  });

  it('a vote from the decision page with one measure unticked and a comment on another records both', async () => {
    const decision = await openDecision();
    const { form, cookie } = await formOn(`/decisions/${decision.id}`, `/decisions/${decision.id}/vote`, 'styrgrupp/lansstyrelsen');
    expect(form.ticked('approve').sort()).toEqual(['1.1', '2.1', '5.1', '8.1'].map(id).sort());
    form
      .choose('choice', 'approve')
      .tick('approve', id('1.1'), false)
      .fill(`note-${id('5.1')}`, 'Viktig för utredarna.');
    const res = await form.submit(sim.app, cookie);
    expect([res.statusCode, res.headers.location]).toEqual([303, `/decisions/${decision.id}?lang=sv&done=voted`]);
    const vote = await voteOf(decision.id, 'styrgrupp/lansstyrelsen');
    expect(vote.choice).toBe('approve');
    expect(vote.approvedMeasureIds!.slice().sort()).toEqual(['2.1', '5.1', '8.1'].map(id).sort());
    expect(vote.itemComments).toEqual({ [id('5.1')]: 'Viktig för utredarna.' });
  });

  it('the same vote through the personal link page records both', async () => {
    const decision = await openDecision();
    const link = await mailedLink(decision.id, 'styrgrupp/polisen', 'decision_request');
    const { form } = await formOn(link.path, link.path);
    form
      .choose('choice', 'approve')
      .tick('approve', id('1.1'), false)
      .fill(`note-${id('8.1')}`, 'Börja med Polisen.');
    const res = await form.submit(sim.app);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Tack! Din röst är registrerad: Godkänn.');
    const vote = await voteOf(decision.id, 'styrgrupp/polisen');
    expect(vote.approvedMeasureIds!.slice().sort()).toEqual(['2.1', '5.1', '8.1'].map(id).sort());
    expect(vote.itemComments).toEqual({ [id('8.1')]: 'Börja med Polisen.' });
  });

  it('the decision closes on the votes cast and selects the measures a majority approved', async () => {
    const decision = await openDecision();
    // The rest approve the whole list, through the JSON API, until the rule decides.
    for (const org of ['region-stockholm', 'storsthlm']) {
      const res = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/decisions/${decision.id}/votes`,
        payload: { choice: 'approve', actor: { kind: 'seat', seat: `styrgrupp/${org}` } },
      });
      expect(res.statusCode, res.body).toBe(200);
      if (res.json().status === 'closed') break;
    }
    const closed = await eventually(
      async () =>
        await sim.db
          .select()
          .from(t.decisions)
          .where(eq(t.decisions.id, decision.id))
          .then((r) => r.find((d) => d.status === 'closed')),
    );
    expect([closed.outcome, closed.selectedMeasureIds!.slice().sort()]).toEqual(['approved', ['2.1', '5.1', '8.1'].map(id).sort()]);
  });

  it('leaves the closed decision as its step’s output, which shows what it decided and selected', async () => {
    const [closed] = await sim.db
      .select()
      .from(t.decisions)
      .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.status, 'closed')));
    const [output] = await sim.db.select().from(t.stepOutputs).where(eq(t.stepOutputs.workflowId, closed!.workflowId));
    expect([output!.stepKey, output!.version, output!.taskId]).toEqual([closed!.stepKey, closed!.round, null]);
    const [shown] = await shownOutputs(sim.db, [output!.id]);
    expect(shown!.decision).toEqual({ question: closed!.question, outcome: 'approved', decidedAt: closed!.closedAt });
    expect(shown!.measures.map((m) => m.code).sort()).toEqual(['2.1', '5.1', '8.1']);
  });

  it("a co-owner's part from the task page form is saved as theirs", async () => {
    const task = await halfYear('8.1');
    const { form, cookie } = await formOn(`/tasks/${task.id}`, `/tasks/${task.id}/part`, 'samordningsgrupp/kriminalvarden');
    form.fill('text', 'Kriminalvården: riskbedömning i alla frivårdsärenden.');
    const res = await form.submit(sim.app, cookie);
    expect([res.statusCode, res.headers.location]).toEqual([303, `/tasks/${task.id}?lang=sv&done=partSaved`]);
    expect((await partOf(task.id, 'samordningsgrupp/kriminalvarden'))?.text).toBe('Kriminalvården: riskbedömning i alla frivårdsärenden.');
  });

  it("a co-owner's mail carries a part link, and the lead's a link to complete", async () => {
    const task = await halfYear('8.1');
    const coOwner = await mailedLink(task.id, 'samordningsgrupp/storsthlm', 'task');
    const lead = await mailedLink(task.id, 'samordningsgrupp/polisen', 'task');
    const action = async (token: string) =>
      (
        await sim.db
          .select()
          .from(t.linkTokens)
          .where(eq(t.linkTokens.tokenHash, hashToken(token)))
      )[0]!.action;
    expect([await action(coOwner.token), await action(lead.token)]).toEqual(['part', 'complete']);
    expect(coOwner.mail.text).toContain(`Skriv er del: http://localhost:3000${coOwner.path}`);
    expect(coOwner.mail.text).toContain('Skriv er del via länken; den ledande ägaren lämnar in uppgiften');
  });

  it("the part link's page shows the measure and the other owners' parts, and opening it changes nothing", async () => {
    const task = await halfYear('8.1');
    const link = await mailedLink(task.id, 'samordningsgrupp/storsthlm', 'task');
    const { page, form } = await formOn(link.path, link.path);
    expect(page).toContain('Åtgärden 8.1 Gemensamma bedömningsmetoder för risk');
    expect(page).toContain('Polisen leder arbetet och lämnar in uppgiften');
    expect(page).toContain('Kriminalvården: riskbedömning i alla frivårdsärenden.');
    expect(page).toContain('Förslag: tre åtgärder i år.');
    expect(page).not.toContain('name="report"');
    expect(form.value('text')).toBe('');
    expect(await partOf(task.id, 'samordningsgrupp/storsthlm')).toBeUndefined();
  });

  it('a blank part through the link is refused, naming the field, and nothing is saved', async () => {
    const task = await halfYear('8.1');
    const link = await mailedLink(task.id, 'samordningsgrupp/storsthlm', 'task');
    const res = await (await formOn(link.path, link.path)).form.fill('text', '   ').submit(sim.app);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('text: er del får inte vara tom');
    expect(await partOf(task.id, 'samordningsgrupp/storsthlm')).toBeUndefined();
  });

  it("posting the part link's form saves the part and leaves the link usable to replace it", async () => {
    const task = await halfYear('8.1');
    const link = await mailedLink(task.id, 'samordningsgrupp/storsthlm', 'task');
    const first = await (await formOn(link.path, link.path)).form.fill('text', 'StorSthlm: metoden införd i sex kommuner.').submit(sim.app);
    expect([first.statusCode, first.headers.location]).toEqual([303, `${link.path}?lang=sv&done=part`]);
    const { page, form } = await formOn(`${link.path}?lang=sv&done=part`, link.path);
    expect(page).toContain('Din del är sparad.');
    const second = await form.fill('text', 'StorSthlm: metoden införd i åtta kommuner.').submit(sim.app);
    expect(second.statusCode).toBe(303);
    const part = await partOf(task.id, 'samordningsgrupp/storsthlm');
    expect([part?.text, part?.holderId]).toEqual(['StorSthlm: metoden införd i åtta kommuner.', link.mail.holderId]);
    expect(
      (
        await sim.db
          .select()
          .from(t.linkTokens)
          .where(eq(t.linkTokens.tokenHash, hashToken(link.token)))
      )[0]!.usedAt,
    ).toBeNull();
  });

  it("a task moved to another seat refuses its former seat's link with a page that says so, not a failure", async () => {
    const task = await halfYear('2.1');
    const link = await mailedLink(task.id, 'samordningsgrupp/kriminalvarden', 'task');
    const { form } = await formOn(link.path, link.path);
    const moved = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/tasks/${task.id}/reassign`,
      payload: { seat: 'samordningsgrupp/polisen', reason: 'Polisen tar över.', actor: { kind: 'coordinator' } },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const res = await form.fill('report', 'Klart.').select('status', 'ongoing').submit(sim.app);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Uppgiften hör till en annan plats');
  });

  it('the lead completes the shared task from the task page, and the output is stored', async () => {
    const task = await halfYear('8.1');
    const { form, cookie } = await formOn(`/tasks/${task.id}`, `/tasks/${task.id}/complete`, 'samordningsgrupp/polisen');
    const res = await form.fill('report', 'Polisen: sammanställning med allas delar.').select('status', 'done').submit(sim.app, cookie);
    expect([res.statusCode, res.headers.location]).toEqual([303, `/tasks/${task.id}?lang=sv&done=completed`]);
    const [output] = await sim.db.select().from(t.stepOutputs).where(eq(t.stepOutputs.taskId, task.id));
    expect(output).toMatchObject({
      stepKey: 'halvar',
      measureId: id('8.1'),
      seatId: seats.get('samordningsgrupp/polisen'),
      text: 'Polisen: sammanställning med allas delar.',
    });
  });

  it("once the lead has submitted, the co-owner's part link says the task is done", async () => {
    const [task] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.measureId, id('8.1'))));
    const link = await mailedLink(task!.id, 'samordningsgrupp/storsthlm', 'task');
    const shown = await sim.app.inject({ method: 'GET', url: link.path });
    expect([shown.statusCode, shown.body.includes('Uppgiften är redan slutförd.')]).toEqual([409, true]);
  });
  it("a new holder of a co-owner's seat gets a part link in the one mail listing what the seat owes", async () => {
    const task = await halfYear('5.1');
    const change = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/seats/samordningsgrupp/aklagarmyndigheten/holders',
      payload: {
        name: 'Eva Nord',
        email: 'eva.nord@aklagare.example.org',
        validFrom: stockholmDate(new Date()),
        actor: { kind: 'coordinator' },
      },
    });
    expect(change.statusCode, change.body).toBe(201);
    const mail = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.mailOutbox)
            .where(and(eq(t.mailOutbox.kind, 'handover'), eq(t.mailOutbox.toAddress, 'eva.nord@aklagare.example.org')))
        )[0],
    );
    const tokens = [...mail.text.matchAll(new RegExp(LINK.source, 'g'))].map((m) => m[1]!);
    const links = await Promise.all(
      tokens.map(
        async (token) =>
          (
            await sim.db
              .select()
              .from(t.linkTokens)
              .where(eq(t.linkTokens.tokenHash, hashToken(token)))
          )[0]!,
      ),
    );
    expect(links.find((l) => l.targetId === task.id)?.action).toBe('part');
  });
});
