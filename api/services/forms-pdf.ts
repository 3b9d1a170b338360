import { launchChromium, printPdf } from '../../activities/report-pdf';
import type { Ctx } from './context';

/**
 * A form's print view as PDF, printed by Chromium as the report versions are, so the PDF and the
 * print view cannot drift apart. Forms are printed seldom: a browser is started for each and closed.
 */
export async function formPdf(ctx: Ctx, page: string): Promise<Buffer> {
  const browser = await launchChromium();
  try {
    return await printPdf(browser, ctx.locale, page);
  } finally {
    await browser.close();
  }
}
