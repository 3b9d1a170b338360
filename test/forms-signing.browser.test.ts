import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { simulateWithMail, type MailSimulation } from './support/time-skipping';
import { eventually, sessionCookieFor } from './support/app';
import { checkPageAndReflow, launchChromium, signedInPage } from './support/browser';
import { FILLER, SIGNER, receivedCycle, startCycleOf } from './support/signatures';

/**
 * A signed form from start to print in Chromium, on real Temporal, PostgreSQL and SMTP: the filler
 * keeps a draft, comes back, sends it for signature; the head of the organisation signs through the
 * mailed link; the filler submits it and prints it. Every page is axe-clean and reflows at 320 px.
 */
describe('a signed form in Chromium', () => {
  let sim: MailSimulation;
  let browser: Browser;
  let base: string;
  let taskId: string;
  let filler: Page;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    sim = await simulateWithMail();
    taskId = (await (await startCycleOf(sim.app, sim.db, receivedCycle))()).id;
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    filler = await signedInPage(browser, base, await sessionCookieFor(sim.app, FILLER));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('keeps a draft the filler comes back to, which offers signing and not submission', async () => {
    await filler.goto(`${base}/tasks/${taskId}`);
    await filler.getByRole('link', { name: 'Fyll i formuläret' }).click();
    await filler.getByRole('heading', { name: 'Ansökan' }).first().waitFor();
    await filler.getByLabel('Organisationens namn (obligatoriskt)').fill('Polisen region Stockholm');
    await filler.getByLabel('Plan för året').fill('Utbildning av alla chefer.');
    await filler.getByLabel('Vi samtycker (obligatoriskt)').check();
    await filler.getByRole('button', { name: 'Spara utkast' }).last().click();
    await filler.getByText('Utkastet är sparat.').waitFor();
    await filler.goto(`${base}/me`);
    await filler.goto(`${base}/tasks/${taskId}/form`);
    await expect(filler.getByLabel('Plan för året').inputValue()).resolves.toBe('Utbildning av alla chefer.');
    await expect(filler.getByRole('button', { name: 'Skicka in' }).count()).resolves.toBe(0);
    await checkPageAndReflow(filler, 'signed-form-draft');
  });

  it('sends the draft for signature and says whom it waits for', async () => {
    await filler.getByRole('button', { name: 'Skicka för underskrift' }).click();
    await filler.getByText('Väntar på underskrift av').waitFor();
    await checkPageAndReflow(filler, 'signed-form-waiting');
  });

  it('offers to send the form to the signer again while it waits, and within a minute says why it does not', async () => {
    await filler.getByRole('button', { name: 'Skicka till undertecknaren igen' }).click();
    await filler.getByText('Undertecknaren fick en länk för mindre än en minut sedan.').waitFor();
    await checkPageAndReflow(filler, 'signed-form-resend-refused');
    await filler.goBack();
  });

  it("lets the signer sign through the link in the mail that reached the signer's holder", async () => {
    const seat = (await findSeat(sim.db, SIGNER))!;
    const [holder] = await sim.db.select().from(t.holders).where(eq(t.holders.seatId, seat.id));
    const mail = await eventually(async () =>
      sim.smtp.messages.find((m) => m.to && 'value' in m.to && m.to.value[0]!.address === holder!.email && /\/l\//.test(m.text ?? '')),
    );
    const path = new URL(/(http:\/\/\S+\/l\/[A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!).pathname;
    const signer = await browser.newPage();
    await signer.goto(`${base}${path}`);
    await expect(signer.textContent('main')).resolves.toContain('Utbildning av alla chefer.');
    await checkPageAndReflow(signer, 'signed-form-link');
    await signer.getByRole('button', { name: 'Underteckna' }).click();
    await signer.getByText('Du har undertecknat.').waitFor();
    await checkPageAndReflow(signer, 'signed-form-link-done');
    await signer.close();
  });

  it('submits the signed form and prints it', async () => {
    await filler.reload();
    await filler.getByText('Undertecknat av').waitFor();
    await checkPageAndReflow(filler, 'signed-form-signed');
    await filler.getByRole('button', { name: 'Skicka in det undertecknade formuläret' }).click();
    await filler.getByText('Formuläret är inskickat.').waitFor();
    await checkPageAndReflow(filler, 'signed-form-submitted');
    await filler.getByRole('link', { name: 'Utskriftsversion' }).click();
    await expect(filler.textContent('main')).resolves.toContain('Polisen region Stockholm');
    await expect(filler.getByRole('button').count()).resolves.toBeLessThanOrEqual(1);
    await checkPageAndReflow(filler, 'signed-form-print');
  });

  it('shows the receiving body the submitted form with the proposal to reopen it', async () => {
    const receiver = await signedInPage(browser, base, await sessionCookieFor(sim.app, 'styrgrupp/kriminalvarden'));
    await receiver.goto(filler.url().replace(/\/print.*$/, ''));
    await receiver.getByRole('heading', { name: 'Föreslå att formuläret öppnas igen' }).waitFor();
    await checkPageAndReflow(receiver, 'signed-form-reopen');
  });
});
