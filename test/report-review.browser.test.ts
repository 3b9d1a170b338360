import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage, reflows } from './support/browser';
import { pagesOnly, type PagesOnly } from './support/pages-only';
import { insertVersion, REPORT, seedReportCycle } from './support/report-versions';

/**
 * The lägesrapport's editor, a diff between two versions and a version's comments in Chromium,
 * signed in as the coordinator: each passes axe at full width and reflows at 320 px. The versions
 * are written straight into the records, standing in for compilation.
 */
async function readableAt320(page: Page) {
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await reflows(page)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('the lägesrapport pages in Chromium', () => {
  let s: PagesOnly;

  beforeAll(async () => {
    s = await pagesOnly('report-review-browser', async ({ db }) => {
      await seedReportCycle(db);
      const v1 = { summary: 'Läget i länet.\nFler söker stöd.', overall: 'Oförändrat.', goals: {} };
      const v2 = { ...v1, summary: 'Läget i länet.\nFler än någonsin söker stöd.' };
      await insertVersion(db, { number: 1, analysis: v1, statuses: { measures: 'ongoing', indicators: 'onTrack' } });
      await insertVersion(db, { number: 2, analysis: v2, statuses: { measures: 'done', indicators: 'met' } });
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('saves the draft, shows it on coming back, and passes axe at full width and at 320 px', async () => {
    const { page } = s;
    await page.goto(`${s.base}${REPORT}`);
    await page.getByLabel('Sammanfattning').fill('Året i korthet.');
    await page.getByLabel('Mål 2: Återfall i våld ska förebyggas').fill('Fler deltar i program.');
    await page.getByRole('button', { name: 'Spara utkastet' }).click();
    await page.getByRole('status').filter({ hasText: 'Utkastet sparat' }).waitFor();
    expect(await page.getByRole('status').textContent()).toContain('Ulrika Strand');
    await page.goto(`${s.base}${REPORT}`);
    expect(await page.getByLabel('Sammanfattning').inputValue()).toBe('Året i korthet.');
    expect(await page.getByLabel('Mål 2: Återfall i våld ska förebyggas').inputValue()).toBe('Fler deltar i program.');
    await checkPage(page, 'report-editor');
    await readableAt320(page);
  });

  it('opens the diff from the list of versions and shows the changed lines in words', async () => {
    const { page } = s;
    await page.goto(`${s.base}${REPORT}`);
    await page.getByRole('link', { name: 'jämför med föregående' }).click();
    await page.getByRole('heading', { name: 'Utkast 1 jämfört med utkast 2' }).waitFor();
    expect(await page.locator('ins').first().textContent()).toBe('Tillagt: Fler än någonsin söker stöd.');
    await checkPage(page, 'report-diff');
    await readableAt320(page);
  });

  it('adds a comment to a section from the comments page and shows it there', async () => {
    const { page } = s;
    await page.goto(`${s.base}${REPORT}`);
    await page.getByRole('link', { name: 'Kommentarer' }).first().click();
    await page.getByLabel('Kommentar till Utvecklingen i länet').fill('Lägg till 2027 års siffror.');
    await page.getByRole('region', { name: 'Utvecklingen i länet' }).getByRole('button', { name: 'Kommentera' }).click();
    await page.getByRole('status').filter({ hasText: 'Kommentaren är sparad.' }).waitFor();
    expect(await page.getByRole('region', { name: 'Utvecklingen i länet' }).textContent()).toContain('Lägg till 2027 års siffror.');
    await checkPage(page, 'report-comments');
    await readableAt320(page);
  });
});
