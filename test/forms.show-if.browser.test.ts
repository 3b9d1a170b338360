import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { sessionCookieFor } from './support/app';
import { checkPage } from './support/browser';
import { formCycleWith } from './support/form-records';
import { formInChromium } from './support/forms-browser';

const FILLER = 'samordningsgrupp/polisen';
const PARTNER = 'Samverkande organisation';

/** The small form with a tick box and a field that applies only while it is ticked. */
const showIfCycle = formCycleWith('formular-showif', [
  { kind: 'tick', key: 'samverkan', label: { sv: 'Vi samverkar med en annan organisation', en: 'We work with another organisation' } },
  {
    kind: 'text',
    key: 'partner',
    label: { sv: PARTNER, en: 'Partner organisation' },
    required: true,
    showIf: { field: 'samverkan', equals: true },
  },
]);

/** A field with showIf hides and shows as the box it depends on is ticked, in Chromium. */
describe('a form field that applies only on another field', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let taskId: string;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, browser, base, taskId, page, close } = await formInChromium('forms-showif', FILLER, showIfCycle));
    await page.goto(`${base}/tasks/${taskId}/form`);
    await page.getByRole('heading', { name: 'Ansökan om medel' }).waitFor();
  }, 120_000);
  afterAll(() => close?.());

  it('shows every field and its note without script', async () => {
    const context = await browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
    await context.addCookies([{ ...(await sessionCookieFor(app, FILLER)), url: base, httpOnly: true, sameSite: 'Lax' }]);
    const plain = await context.newPage();
    await plain.goto(`${base}/tasks/${taskId}/form`);
    await expect(plain.getByLabel(`${PARTNER} (obligatoriskt)`).isVisible()).resolves.toBe(true);
    await expect(plain.getByText('Fylls i bara om ”Vi samverkar med en annan organisation” är ”Ja”.').isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('hides the dependent field while the box is not ticked', async () => {
    await expect(page.getByLabel(`${PARTNER} (obligatoriskt)`).isVisible()).resolves.toBe(false);
    await checkPage(page, 'form-show-if-hidden');
  });

  it('shows the dependent field once the box is ticked', async () => {
    await page.getByLabel('Vi samverkar med en annan organisation').check();
    await page.getByLabel(`${PARTNER} (obligatoriskt)`).waitFor({ state: 'visible' });
    await checkPage(page, 'form-show-if-shown');
  });

  it('hides it again when the box is unticked', async () => {
    await page.getByLabel('Vi samverkar med en annan organisation').uncheck();
    await page.getByLabel(`${PARTNER} (obligatoriskt)`).waitFor({ state: 'hidden' });
  });

  it('submits with the hidden required field left empty', async () => {
    await page.getByLabel('Projektets namn (obligatoriskt)').fill('Trygg hemma');
    await page.getByRole('button', { name: 'Skicka in' }).click();
    await page.getByText('Formuläret är inskickat.').waitFor();
  });
});
