import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { Client, Connection } from '@temporalio/client';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { sessionCookieFor, testApp } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';
import { insertTravelScenario, type TravelScenario } from './support/outputs';

/** The task and decision pages with work that travels, in Chromium: axe-core clean, and reflowing at 320 px. */
describe('travelled work on the pages, in Chromium', () => {
  let database: TestDatabase;
  let connection: Connection;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let s: TravelScenario;

  const signedIn = async (seat: string) => signedInPage(browser, base, await sessionCookieFor(app, seat));

  /** Checked wide, then at 320 px: no horizontal scrolling, and still no axe-core violations. */
  async function checkBothWidths(page: Page, name: string) {
    await checkPage(page, `outputs-${name}`);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page), `${name} at 320 px`).toBe(true);
    await checkPage(page, `outputs-${name}-320`);
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    database = await createSeededDatabase();
    connection = await Connection.connect({ address: inject('temporalAddress') });
    app = await testApp(database.db, new Client({ connection }), 'outputs-browser');
    s = await insertTravelScenario(database.db);
    base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await connection?.close();
    await database?.drop();
  });

  it("a co-owner's shared task page: what it shows, the measure, the parts and both forms", async () => {
    const page = await signedIn('samordningsgrupp/polisen');
    await page.goto(`${base}/tasks/${s.sharedTask}`);
    await page.getByRole('heading', { name: 'Underlag' }).waitFor();
    await expect(page.getByRole('link', { name: /forslag-2027\.pdf/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { name: /Åtgärden 2\.2/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Vad Polisen har gjort och vill rapportera').inputValue()).resolves.toBe(
      'Polisen har utbildat 40 utredare.',
    );
    await expect(page.getByLabel('Fil', { exact: true }).getAttribute('type')).resolves.toBe('file');
    await checkBothWidths(page, 'shared-task');
    await page.context().close();
  });

  it('the proposer ticks measures on the completion form by keyboard', async () => {
    const page = await signedIn('samordningsgrupp/ordforande');
    await page.goto(`${base}/tasks/${s.proposeTask}`);
    const choices = page.getByRole('group', { name: 'Åtgärder ni föreslår (minst en)' });
    await choices.getByRole('checkbox', { name: /^3\.2 / }).focus();
    await page.keyboard.press('Space');
    await expect(choices.getByRole('checkbox', { name: /^3\.2 / }).isChecked()).resolves.toBe(true);
    await checkBothWidths(page, 'propose-task');
    await page.context().close();
  });

  it("a voter's decision page in round 2: the proposal, round 1's comments, the diff and the candidates", async () => {
    const page = await signedIn('styrgrupp/polisen');
    await page.goto(`${base}/decisions/${s.decision2}`);
    await page.getByRole('heading', { name: 'Från runda 1' }).waitFor();
    await expect(page.getByText('Rikta kampanjen till unga.').isVisible()).resolves.toBe(true);
    await expect(page.locator('.diff ins').first().textContent()).resolves.toBe('Tillagt: 1.1 Gemensam kampanj för unga');
    const candidates = page.getByRole('group', { name: 'Åtgärder att besluta om' });
    await expect(candidates.getByRole('checkbox').count()).resolves.toBe(3);
    await candidates.getByRole('checkbox', { name: /Godkänn 2\.1/ }).uncheck();
    await candidates.getByLabel('Kommentar till 2.1').fill('Vänta ett år.');
    await checkBothWidths(page, 'decision-round-2');
    await page.goto(`${base}/decisions/${s.decision2}?lang=en`);
    await page.getByRole('heading', { name: 'From round 1' }).waitFor();
    await checkPage(page, 'outputs-decision-round-2-en');
    await page.context().close();
  });

  it("a co-owner's part link page: the measure, the other owners' parts and the form for theirs", async () => {
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    await page.goto(`${base}/l/${s.partToken}`);
    await page.getByRole('heading', { name: 'De andra ägarnas delar' }).waitFor();
    await expect(page.getByRole('heading', { name: /Åtgärden 2\.2/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Polisen har utbildat 40 utredare.').isVisible()).resolves.toBe(true);
    const part = page
      .getByRole('group', { name: 'Din del för Stockholms stad' })
      .getByLabel('Vad Stockholms stad har gjort och vill rapportera');
    await part.focus();
    await page.keyboard.type('Staden har utbildat socialsekreterare.');
    await expect(part.inputValue()).resolves.toBe('Staden har utbildat socialsekreterare.');
    await checkBothWidths(page, 'part-link');
    await page.goto(`${base}/l/${s.partToken}?lang=en`);
    await page.getByRole('heading', { name: "The other owners' parts" }).waitFor();
    await checkPage(page, 'outputs-part-link-en');
    await context.close();
  });

  it('the vote link page with the proposal and the candidates', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    await page.goto(`${base}/l/${s.voteToken}`);
    await page.getByRole('heading', { name: 'Underlag' }).waitFor();
    await checkBothWidths(page, 'vote-link');
    await context.close();
  });
});
