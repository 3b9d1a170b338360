import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, checkPage, inlineStyleOrScript, reflows, signedInPage } from './support/browser';
import { eventually, sessionCookieFor } from './support/app';
import { pagesOnly, type PagesOnly } from './support/pages-only';
import { DEFINITION, YEAR, fillReportRecords, recordVersion } from './support/report-records';
import { updateVersion } from '../db/queries/report-versions';

const PAGE = `/cycles/${DEFINITION}/${YEAR}/report/versions`;

/**
 * A version of the lägesrapport in Chromium, as the worker leaves it: utkast 1 still compiling,
 * utkast 2 compiled. Accessible, reflowing at 320 px, readable by the styrgrupp that approves it.
 */
describe('the lägesrapport version pages in Chromium', () => {
  let s: PagesOnly;
  let compiling: { id: string };

  beforeAll(async () => {
    s = await pagesOnly('report-browser', async ({ db }) => {
      await fillReportRecords(db);
      compiling = await recordVersion(db, 'compiling');
      await recordVersion(db, 'compiled');
    });
  }, 60_000);
  afterAll(async () => s?.stop());

  it('shows a compiling version with its progress, which follows the worker without a reload', async () => {
    const { page, base } = s;
    await page.goto(`${base}${PAGE}/1`);
    const progress = page.locator('progress');
    expect(await progress.getAttribute('value')).toBe('1');
    expect(await progress.getAttribute('max')).toBe('3');
    expect(await page.getByRole('status').textContent()).toBe('Steg 1 av 3 klara');
    expect(await inlineStyleOrScript(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);
    // A value the page keeps until it reloads: still there after the bar moved, so it moved in place.
    const marker = await page.evaluate(() => ((globalThis as { marker?: number }).marker = Math.random()));
    await updateVersion(s.database.db, compiling.id, { progressDone: 2 });
    await eventually(async () => ((await progress.evaluate((el) => (el as unknown as { value: number }).value)) === 2 ? true : undefined));
    expect(await page.getByRole('status').textContent()).toBe('Steg 2 av 3 klara');
    expect(await page.evaluate(() => (globalThis as { marker?: number }).marker)).toBe(marker);
  });

  it('says plainly when a compilation has not moved for minutes, rather than show a bar that never moves', async () => {
    const { page, base } = s;
    await updateVersion(s.database.db, compiling.id, { createdAt: new Date(Date.now() - 3 * 60_000) });
    await page.goto(`${base}${PAGE}/1`);
    expect(await page.getByRole('alert').textContent()).toContain('Troligen är arbetaren (worker) inte igång');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('shows a compiled version as the document, section by section, with its files', async () => {
    const { page, base } = s;
    await page.goto(`${base}${PAGE}/2`);
    expect(await page.locator('h1').first().textContent()).toBe('Regional lägesrapport');
    const sections = await page.locator('section.report-section').evaluateAll((els) => els.map((e) => e.id));
    expect(sections).toEqual(['summary', 'overall', ...Array.from({ length: 8 }, (_, i) => `goal-${i + 1}`), 'sources']);
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: 'Ladda ner som PDF' }).getAttribute('href')).toBe(`${PAGE}/2/lagesrapport.pdf`);
    await checkPage(page, 'report-version');
  });

  it('reflows at 320 px', async () => {
    const { page, base } = s;
    await page.setViewportSize({ width: 320, height: 800 });
    try {
      await page.goto(`${base}${PAGE}/2`);
      expect(await reflows(page)).toBe(true);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('opens for a member of the styrgrupp', async () => {
    const member = await signedInPage(s.browser, s.base, await sessionCookieFor(s.app, 'styrgrupp/polisen'));
    const res = await member.goto(`${s.base}${PAGE}/2`);
    expect(res?.status()).toBe(200);
    await member.context().close();
  });
});
