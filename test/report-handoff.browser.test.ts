import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { eventually, sessionCookieFor } from './support/app';
import type { Browser, Page } from 'playwright-core';
import { checkPage, checkPageAndReflow, launchChromium, signedInPage } from './support/browser';
import { htmlErrors } from './support/vnu';
import {
  approveDecision,
  insertReport,
  insertVersion,
  openWork,
  receiptToken,
  reportYear,
  type ReportYear,
} from './support/report-handoff';

/**
 * The lägesrapport's way out in Chromium, each page checked with axe-core, for inline style or
 * script and for reflow at 320 CSS px: the coordinator puts Utkast 1 forward, a styrgrupp member reads it on the vote page, the
 * coordinator freezes and hands it off, and Länsstyrelsen confirms receipt through the mailed link.
 */
describe('putting forward, handing off and receiving the lägesrapport, in Chromium', () => {
  let y: ReportYear;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    y = await reportYear('report-handoff-browser');
    base = await y.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const reportId = await insertReport(y.database.db, y.cycle);
    await insertVersion(y.database.db, { reportId, year: y.year, number: 1 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await y?.stop();
  });

  /** Each page as the server sent it, for the Nu Html Checker at the end. */
  const sent: Record<string, string> = {};
  const check = async (page: Page, name: string) => {
    await checkPageAndReflow(page, name);
    sent[name] = await (await page.context().request.get(page.url())).text();
  };
  const signedIn = async (seat?: string) => signedInPage(browser, base, await sessionCookieFor(y.app, seat));
  const work = <T>(table: typeof t.tasks | typeof t.decisions, stepKey: string) => openWork<T>(y.database.db, table, y.cycle, stepKey);

  it("the coordinator puts Utkast 1 forward through the task mail's link; the task page offers the same", async () => {
    const task = await work<t.Task>(t.tasks, 'rapportutkast');
    const page = await signedIn();
    await page.goto(`${base}/tasks/${task.id}`);
    await check(page, 'report-submit-version');
    const mail = await eventually(async () => y.smtp.messages.find((m) => m.subject?.includes('Utkast till Regional lägesrapport')));
    await page.goto(`${base}${/\/l\/[A-Za-z0-9_-]{43}/.exec(mail.text!)![0]}`);
    await check(page, 'report-submit-version-link');
    await page.getByRole('button', { name: 'Lämna Utkast 1 till granskning' }).click();
    await page.waitForSelector('[role=status]');
    const [done] = await y.database.db.select().from(t.tasks).where(eq(t.tasks.id, task.id));
    expect(done!.report).toBe('Utkast 1 av Regional lägesrapport');
  });

  it('a styrgrupp member reads the version on the vote page, in Swedish and English', async () => {
    await approveDecision(y.app, await work<t.Decision>(t.decisions, 'rapportgranskning'));
    const decision = await work<t.Decision>(t.decisions, 'rapportbeslut');
    const page = await signedIn('styrgrupp/polisen');
    for (const lang of ['sv', 'en']) {
      await page.goto(`${base}/decisions/${decision.id}?lang=${lang}`);
      await check(page, `report-vote-version-${lang}`);
    }
    expect(await page.textContent('main')).toContain('Draft 1 of Regional lägesrapport');
    await approveDecision(y.app, decision);
  });

  it('the coordinator freezes and hands off the approved version from the hand-off task page', async () => {
    const task = await work<t.Task>(t.tasks, 'overlamning');
    const page = await signedIn();
    await page.goto(`${base}/tasks/${task.id}`);
    await check(page, 'report-handoff');
    await page.getByRole('button', { name: 'Frys och lämna över till Länsstyrelsen' }).click();
    await page.waitForSelector('text=Utkastet är fryst och skickat.');
    await check(page, 'report-handed-off');
    expect(await page.textContent('main')).toContain('Mottagaren har inte bekräftat mottagandet ännu.');
  });

  it('Länsstyrelsen confirms receipt through the mailed link, and the year closes', async () => {
    const page = await browser.newPage({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await page.goto(`${base}/l/${await receiptToken(y.smtp)}`);
    await check(page, 'report-receipt');
    await page.getByRole('button', { name: 'Bekräfta mottagandet' }).click();
    await page.waitForSelector('text=Mottagandet av Utkast 1 av Regional lägesrapport är bekräftat.');
    await checkPage(page, 'report-received');
    const { db } = y.database;
    await eventually(async () => {
      const [cycle] = await db
        .select()
        .from(t.cycles)
        .where(and(eq(t.cycles.id, y.cycle), eq(t.cycles.status, 'completed')));
      return cycle;
    });
  });

  it('every page is valid HTML by the Nu Html Checker', async () => {
    expect(Object.keys(sent)).toHaveLength(7);
    expect(await htmlErrors(sent)).toEqual([]);
  });
});
