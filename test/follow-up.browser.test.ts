import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { injectAs, sessionCookieFor, testApp } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';
import { FOLLOW_UP_KEY, FOLLOW_UP_YEAR, startFollowUpYear, type ScenarioTasks } from './support/follow-ups';

/** The follow-up table and a measure task's forms in Chromium: axe-core clean, and reflowing at 320 px. */
describe('measure follow-up on the pages, in Chromium', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let tasks: ScenarioTasks;

  const signedIn = async (seat?: string) => signedInPage(browser, base, await sessionCookieFor(app, seat));

  /** Checked wide, then at 320 px: no horizontal scrolling, and still no axe-core violations. */
  async function checkBothWidths(page: Page, name: string) {
    await checkPage(page, `follow-up-${name}`);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page), `${name} at 320 px`).toBe(true);
    await checkPage(page, `follow-up-${name}-320`);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `follow-up-browser-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
    tasks = await startFollowUpYear(database.db, app);
    const done = await injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${tasks['U1.1']!.halvar!.id}/complete`,
      payload: {
        report: 'Utbildningen hölls för 40 utredare i maj, och en uppföljande kurs planeras till hösten för dem som inte kunde delta.',
        followUp: { status: 'ongoing', links: [{ url: 'https://polisen.example.org/utbildning/kursplan-2027', title: 'Kursplan' }] },
        actor: { kind: 'seat', seat: 'samordningsgrupp/polisen' },
      },
    });
    expect(done.statusCode, done.body).toBe(200);
    base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  it("the coordinator's table: a table per goal, the owners' reports and an ask form per task", async () => {
    const page = await signedIn();
    await page.goto(`${base}/cycles/${FOLLOW_UP_KEY}/${FOLLOW_UP_YEAR}`);
    await page.getByRole('link', { name: 'Uppföljning av åtgärder per mål' }).click();
    await page.getByRole('heading', { name: /^Mål 1:/ }).waitFor();
    await expect(page.getByRole('table').count()).resolves.toBe(2);
    await expect(page.getByRole('link', { name: 'Kursplan' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Pågår').first().isVisible()).resolves.toBe(true);
    await page.getByText('Be om rapport', { exact: false }).first().click();
    await checkBothWidths(page, 'table');
    await page.context().close();
  });

  it("an owner's measure task: the status and links on the completion form", async () => {
    const page = await signedIn('samordningsgrupp/kriminalvarden');
    await page.goto(`${base}/tasks/${tasks['U1.2']!.halvar!.id}`);
    await page.getByLabel('Status för åtgärden').selectOption('ongoing');
    await page.getByLabel('Länkar till underlag').fill('https://kriminalvarden.example.org/rapport Rapport');
    await checkBothWidths(page, 'complete-form');
    await page.context().close();
  });

  it("a done task's owner complements the follow-up from its page", async () => {
    const page = await signedIn('samordningsgrupp/polisen');
    await page.goto(`${base}/tasks/${tasks['U1.1']!.halvar!.id}`);
    await page.getByRole('group', { name: 'Komplettera uppföljningen' }).waitFor();
    await page.getByLabel('Status för åtgärden').selectOption('done');
    await checkBothWidths(page, 'complement-form');
    await page.getByRole('button', { name: 'Spara uppföljningen' }).click();
    await page.getByText('Uppföljningen är sparad.').waitFor();
    await expect(page.getByText('Genomförd').first().isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});
