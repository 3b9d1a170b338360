import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';
import { insertVersion, REPORT, REPORT_API, seedReportCycle } from './support/report-versions';
import { htmlErrors } from './support/vnu';

/**
 * Reviewing the lägesrapport's versions: what changed from one to the next, and the
 * samordningsgrupp's comments anchored to a section. The versions are written straight into the
 * records (see support/report-versions), standing in for compilation.
 */
type As = { kind: string; seat?: string };
const coordinator = { kind: 'coordinator' } as const;
const member = { kind: 'seat', seat: 'samordningsgrupp/polisen' } as const;
const steering = { kind: 'seat', seat: 'styrgrupp/polisen' } as const;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

const V1 = { summary: 'Läget i länet.\nFler söker stöd.', overall: 'Oförändrat.', goals: { '3': 'Tidig upptäckt ökar.' } };
const V2 = { summary: 'Läget i länet.\nFler än någonsin söker stöd.', overall: 'Oförändrat.', goals: { '3': 'Tidig upptäckt ökar.' } };

describe('reviewing the lägesrapport', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let version2: string;
  const get = (url: string, as: As = coordinator) => injectAs(app, { method: 'GET', url }, as);
  const comment = (n: number, payload: object, as: As = member) =>
    injectAs(app, { method: 'POST', url: `${REPORT_API}/versions/${n}/comments`, payload }, as);
  const commentsOn = async (versionId: string) => db.db.select().from(t.reportComments).where(eq(t.reportComments.versionId, versionId));

  beforeAll(async () => {
    db = await createSeededDatabase();
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'report-review');
    await seedReportCycle(db.db);
    await insertVersion(db.db, { number: 1, analysis: V1, statuses: { measures: 'ongoing', indicators: 'onTrack' } });
    version2 = await insertVersion(db.db, { number: 2, analysis: V2, statuses: { measures: 'done', indicators: 'met' } });
    await insertVersion(db.db, { number: 3, analysis: V2, statuses: { measures: 'done', indicators: 'met' }, status: 'frozen' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("shows each section's deleted and added lines between two versions", async () => {
    const page = await get(`${REPORT}/diff?from=1&to=2`, member);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Utkast 1 jämfört med utkast 2</h1>');
    expect(page.body).toContain('Ändringar i Sammanfattning från version 1 till 2');
    expect(page.body).toContain('<del><span class="visually-hidden">Borttaget: </span>Fler söker stöd.</del>');
    expect(page.body).toContain('<ins><span class="visually-hidden">Tillagt: </span>Fler än någonsin söker stöd.</ins>');
    expect(page.body).toContain('Oförändrade avsnitt: Utvecklingen i länet; Mål 1: Våld ska förebyggas;');
  });

  it("shows the measures' and indicators' statuses that changed between the documents", async () => {
    const page = await get(`${REPORT}/diff?from=1&to=2`);
    expect(page.body).toMatch(/<td>Polismyndigheten<\/td><td>Pågår<\/td><td>Genomförd<\/td>/);
    expect(page.body).toMatch(/<td>På väg mot målet<\/td><td>[^<]+<\/td><\/tr>/);
    expect((await get(`${REPORT}/diff?from=2&to=3`)).body).toContain('Ingen åtgärds status har ändrats.');
  });

  it('refuses a version number that is not one in Swedish, and an unknown one as not found', async () => {
    const bad = await get(`${REPORT}/diff?from=noll&to=2`, member);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from');
    const unknown = await get(`${REPORT}/diff?from=1&to=9`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Utkast 9 finns inte');
  });

  it('anchors a member’s comment to its section, with who and in which seat', async () => {
    const res = await comment(2, { section: 'goal-3', text: 'Lägg till siffror för 2027.' });
    expect(res.statusCode).toBe(201);
    const seat = (await findSeat(db.db, 'samordningsgrupp/polisen'))!;
    expect(await commentsOn(version2)).toEqual([
      expect.objectContaining({ section: 'goal-3', seatId: seat.id, text: 'Lägg till siffror för 2027.' }),
    ]);
    const json = (await get(`${REPORT_API}/versions/2/comments`, steering)).json();
    const goal3 = json.sections.find((s: { id: string }) => s.id === 'goal-3');
    expect(goal3.comments).toEqual([expect.objectContaining({ holderName: 'Sara Lindgren', text: 'Lägg till siffror för 2027.' })]);
    const audit = await db.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'report.commented'));
    expect(audit.length).toBe(1);
  });

  it('lists the comments under their section on the comments page, with a form per section', async () => {
    const page = await get(`${REPORT}/versions/2/comments`, member);
    const section = page.body.slice(page.body.indexOf('id="section-goal-3-h"'));
    expect(section).toMatch(
      /Sara Lindgren, Polismyndigheten[^<]*, Ledamot i samordningsgruppen, [^<]+<\/p><p class="prose">Lägg till siffror/,
    );
    expect(section.indexOf('Lägg till siffror')).toBeLessThan(section.indexOf('id="section-goal-4-h"'));
    expect(page.body).toContain('<label for="comment-summary">Kommentar till Sammanfattning</label>');
  });

  it('shows the comments under their section on the version page itself, with a link to add one', async () => {
    expect((await comment(2, { section: 'goal-2', text: 'Saknar länets siffra för 2027.' })).statusCode).toBe(201);
    const page = await get(`${REPORT}/versions/2`, member);
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('id="goal-2"'), page.body.indexOf('id="goal-3"'));
    expect(section).toContain('Saknar länets siffra för 2027.');
    expect(section).toContain(`<a href="${REPORT}/versions/2/comments?lang=sv#comment-goal-2">Kommentera avsnittet</a>`);
  });

  it('takes a comment from the page form and returns to its section', async () => {
    const res = await injectAs(
      app,
      { method: 'POST', url: `${REPORT}/versions/2/comments`, payload: 'section=summary&text=Kortare%2C+tack.', headers: form },
      coordinator,
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${REPORT}/versions/2/comments?lang=sv&done=commented#section-summary-h`);
    expect((await commentsOn(version2)).map((c) => c.section)).toContain('summary');
  });

  it('refuses a comment from a holder who sits only in the styrgrupp', async () => {
    const res = await comment(2, { section: 'summary', text: 'Jag vill också.' }, steering);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('samordningsgruppens');
    const page = await get(`${REPORT}/versions/2/comments`, steering);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<textarea');
  });

  it('refuses a comment on a frozen version', async () => {
    const res = await comment(3, { section: 'summary', text: 'För sent.' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe('Utkast 3 är fryst och kan inte längre kommenteras');
  });

  it('refuses a section the version does not have, and an empty text, naming the field', async () => {
    const section = await comment(2, { section: 'goal-99', text: 'Var?' });
    expect(section.statusCode).toBe(400);
    expect(section.json().issues).toEqual([{ field: 'section', message: 'avsnittet goal-99 finns inte i utkast 2' }]);
    const empty = await comment(2, { section: 'summary', text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues[0].field).toBe('text');
  });

  it('renders the editor with its versions, the diff and the comments as valid HTML', async () => {
    const urls = [REPORT, `${REPORT}/diff?from=1&to=2`, `${REPORT}/versions/2/comments`];
    const bodies = Object.fromEntries(await Promise.all(urls.map(async (url) => [url, (await get(url)).body] as const)));
    expect(await htmlErrors(bodies)).toEqual([]);
  });
});
