import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { eventually, injectAs, sessionCookieFor } from './support/app';
import { accessibilityViolations, inlineStyleOrScript, launchChromium, signedInPage } from './support/browser';
import { FILLER, draftForm, formTaskOf, signatureCycle } from './support/signatures';

const artifacts = new URL('./artifacts/', import.meta.url);

/** The head of an organisation signs the form from the mail: the real API, worker, SMTP server and Chromium. */
describe('signing a form by the link in the mail, in Chromium', () => {
  let sim: MailSimulation;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    sim = await simulateWithMail();
    base = await sim.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    const coordinator = { kind: 'coordinator' };
    const def = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: signatureCycle, actor: coordinator },
    });
    expect(def.statusCode, def.body).toBe(201);
    const start = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'underskrifter', year: 2027, actor: coordinator },
    });
    expect(start.statusCode, start.body).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('opens the mailed link, reads the form and its hash, refuses without a reason to no effect, then signs', async () => {
    const values = { namn: 'Polisen region Stockholm', plan: 'Utbildning av alla chefer.', samtycke: true };
    const form = await draftForm(sim.db, await formTaskOf(sim.db), values, 1);
    const asked = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/forms/${form.id}/signature-request`,
      payload: { actor: { kind: 'seat', seat: FILLER } },
    });
    expect(asked.statusCode, asked.body).toBe(200);
    const sha = asked.json<{ contentSha256: string }>().contentSha256;
    const mail = await eventually(async () => sim.smtp.messages.find((m) => m.subject?.startsWith('Att underteckna')));
    const path = new URL(/(http:\/\/\S+\/l\/[A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!).pathname;

    const page = await browser.newPage();
    await page.goto(`${base}${path}`);
    expect(await page.textContent('h1')).toBe('Underteckna: Ansökan 2027');
    expect(await page.textContent('main')).toContain('Polisen region Stockholm');
    expect(await page.textContent('main')).toContain(sha);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await inlineStyleOrScript(page)).toEqual([]);
    await page.screenshot({ path: new URL('sign-link.png', artifacts).pathname, fullPage: true });

    // The browser itself asks for the reason before a refusal leaves the page.
    await page.getByRole('button', { name: 'Avböj' }).click();
    expect(await page.$eval('#reason', (el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).toBe(
      true,
    );

    await page.getByRole('button', { name: 'Underteckna' }).click();
    await page.waitForSelector('text=Du har undertecknat.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('sign-link-done.png', artifacts).pathname, fullPage: true });

    const [row] = await sim.db.select().from(t.formInstances).where(eq(t.formInstances.id, form.id));
    expect(row!.state).toBe('signed');
    const [signature] = await sim.db.select().from(t.signatures).where(eq(t.signatures.formId, form.id));
    expect(signature).toMatchObject({ outcome: 'signed', contentSha256: sha, door: 'link' });
  });

  it('shows the coordinator who has signed a signature step, accessibly', async () => {
    const page = await signedInPage(browser, base, await sessionCookieFor(sim.app));
    await page.goto(`${base}/cycles/underskrifter/2027/signatures/avsikt`);
    expect(await page.textContent('h1')).toBe('Underskrifter: Avsiktsförklaring');
    expect(await page.textContent('main')).toContain('Inte ännu');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await inlineStyleOrScript(page)).toEqual([]);
    await page.screenshot({ path: new URL('sign-step.png', artifacts).pathname, fullPage: true });
  });
});
