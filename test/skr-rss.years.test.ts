import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { rssCounties, seedRssProgramme } from '../db/seed/programmes/rss';
import { eventually, injectAs } from './support/app';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { recordHistories } from './support/histories';
import { wall } from './support/wall';
import { COUNTIES, SKR, application, coordinator, cycleOf, programme, reReport, rss } from './support/rss-years';

/**
 * SKR's RSS programme for three years and three counties (Stockholm, Skåne, Gotland) on Temporal's
 * time-skipping server, with the shipped `skr-rss` definition: the other 18 counties' seats are
 * retired before the first year starts, so the definition's "every seat of the rss body" is three.
 * Each test is one stage, in order, taking the simulation where the one before left it.
 */
describe('SKR’s RSS programme 2027–2029 with three counties', () => {
  let sim: MailSimulation;
  let p: ReturnType<typeof programme>;
  const forms = new Map<string, string>();
  const GOTLAND = 'samordnare.gotland@example.se';

  beforeAll(async () => {
    sim = await simulateWithMail();
    await seedRssProgramme(sim.db);
    p = programme(sim);
    for (const { value } of rssCounties.filter((c) => !(COUNTIES as string[]).includes(c.value))) {
      for (const body of ['rss', 'rss-chefer']) await p.post(`/api/admin/seats/${body}/${value}/retire`, { on: '2026-12-01' });
    }
  }, 120_000);
  afterAll(async () => sim?.stop());

  const state = async (id: string) => (await p.form(id)).state;
  /** The year's cycle as the database has it once its workflow recorded the close; waiting skips no time. */
  const completed = (year: number) =>
    eventually(async () => {
      const [cycle] = await sim.db
        .select()
        .from(t.cycles)
        .where(eq(t.cycles.id, cycleOf(year)));
      return cycle?.status === 'completed' ? cycle : undefined;
    });

  it('keeps SKR’s coordinator out of Årshjul’s coordinator role: SKR chairs its own decisions', async () => {
    const session = await p.get('/api/session', SKR);
    expect(session).toMatchObject({ role: 'holder', seats: ['skr/samordnare'] });
  });

  it('starts 2027 with an application task for each of the three counties only', async () => {
    await sim.until('2027-01-11 09:00');
    await p.post('/api/cycles', { definition: 'skr-rss', year: 2027, actor: coordinator }, 201);
    const tasks = await p.tasks(2027, 'ansokan');
    expect(tasks.map((x) => [x.seat, x.task.kind])).toEqual(COUNTIES.map((c) => [`rss/${c}`, 'form']).sort());
  });

  it('Stockholm drafts its application over three visits, each keeping what the last saved, with who changed what', async () => {
    await sim.until('2027-02-01 10:00');
    const id = await p.openForm(2027, 'ansokan', 'stockholm');
    forms.set('stockholm/2027', id);
    await p.save(id, 'stockholm', { county: 'stockholm', organisation: 'RSS stockholm' });
    await sim.until('2027-03-01 10:00');
    expect(await p.openForm(2027, 'ansokan', 'stockholm')).toBe(id);
    const second = await p.form(id, rss('stockholm'));
    expect(second.values).toMatchObject({ county: 'stockholm', organisation: 'RSS stockholm' });
    const { supportWanted: _later, ...most } = application('stockholm', 2027);
    await p.save(id, 'stockholm', { ...(second.values as object), ...most, honourGoal: 'Första utkast.' });
    await sim.until('2027-04-01 10:00');
    const kept = (await p.form(id, rss('stockholm'))).values as Record<string, unknown>;
    expect(kept).toMatchObject({ ...most, honourGoal: 'Första utkast.' });
    await p.save(id, 'stockholm', { ...kept, honourGoal: 'Treårsmål för honour.', supportWanted: 'Nätverksträffar 2027.' });
    const third = await p.form(id, rss('stockholm'));
    expect(third).toMatchObject({ state: 'draft', version: 1, values: application('stockholm', 2027) });
    const changes = third.changes as {
      path: string;
      before: unknown;
      after: unknown;
      door: string;
      at: string;
      seat: string;
      holder: string;
    }[];
    expect(
      changes.filter((c) => c.path === 'honourGoal').map((c) => [c.before ?? null, c.after, c.seat, c.holder, c.door, wall(c.at)]),
    ).toEqual([
      [null, 'Första utkast.', 'rss/stockholm', 'Exempel Samordnare Stockholm', 'api', '2027-03-01 10:00'],
      ['Första utkast.', 'Treårsmål för honour.', 'rss/stockholm', 'Exempel Samordnare Stockholm', 'api', '2027-04-01 10:00'],
    ]);
    expect(changes.map((c) => c.path)).toEqual(expect.arrayContaining(['county', 'contacts.0.email', 'supportWanted']));
  });

  it('Stockholm’s head refuses with a reason; the form goes back to draft and its filler is mailed why', async () => {
    await sim.until('2027-04-20 10:00');
    const id = forms.get('stockholm/2027')!;
    const { token } = await p.requestSignature(id, 'stockholm');
    expect(await state(id)).toBe('awaiting_signature');
    const page = await p.answerByLink(token, { outcome: 'refused', reason: 'Uppföljningen saknar budget.' });
    expect(page).toContain('Prioritering 2027 för followUp.');
    expect(await state(id)).toBe('draft');
    const told = await p.mailTo('samordnare.stockholm@example.se', 'Underskrift avböjd', 0);
    expect(told.text).toContain('Uppföljningen saknar budget.');
  });

  it('re-sent after the fix, Stockholm’s application is signed and submitted', async () => {
    await sim.until('2027-04-22 10:00');
    const id = forms.get('stockholm/2027')!;
    const fixed = { ...application('stockholm', 2027), followUpPriority: 'Uppföljning med budget 50 000 kr.' };
    expect(await p.fillSignSubmit(id, 'stockholm', fixed)).toMatchObject({ state: 'submitted', version: 1 });
    const signatures = (await p.form(id)).signatures as { outcome: string; seat: string; reason: string | null; at: string }[];
    expect(signatures.map((s) => [s.outcome, s.seat, s.reason, wall(s.at)]).sort((a, b) => a[3]!.localeCompare(b[3]!))).toEqual([
      ['refused', 'rss-chefer/stockholm', 'Uppföljningen saknar budget.', '2027-04-20 10:00'],
      ['signed', 'rss-chefer/stockholm', null, '2027-04-22 10:00'],
    ]);
    expect(p.mailsTo('chef.stockholm@example.se', 'Att underteckna')).toHaveLength(2);
  });

  it('Skåne fills in, has it signed and submits in time', async () => {
    await sim.until('2027-05-05 10:00');
    const id = await p.openForm(2027, 'ansokan', 'skane');
    forms.set('skane/2027', id);
    expect(await p.fillSignSubmit(id, 'skane', application('skane', 2027))).toMatchObject({ state: 'submitted' });
  });

  it('Gotland is late: reminded before, on the day and after, escalated to SKR’s coordinator, and listed late first', async () => {
    await sim.until('2027-06-04 10:00');
    const gotland = (await p.tasks(2027, 'ansokan')).find((x) => x.seat === 'rss/gotland')!.task;
    expect((await p.outbox(gotland.workflowId)).slice(1)).toEqual([
      ['reminder', GOTLAND, '2027-05-10 08:00'],
      ['reminder', GOTLAND, '2027-05-24 08:00'],
      ['reminder', GOTLAND, '2027-05-31 08:00'],
      ['escalation', 'samordnare.skr@example.se', '2027-06-02 08:00'],
      ['overdue_reminder', GOTLAND, '2027-06-03 08:00'],
    ]);
    await p.mailTo('samordnare.skr@example.se', 'Eskalering', 0);
    await p.mailTo(GOTLAND, 'Försenad', 0);
    expect([p.mailsTo(GOTLAND, 'Påminnelse').length, p.mailsTo('samordnare.skr@example.se', 'Eskalering').length]).toEqual([3, 1]);
    expect(await p.overview(2027)).toEqual([
      ['rss/gotland', 'late', null, 400_000],
      ['rss/skane', 'submitted', 1, 600_000],
      ['rss/stockholm', 'submitted', 1, 600_000],
    ]);
  });

  it('Gotland submits late, signed, and the overview has every application in', async () => {
    await sim.until('2027-06-05 10:00');
    const id = await p.openForm(2027, 'ansokan', 'gotland');
    forms.set('gotland/2027', id);
    expect(await p.fillSignSubmit(id, 'gotland', application('gotland', 2027))).toMatchObject({ state: 'submitted' });
    expect((await p.overview(2027)).map((r) => r[1])).toEqual(['submitted', 'submitted', 'submitted']);
  });

  it('SKR reviews the three submissions and approves them', async () => {
    const review = await p.decision(2027, 'granskning');
    expect(review.voterSeatIds).toHaveLength(1);
    expect((await p.skrApproves(review.id)).outcome).toBe('approved');
  });

  it('SKR decides to reopen Skåne’s application; version 2 is edited, signed and submitted', async () => {
    await sim.until('2027-08-16 10:00');
    const v1 = forms.get('skane/2027')!;
    const asked = await p.post(
      '/api/decisions',
      {
        body: 'skr',
        title: 'Öppna Skånes ansökan igen',
        question: 'Får RSS Skåne ändra sin ansökan för 2027?',
        dueAt: '2027-09-15',
        effect: { kind: 'reopenForm', formId: v1 },
        actor: coordinator,
      },
      201,
    );
    await p.skrApproves(asked.id as string);
    const mail = await p.mailTo('samordnare.skane@example.se', 'Formuläret är öppnat igen', 0);
    const v2 = /\/forms\/([0-9a-f-]{36})/.exec(mail.text ?? '')![1]!;
    const page = await injectAs(sim.app, { method: 'GET', url: `/forms/${v2}` }, rss('skane'));
    expect(page.statusCode, page.body).toBe(200);
    expect(await state(v1)).toBe('superseded');
    const changed = { ...application('skane', 2027), supportWanted: 'Stöd i att mäta resultat.' };
    expect(await p.fillSignSubmit(v2, 'skane', changed)).toMatchObject({ state: 'submitted', version: 2 });
    forms.set('skane/2027', v2);
    expect((await p.overview(2027)).find((r) => r[0] === 'rss/skane')).toEqual(['rss/skane', 'submitted', 2, 600_000]);
  });

  it('the three re-reports for 2027 are signed and submitted before 1 February, and the year’s cycle completes', async () => {
    await sim.until('2028-01-20 10:00');
    for (const county of COUNTIES) {
      const id = await p.openForm(2027, 'aterrapport', county);
      expect(await p.fillSignSubmit(id, county, reReport(county, 2027, 350_000))).toMatchObject({ state: 'submitted' });
    }
    expect((await p.overview(2027, 'aterrapport')).map((r) => r[1])).toEqual(['submitted', 'submitted', 'submitted']);
    expect(await completed(2027)).toMatchObject({ status: 'completed', closedAt: expect.any(Date) });
  });

  for (const year of [2028, 2029]) {
    it(`starts ${year}: each county’s application starts from its last submitted one`, async () => {
      await sim.until(`${year}-02-05 10:00`);
      await p.post('/api/cycles', { definition: 'skr-rss', year, actor: coordinator }, 201);
      for (const county of COUNTIES) {
        const id = await p.openForm(year, 'ansokan', county);
        forms.set(`${county}/${year}`, id);
        const last = await p.form(forms.get(`${county}/${year - 1}`)!);
        const [row] = await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, id));
        expect([row!.prefilledFromId, row!.values]).toEqual([last.id, last.values]);
      }
      expect((await p.form(forms.get(`skane/${year}`)!)).values).toMatchObject({ supportWanted: 'Stöd i att mäta resultat.' });
    });

    it(`${year}: all three submit signed in time, SKR approves, and the overview shows each county’s amount`, async () => {
      await sim.until(`${year}-04-15 10:00`);
      for (const county of COUNTIES) {
        const values = { ...application(county, year), supportWanted: 'Stöd i att mäta resultat.' };
        expect(await p.fillSignSubmit(forms.get(`${county}/${year}`)!, county, values)).toMatchObject({ state: 'submitted' });
      }
      expect((await p.skrApproves((await p.decision(year, 'granskning')).id)).outcome).toBe('approved');
      expect(await p.overview(year)).toEqual([
        ['rss/gotland', 'submitted', 1, 400_000],
        ['rss/skane', 'submitted', 1, 600_000],
        ['rss/stockholm', 'submitted', 1, 600_000],
      ]);
    });

    it(`${year}: the re-reports are in by 1 February ${year + 1} and the year’s cycle completes`, async () => {
      await sim.until(`${year + 1}-01-25 10:00`);
      for (const county of COUNTIES) {
        const id = await p.openForm(year, 'aterrapport', county);
        await p.fillSignSubmit(id, county, reReport(county, year, 390_000));
      }
      expect(await completed(year)).toMatchObject({ status: 'completed' });
    });
  }

  // Recording writes new files into test/histories: it runs only when asked, and is not a test otherwise.
  if (process.env.RECORD_HISTORIES) {
    it('records the 2027 cycle’s history and Gotland’s late application’s for the replay test', async () => {
      const gotland = (await p.tasks(2027, 'ansokan')).find((x) => x.seat === 'rss/gotland')!.task;
      await recordHistories(sim.env.client, [
        { name: 'skr-rss-2027-cycle', workflowId: cycleOf(2027) },
        { name: 'skr-rss-2027-form-task-late', workflowId: gotland.workflowId },
      ]);
    });
  }
});
