import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../activities/report-pdf';
import { expect } from 'vitest';

/**
 * A page in a Swedish, Stockholm-time browser holding the session cookie a sign-in link would
 * leave (see sessionCookieFor in ./app).
 */
export async function signedInPage(browser: Browser, base: string, cookie: { name: string; value: string }): Promise<Page> {
  const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
  await context.addCookies([{ ...cookie, url: base, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

/** axe-core finds nothing on the page as it is now, nothing on it is inline, and it is photographed as test/artifacts/<name>.png. */
export async function checkPage(page: Page, name: string): Promise<void> {
  // Before axe runs: it leaves empty style attributes behind on what it measured.
  expect(await inlineStyleOrScript(page), `${name}: inline style or script, which the Content-Security-Policy blocks`).toEqual([]);
  expect(await accessibilityViolations(page), `${name}: ${page.url()}`).toEqual([]);
  await page.screenshot({ path: new URL(`../artifacts/${name}.png`, import.meta.url).pathname, fullPage: true });
}

/** `checkPage`, and the page reflows at 320 CSS px (WCAG 1.4.10), which axe does not check; the viewport is put back after. */
export async function checkPageAndReflow(page: Page, name: string): Promise<void> {
  await checkPage(page, name);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: size.height });
  try {
    expect(await reflows(page), `${name} at 320 px`).toBe(true);
  } finally {
    await page.setViewportSize(size);
  }
}

export { launchChromium };

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Elements that style or script the page inline: the policy allows neither, so they would not work. */
export function inlineStyleOrScript(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll: (s: string) => ArrayLike<{ outerHTML: string }> } }).document;
    return Array.from(
      doc.querySelectorAll('[style]:not([style=""]), style, script:not([src]), [onclick], [onload], [onchange], [onsubmit]'),
    ).map((e) => e.outerHTML.slice(0, 120));
  });
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<{ id: string; help: string; nodes: number }[]> {
  // Evaluated by the browser's devtools protocol, which the pages' Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
  });
}

/** No horizontal scrolling: the page reflows to the viewport's width (WCAG 1.4.10 at 320 px). */
export function reflows(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document
      .documentElement;
    return root.scrollWidth <= root.clientWidth;
  });
}
