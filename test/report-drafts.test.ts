import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';
import { insertVersion, REPORT, REPORT_API, seedReportCycle } from './support/report-versions';

/**
 * The lägesrapport's draft through its doors: saved from the page and from JSON, shown again on
 * coming back, refused whole when a field is wrong, and read by the bodies that review and approve
 * it. Everything reads and writes PostgreSQL; the engine is a lazy connection nothing reaches.
 */
const coordinator = { kind: 'coordinator' } as const;
const member = { kind: 'seat', seat: 'samordningsgrupp/polisen' } as const;
const steering = { kind: 'seat', seat: 'styrgrupp/polisen' } as const;
const workingGroup = { kind: 'seat', seat: 'arbetsgrupp-kunskap/region-stockholm' } as const;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the lägesrapport draft', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let taskId: string;
  const draftRow = async () => (await db.db.select().from(t.reports))[0];
  const putDraft = (payload: object, as: { kind: string; seat?: string } = coordinator) =>
    injectAs(app, { method: 'PUT', url: `${REPORT_API}/draft`, payload }, as);
  const postForm = (url: string, fields: Record<string, string>, as: { kind: string; seat?: string } = coordinator) =>
    injectAs(app, { method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: form }, as);
  const getPage = (url: string, as: { kind: string; seat?: string } = coordinator) => injectAs(app, { method: 'GET', url }, as);

  beforeAll(async () => {
    db = await createSeededDatabase();
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'report-drafts');
    ({ taskId } = await seedReportCycle(db.db));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('shows the summary, the overall text and one labelled textarea per goal of the strategy', async () => {
    const page = await getPage(REPORT);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="draft-summary">Sammanfattning</label>');
    expect(page.body).toContain('<label for="draft-overall">Utvecklingen i länet</label>');
    expect(page.body).toContain('<label for="draft-goal-1">Mål 1: Våld ska förebyggas</label>');
    expect(page.body).toContain('name="goals.8"');
    expect(page.body).toContain('Utkastet är inte sparat ännu.');
  });

  it('saves the form into the report of the last report step and shows it, with when and by whom, on coming back', async () => {
    const saved = await postForm(`${REPORT}/draft`, {
      summary: 'Länet i korthet.',
      overall: 'Fler söker stöd.',
      'goals.3': 'Tidig upptäckt.',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${REPORT}?lang=sv&saved=1`);
    const row = await draftRow();
    expect(row).toMatchObject({
      stepKey: 'rapportutkast',
      analysis: { summary: 'Länet i korthet.', overall: 'Fler söker stöd.', goals: { 3: 'Tidig upptäckt.' } },
    });
    const page = await getPage(saved.headers.location as string);
    expect(page.body).toMatch(/Utkastet sparat .+ av Ulrika Strand\./);
    expect(page.body).toContain('>Tidig upptäckt.</textarea>');
  });

  it('saves the draft whole from JSON, audited, and answers it with the versions from the JSON read', async () => {
    const res = await putDraft({ summary: 'Sammanfattat.', overall: '', goals: { '1': 'Förebyggande.' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ analysis: { summary: 'Sammanfattat.', goals: { 1: 'Förebyggande.' } }, savedBy: 'Ulrika Strand' });
    const read = await getPage(REPORT_API, member);
    expect(read.json()).toMatchObject({ stepKey: 'rapportutkast', draft: { analysis: { summary: 'Sammanfattat.' } }, versions: [] });
    const events = await db.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'report.draftSaved'));
    expect(events.length).toBe(2);
  });

  it('refuses a goal the strategy does not have, naming it, and saves nothing', async () => {
    const before = await draftRow();
    const res = await putDraft({ summary: 'Ny text', goals: { '9': 'Okänt mål' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ field: 'goals.9', message: 'Mål 9: mål 9 finns inte i cykelns strategi' }]);
    expect((await draftRow())!.analysis).toEqual(before!.analysis);
  });

  it('refuses an over-long text, naming the field in Swedish, and saves nothing', async () => {
    const before = await draftRow();
    const res = await putDraft({ summary: 'Ny text', overall: 'x'.repeat(20_001) });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ field: 'overall', message: expect.stringMatching(/^Utvecklingen i länet: /) });
    expect((await draftRow())!.analysis).toEqual(before!.analysis);
  });

  it('shows a refused form again with what was written and why', async () => {
    const res = await postForm(`${REPORT}/draft`, { summary: 'Behåll mig', 'goals.42': 'Fel mål' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Utkastet sparades inte:');
    expect(res.body).toContain('Mål 42: mål 42 finns inte i cykelns strategi');
    expect(res.body).toContain('>Behåll mig</textarea>');
  });

  it('lets a styrgrupp member read the draft without a form, and refuses a working group member', async () => {
    const read = await getPage(REPORT, steering);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Sammanfattat.');
    expect(read.body).not.toContain('<textarea');
    expect((await getPage(REPORT, workingGroup)).statusCode).toBe(403);
    expect((await putDraft({ summary: 'x' }, member)).statusCode).toBe(403);
  });

  it('lists the versions with their status, who compiled them, their files, comments and changes, and the compile form', async () => {
    const analysis = { summary: 'A', overall: 'B', goals: {} };
    await insertVersion(db.db, { number: 1, analysis, statuses: { measures: 'ongoing', indicators: 'onTrack' } });
    await insertVersion(db.db, { number: 2, analysis, statuses: { measures: 'done', indicators: 'met' } });
    const page = await getPage(REPORT);
    expect(page.body).toContain('<th scope="row">Utkast 2</th>');
    expect(page.body).toMatch(/Sammanställd<\/td><td>.+ av Ulrika Strand/);
    for (const link of [
      '/versions/2?lang=sv',
      '/versions/2/lagesrapport.pdf',
      '/versions/2/lagesrapport.docx',
      '/versions/2/comments?lang=sv',
    ])
      expect(page.body).toContain(`href="${REPORT}${link}"`);
    expect(page.body).toContain(`href="${REPORT}/diff?from=1&amp;to=2&amp;lang=sv">jämför med föregående</a>`);
    expect(page.body).toContain(`<form method="post" action="${REPORT}/compile?lang=sv"`);
    expect(page.body).toMatch(
      /action="[^"]+\/compile\?lang=sv" class="action"><fieldset>.*\n<input type="hidden" name="_csrf" value="[^"]+">/,
    );
    const json = (await getPage(REPORT_API)).json();
    expect(json.versions.map((v: { number: number; diff: string | null }) => [v.number, v.diff])).toEqual([
      [2, `${REPORT}/diff?from=1&to=2`],
      [1, null],
    ]);
  });

  it("links the editor from the report task's page and from the cycle's page", async () => {
    expect((await getPage(`/tasks/${taskId}`)).body).toContain(`href="${REPORT}?lang=sv"`);
    expect((await getPage('/cycles/kvinnofrid-arshjul/2027')).body).toContain(`href="${REPORT}?lang=sv"`);
  });

  it("links the report and the follow-up from the cycle's page only for those they open to", async () => {
    const followUp = 'href="/cycles/kvinnofrid-arshjul/2027/follow-up?lang=sv"';
    const steeringView = (await getPage('/cycles/kvinnofrid-arshjul/2027', steering)).body;
    expect(steeringView).toContain(`href="${REPORT}?lang=sv"`);
    expect(steeringView).toContain(followUp);
    const outsider = await getPage('/cycles/kvinnofrid-arshjul/2027', workingGroup);
    expect(outsider.statusCode).toBe(200);
    expect(outsider.body).not.toContain(`href="${REPORT}?lang=sv"`);
    expect(outsider.body).not.toContain(followUp);
  });
});
