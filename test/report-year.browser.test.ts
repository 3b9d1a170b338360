import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import * as t from '../db/schema';
import { eventually, sessionCookieFor } from './support/app';
import { checkPageAndReflow, launchChromium, signedInPage } from './support/browser';
import { approveDecision, openWork, reportYear, type ReportYear } from './support/report-handoff';

/**
 * The lägesrapport as the coordinator and the styrgrupp make it, in Chromium, on a cycle at its
 * report phase with a real worker: the analysis drafted, saved and found again, compiled by the
 * worker while the page follows, put forward, approved through the vote link a member got by
 * mail, and both files downloaded. Every report page is checked with axe-core and at 320 px.
 */
describe('the lägesrapport from draft to approved files, in Chromium', () => {
  let y: ReportYear;
  let browser: Browser;
  let base: string;
  let coordinator: Page;
  let report: string;

  beforeAll(async () => {
    y = await reportYear('report-year-browser');
    base = await y.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    coordinator = await signedInPage(browser, base, await sessionCookieFor(y.app));
    report = `${base}/cycles/kvinnofrid-arshjul/${y.year}/report`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await y?.stop();
  });

  const check = checkPageAndReflow;
  const SUMMARY = 'Fler våldsutsatta söker stöd, och fler ärenden klaras upp.';

  it('drafts the analysis and saves it', async () => {
    await coordinator.goto(report);
    await check(coordinator, 'report-editor');
    await coordinator.getByLabel('Sammanfattning').fill(SUMMARY);
    await coordinator.getByLabel('Utvecklingen i länet').fill('Utvecklingen går åt rätt håll i de flesta kommuner.');
    await coordinator.getByLabel(/^Mål 1:/).fill('Det förebyggande arbetet har nått fler skolor.');
    await coordinator.getByRole('button', { name: 'Spara utkastet' }).click();
    await coordinator.waitForSelector('text=Utkastet sparat');
    await check(coordinator, 'report-editor-saved');
  });

  it('finds the saved analysis on coming back', async () => {
    await coordinator.goto(`${base}/`);
    await coordinator.goto(report);
    expect(await coordinator.getByLabel('Sammanfattning').inputValue()).toBe(SUMMARY);
    expect(await coordinator.getByLabel(/^Mål 1:/).inputValue()).toBe('Det förebyggande arbetet har nått fler skolor.');
  });

  it('compiles utkast 1 and follows the worker to the finished document', async () => {
    await coordinator.goto(report);
    await coordinator.getByRole('button', { name: 'Sammanställ en ny version' }).click();
    await coordinator.waitForURL(/\/report\/versions\/1/);
    await eventually(async () => {
      const [v] = await y.database.db.select().from(t.reportVersions).where(eq(t.reportVersions.number, 1));
      return v?.status === 'compiled' ? v : undefined;
    });
    // The page follows the compilation by itself and shows the document once the worker is done.
    await coordinator.waitForSelector('section#summary');
    expect(await coordinator.locator('section#summary').textContent()).toContain(SUMMARY);
    await check(coordinator, 'report-version');
  });

  it('puts utkast 1 forward from the report task', async () => {
    const task = await openWork<t.Task>(y.database.db, t.tasks, y.cycle, 'rapportutkast');
    await coordinator.goto(`${base}/tasks/${task.id}`);
    await coordinator.getByRole('button', { name: 'Lämna Utkast 1 till granskning' }).click();
    await coordinator.waitForSelector('[role=status]');
    await approveDecision(y.app, await openWork<t.Decision>(y.database.db, t.decisions, y.cycle, 'rapportgranskning'));
  });

  it('a styrgrupp member approves utkast 1 through the link mailed to her, seeing what she approves', async () => {
    const decision = await openWork<t.Decision>(y.database.db, t.decisions, y.cycle, 'rapportbeslut');
    const [holder] = await y.database.db
      .select({ email: t.holders.email })
      .from(t.holders)
      .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
      .where(eq(t.seats.slug, 'styrgrupp/polisen'));
    const mail = await eventually(async () =>
      y.smtp.messages.find(
        (m) =>
          m.to &&
          'value' in m.to &&
          m.to.value[0]!.address === holder!.email &&
          m.subject?.includes('Styrgruppens godkännande av lägesrapporten'),
      ),
    );
    const link = /Rösta: (http:\/\/\S+\/l\/[A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!;
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    try {
      const page = await context.newPage();
      await page.goto(`${base}${new URL(link).pathname}`);
      expect(await page.textContent('main')).toContain('Utkast 1 av Regional lägesrapport');
      expect(await page.textContent('main')).toContain(SUMMARY);
      await check(page, 'report-vote-link');
      await page.getByLabel('Godkänn').check();
      await page.getByRole('button', { name: 'Skicka rösten' }).click();
      await page.waitForSelector('text=Tack!');
    } finally {
      await context.close();
    }
    await approveDecision(y.app, decision);
    await eventually(async () => {
      const [v] = await y.database.db.select().from(t.reportVersions).where(eq(t.reportVersions.number, 1));
      return v?.status === 'approved' ? v : undefined;
    });
  });

  it('downloads utkast 1 as PDF and as Word file', async () => {
    await coordinator.goto(`${report}/versions/1`);
    for (const [name, magic] of [
      ['Ladda ner som PDF', '%PDF-'],
      ['Ladda ner som Word-fil (.docx)', 'PK'],
    ] as const) {
      const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('link', { name }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^lagesrapport-${y.year}-utkast-1\\.(pdf|docx)$`));
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, magic.length).toString()).toBe(magic);
    }
  });
});
