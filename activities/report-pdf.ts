import { chromium, type Browser } from 'playwright-core';
import type { Locale } from '../i18n';
import type { ReportDocument } from '../core/report';
import { standaloneReportHtml } from '../web/report-html';
import { STYLESHEET } from '../web/assets';

/** Debian's Chromium, headless; it must not phone home from this closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The document printed by Chromium, as the version's web page prints: the same HTML and the
 * stylesheet's print rules, so the PDF and the page cannot drift apart. The page is given its
 * content directly and has nothing to fetch.
 */
export function renderReportPdf(browser: Browser, locale: Locale, doc: ReportDocument): Promise<Buffer> {
  return printPdf(browser, locale, standaloneReportHtml(locale, doc, STYLESHEET));
}

/** A whole standalone page (its stylesheet inlined) printed by Chromium with the print rules, in Stockholm time. */
export async function printPdf(browser: Browser, locale: Locale, content: string): Promise<Buffer> {
  const context = await browser.newContext({ locale: locale === 'sv' ? 'sv-SE' : 'en-GB', timezoneId: 'Europe/Stockholm' });
  try {
    const page = await context.newPage();
    await page.setContent(content, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } });
  } finally {
    await context.close();
  }
}
