import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import * as t from '../db/schema';
import { csrfOfPage, eventually, injectAs } from './support/app';
import { simulateWithMail, stepTasks, type MailSimulation } from './support/time-skipping';
import { recordHistories } from './support/histories';
import { PageForm } from './support/forms';
import { htmlErrors } from './support/vnu';
import { samordningArsuppgifter } from '../db/seed/cycles/samordning-arsuppgifter';

const KEY = samordningArsuppgifter.key;
const CYCLE = `cycle/${KEY}/2027`;
const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const PARTIES = ['aklagarmyndigheten', 'kriminalvarden', 'lansstyrelsen', 'polisen', 'region-stockholm', 'stockholms-stad', 'storsthlm'];
/** The samordningsgrupp's members, whose seats nominate (the chair's seat is the coordinator's and does not). */
const NOMINATORS = PARTIES.map((org) => `samordningsgrupp/${org}`);
const JURY = PARTIES.map((org) => `styrgrupp/${org}`);
const POLISEN = {
  nomineeOrganisation: 'Kvinnojouren Frida i Botkyrka',
  motivation: 'Har under året stöttat över 300 våldsutsatta kvinnor och barn, och utbildat länets skolkuratorer.',
};
const REGION = {
  nomineeOrganisation: 'Akutmottagningen Södersjukhuset',
  nomineeName: 'Leila Haddad',
  motivation: 'Införde rutinfrågor om våld för alla patienter och ett stödteam dygnet runt.',
};
const SKIP_REASON = 'Nomineringstiden har gått ut; juryn avgör bland de två inkomna nomineringarna.';

/**
 * The coordination's yearly duties on Temporal's time-skipping server with real PostgreSQL and
 * SMTP: the conference's tasks, the Kvinnofrid prize's nominations through the form pages' API,
 * the styrgrupp deciding as jury through its mailed links, the award and the follow-up. Each test
 * is one stage of the year and takes the simulation where the stage before left it.
 */
describe('the coordination’s yearly duties 2027', () => {
  let sim: MailSimulation;
  let forms: Map<string, string>;
  let decision: typeof t.decisions.$inferSelect;
  let workingGroup: { id: string; workflowId: string; voters: number };

  beforeAll(async () => {
    sim = await simulateWithMail();
  });
  afterAll(async () => sim?.stop());

  const to = (m: ParsedMail) => (m.to && 'value' in m.to ? m.to.value[0]!.address! : '');
  const mailsAbout = (subject: string) => sim.smtp.messages.filter((m) => (m.subject ?? '').startsWith(subject));
  const linkIn = (m: ParsedMail) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!;
  const holderMail = async (slug: string) => {
    const [row] = await sim.db
      .select({ email: t.holders.email })
      .from(t.holders)
      .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
      .where(eq(t.seats.slug, slug));
    return row!.email;
  };
  const tasksOf = (stepKey: string) => stepTasks(sim.db, CYCLE, stepKey);
  const openTasks = (stepKey: string, count: number) =>
    eventually(async () => {
      const open = (await tasksOf(stepKey)).filter((x) => x.task.status === 'open');
      return open.length === count ? open : undefined;
    });
  const complete = async (stepKey: string, report: string) => {
    const task = (await openTasks(stepKey, 1))[0]!.task;
    const res = await injectAs(sim.app, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { report, actor: coordinator } });
    expect(res.statusCode, res.body).toBe(200);
    return task;
  };
  const cycleStatus = async () => (await injectAs(sim.app, { method: 'GET', url: `/api/cycles/${KEY}/2027` })).json();
  const stepStatus = async (stepKey: string) =>
    ((await cycleStatus()).steps as { key: string; status: string }[]).find((s) => s.key === stepKey)!.status;
  /** Approves through a mailed link's page, as a juror's browser posts its form. */
  const voteByLink = async (token: string) => {
    const page = await sim.app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': 'Mozilla/5.0' } });
    return PageForm.on(page.body, `/l/${token}`, csrfOfPage(page).cookie).choose('choice', 'approve').submit(sim.app);
  };
  const form = (slug: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    injectAs(sim.app, { method, url, payload }, seat(slug));

  it('starts the year at the coordinator’s request, with the conference’s date and room first', async () => {
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: KEY, year: 2027, actor: coordinator },
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json().id).toBe(CYCLE);
    const [first] = await openTasks('konferensdatum', 1);
    expect(first!.seat).toBe('samordningskoordinering/samordningskoordinator');
  });

  it('runs the conference’s tasks in turn, each showing the one before', async () => {
    await sim.until('2027-02-10 10:00');
    await complete('konferensdatum', 'Spridningskonferensen hålls 12 november 2027 i Stockholms stadshus, Blå hallen.');
    await sim.until('2027-06-01 10:00');
    const programme = (await openTasks('konferensprogram', 1))[0]!.task;
    const shown = await injectAs(sim.app, { method: 'GET', url: `/tasks/${programme.id}` });
    expect(shown.body).toContain('Blå hallen');
    await complete('konferensprogram', 'Program: barn som upplever våld, samverkan i länet, och utdelningen av Kvinnofridspriset.');
    await sim.until('2027-09-01 10:00');
    await complete('konferensinbjudan', 'Inbjudan skickad till parterna och länets 26 kommuner.');
    await eventually(async () => ((await stepStatus('konferensinbjudan')) === 'done' ? true : undefined));
  });

  it('mails each samordningsgrupp member the nominations form as a task', async () => {
    const open = await openTasks('nomineringar', NOMINATORS.length);
    expect(open.map((x) => x.seat)).toEqual(NOMINATORS);
    expect(open.every((x) => x.task.kind === 'form')).toBe(true);
    const addresses = await Promise.all(NOMINATORS.map(holderMail));
    const mailed = await eventually(async () => {
      const m = mailsAbout('Ny uppgift: Nomineringar till Kvinnofridspriset');
      return m.length === NOMINATORS.length ? m : undefined;
    });
    expect(mailed.map(to).sort()).toEqual([...addresses].sort());
  });

  it('keeps one member’s draft nomination and takes two submitted nominations through the form API', async () => {
    forms = new Map();
    for (const slug of ['samordningsgrupp/polisen', 'samordningsgrupp/region-stockholm']) {
      const task = (await tasksOf('nomineringar')).find((x) => x.seat === slug)!.task;
      const opened = await form(slug, 'GET', `/tasks/${task.id}/form`);
      expect(opened.statusCode).toBe(303);
      forms.set(slug, /^\/forms\/([0-9a-f-]{36})/.exec(opened.headers.location as string)![1]!);
    }
    const polisen = forms.get('samordningsgrupp/polisen')!;
    const draft = await form('samordningsgrupp/polisen', 'PUT', `/api/forms/${polisen}`, {
      values: { nomineeOrganisation: POLISEN.nomineeOrganisation },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((await form('samordningsgrupp/polisen', 'GET', `/api/forms/${polisen}`)).json()).toMatchObject({
      state: 'draft',
      values: { nomineeOrganisation: POLISEN.nomineeOrganisation },
    });
    await sim.until('2027-09-20 10:00');
    expect((await form('samordningsgrupp/polisen', 'PUT', `/api/forms/${polisen}`, { values: POLISEN })).statusCode).toBe(200);
    for (const [slug, values] of [
      ['samordningsgrupp/polisen', undefined],
      ['samordningsgrupp/region-stockholm', REGION],
    ] as const) {
      if (values) expect((await form(slug, 'PUT', `/api/forms/${forms.get(slug)}`, { values })).statusCode).toBe(200);
      const res = await form(slug, 'POST', `/api/forms/${forms.get(slug)}/submit`, {});
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ state: 'submitted', version: 1 });
    }
    const done = (await tasksOf('nomineringar')).filter((x) => x.task.status === 'done').map((x) => x.seat);
    expect(done).toEqual(['samordningsgrupp/polisen', 'samordningsgrupp/region-stockholm']);
  });

  it('keeps the step open past its due date: the silent members are reminded and the coordinator is told', async () => {
    await sim.until('2027-10-04 10:00');
    expect(await stepStatus('nomineringar')).toBe('running');
    const open = await openTasks('nomineringar', NOMINATORS.length - 2);
    const late = await Promise.all(open.map((x) => holderMail(x.seat)));
    const reminded = await eventually(async () => {
      const m = mailsAbout('Påminnelse').filter((x) => late.includes(to(x)) && (x.subject ?? '').includes('Nomineringar'));
      return m.length >= late.length ? m : undefined;
    });
    expect(new Set(reminded.map(to))).toEqual(new Set(late));
    const escalated = await eventually(async () => {
      const m = mailsAbout('Eskalering (nivå 1): Nomineringar till Kvinnofridspriset');
      return m.length ? m : undefined;
    });
    expect(new Set(escalated.map(to))).toEqual(new Set([await holderMail('samordningskoordinering/samordningskoordinator')]));
  });

  it('moves on when the coordinator skips the remaining nominations with a reason, keeping the two submitted', async () => {
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/cycles/${KEY}/2027/skip`,
      payload: { step: 'nomineringar', reason: SKIP_REASON, actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(200);
    const closed = await eventually(async () => {
      const rows = await tasksOf('nomineringar');
      return rows.every((x) => x.task.status !== 'open') ? rows : undefined;
    });
    expect(closed.filter((x) => x.task.status === 'skipped')).toHaveLength(NOMINATORS.length - 2);
    decision = await eventually(async () => {
      const [d] = await sim.db
        .select()
        .from(t.decisions)
        .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.stepKey, 'jurybeslut')));
      return d?.status === 'open' ? d : undefined;
    });
    expect(decision.shownOutputIds).toHaveLength(2);
  });

  it('mails the jury a link whose vote page shows each nomination’s nominee and motivation', async () => {
    const mailed = await eventually(async () => {
      const m = mailsAbout('Beslut begärt: Juryns beslut om Kvinnofridspriset');
      return m.length === JURY.length ? m : undefined;
    });
    const address = await holderMail('styrgrupp/polisen');
    const juror = mailed.find((m) => to(m) === address)!;
    for (const shown of [POLISEN.nomineeOrganisation, REGION.nomineeName, 'Motivering']) expect(juror.text).toContain(shown);
    const page = await sim.app.inject({ method: 'GET', url: `/l/${linkIn(juror)}`, headers: { 'user-agent': 'Mozilla/5.0' } });
    expect(page.statusCode).toBe(200);
    for (const shown of [
      'Nominerad organisation',
      POLISEN.nomineeOrganisation,
      POLISEN.motivation,
      'Nominerad person (om en person)',
      REGION.nomineeName,
      REGION.motivation,
    ])
      expect(page.body).toContain(shown);
  });

  it('shows the nominations on the decision page and in its JSON, labelled in the reader’s language', async () => {
    const page = await injectAs(sim.app, { method: 'GET', url: `/decisions/${decision.id}?lang=en` }, seat('styrgrupp/kriminalvarden'));
    expect(page.statusCode, page.body).toBe(200);
    for (const shown of ['Nominated organisation', 'Nominated person (if a person)', 'Motivation', REGION.nomineeName, POLISEN.motivation])
      expect(page.body).toContain(shown);
    expect(await htmlErrors({ decision: page.body })).toEqual([]);
    const json = await injectAs(sim.app, { method: 'GET', url: `/api/decisions/${decision.id}` });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json().shows.map((o: { form: { values: object } }) => o.form.values)).toEqual([POLISEN, REGION]);
  });

  it('is decided once a majority of the jury approves through their links, and the award task follows', async () => {
    const mailed = mailsAbout('Beslut begärt: Juryns beslut om Kvinnofridspriset');
    const majority = Math.floor(JURY.length / 2) + 1;
    for (const m of mailed.slice(0, majority)) expect((await voteByLink(linkIn(m))).statusCode).toBe(200);
    const closed = await eventually(async () => {
      const [d] = await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decision.id));
      return d?.status === 'closed' ? d : undefined;
    });
    expect(closed.outcome).toBe('approved');
    const award = (await openTasks('prisutdelning', 1))[0]!.task;
    const page = await injectAs(sim.app, { method: 'GET', url: `/tasks/${award.id}` });
    for (const shown of [POLISEN.nomineeOrganisation, REGION.nomineeOrganisation, REGION.motivation]) expect(page.body).toContain(shown);
  });

  it('shows the jury’s decision on the award task’s page, in its JSON and in its mail', async () => {
    const [closed] = await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decision.id));
    const day = closed!.closedAt!.toLocaleDateString('sv-SE', {
      timeZone: 'Europe/Stockholm',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const award = (await openTasks('prisutdelning', 1))[0]!.task;
    const page = await injectAs(sim.app, { method: 'GET', url: `/tasks/${award.id}` });
    expect(page.body).toContain('Juryns beslut om Kvinnofridspriset, version 1');
    expect(page.body).toContain(
      `<dt>Fråga</dt><dd>${decision.question}</dd><dt>Beslut</dt><dd>godkänt</dd><dt>Beslutat</dt><dd>${day}</dd>`,
    );
    expect(await htmlErrors({ award: page.body })).toEqual([]);
    const json = await injectAs(sim.app, { method: 'GET', url: `/api/tasks/${award.id}` });
    const shown = (json.json().shows as { stepKey: string; decision: object | null }[]).find((o) => o.stepKey === 'jurybeslut');
    expect(shown?.decision).toEqual({ question: decision.question, outcome: 'approved', decidedAt: closed!.closedAt!.toISOString() });
    const [mail] = await eventually(async () => {
      const m = mailsAbout('Ny uppgift: Dela ut Kvinnofridspriset');
      return m.length ? m : undefined;
    });
    expect(mail!.text).toContain('Juryns beslut om Kvinnofridspriset, version 1');
    expect(mail!.text).toContain(`Fråga: ${decision.question}`);
    expect(mail!.text).toContain('Beslut: godkänt');
    expect(mail!.text).toContain(`Beslutat: ${day}`);
  });

  it('sets up a working group in the register when a majority of the styrgrupp approves the coordinator’s request by link', async () => {
    await sim.until('2027-10-20 10:00');
    const asked = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/decisions',
      payload: {
        title: 'Arbetsgrupp för spridningskonferensen 2028',
        question: 'Ska en arbetsgrupp för nästa års spridningskonferens inrättas i samråd med styrgruppen?',
        dueAt: '2027-11-05',
        effect: {
          kind: 'createBody',
          slug: 'ag-konferens-2028',
          name: 'Arbetsgruppen för spridningskonferensen 2028',
          description: 'Planerar 2028 års spridningskonferens tillsammans med samordningskoordinatorn.',
        },
        actor: coordinator,
      },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    workingGroup = asked.json();
    // A one-off request asks every seat of the body, as the jury's step does.
    expect(workingGroup.voters).toBe(JURY.length);
    const mailed = await eventually(async () => {
      const m = mailsAbout('Beslut begärt: Arbetsgrupp för spridningskonferensen 2028');
      return m.length === workingGroup.voters ? m : undefined;
    });
    for (const m of mailed.slice(0, Math.floor(workingGroup.voters / 2) + 1)) expect((await voteByLink(linkIn(m))).statusCode).toBe(200);
    const [body] = await eventually(async () => {
      const rows = await sim.db.select().from(t.bodies).where(eq(t.bodies.slug, 'ag-konferens-2028'));
      return rows.length ? rows : undefined;
    });
    expect(body).toMatchObject({ kind: 'working_group', name: 'Arbetsgruppen för spridningskonferensen 2028' });
    const page = await injectAs(sim.app, { method: 'GET', url: `/decisions/${workingGroup.id}` });
    expect(page.body).toContain('href="/admin/bodies/ag-konferens-2028?lang=sv"');
  });

  it('completes the award, the conference’s follow-up and so the year', async () => {
    await sim.until('2027-11-12 16:00');
    await complete('prisutdelning', 'Kvinnofridspriset 2027 delades ut till Kvinnojouren Frida på spridningskonferensen.');
    await sim.until('2027-12-01 10:00');
    await complete('konferensuppfoljning', 'Utvärderingen sammanfattad och materialet publicerat på webbplatsen.');
    const status = await eventually(async () => {
      const s = await cycleStatus();
      return s.status === 'completed' ? s : undefined;
    });
    expect((status.steps as { key: string; status: string }[]).map((s) => [s.key, s.status])).toEqual([
      ['konferensdatum', 'done'],
      ['konferensprogram', 'done'],
      ['konferensinbjudan', 'done'],
      ['nomineringar', 'skipped'],
      ['jurybeslut', 'done'],
      ['prisutdelning', 'done'],
      ['konferensuppfoljning', 'done'],
    ]);
  });

  // Recording writes new files into test/histories: it runs only when asked, and is not a test otherwise.
  if (process.env.RECORD_HISTORIES) {
    it("records the year's histories for the replay test", async () => {
      await recordHistories(sim.env.client, [
        { name: 'arsuppgifter-2027-cycle', workflowId: CYCLE },
        { name: 'arsuppgifter-2027-decision-jury', workflowId: decision.workflowId },
        { name: 'arsuppgifter-2027-decision-working-group', workflowId: workingGroup.workflowId },
      ]);
    });
  }
});
