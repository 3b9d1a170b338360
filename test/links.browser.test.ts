import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { simulate, type Simulation } from './support/time-skipping';
import { catchMail, type CaughtMail } from './support/smtp';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';
import { accessibilityViolations, launchChromium } from './support/browser';

const artifacts = new URL('./artifacts/', import.meta.url);

/** The styrgrupp approves from the mail: the real API, worker, SMTP server and Chromium. */
describe('approving by the link in the mail, in Chromium', () => {
  let sim: Simulation;
  let smtp: CaughtMail;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    smtp = await catchMail();
    sim = await simulate({ mailer: createMailer(smtp.url) });
    base = await sim.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await smtp?.stop();
  });

  it('opens the link from the caught mail and clicks approve; the decision receives the vote', async () => {
    const coordinator = { kind: 'coordinator' };
    expect(
      (
        await injectAs(sim.app, {
          method: 'POST',
          url: '/api/definitions',
          payload: { definition: decisionCycle('webbeslut', { kind: 'majority' }), actor: coordinator },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await injectAs(sim.app, {
          method: 'POST',
          url: '/api/cycles',
          payload: { definition: 'webbeslut', year: 2027, actor: coordinator },
        })
      ).statusCode,
    ).toBe(201);
    const mail = await eventually(async () =>
      smtp.messages.find((m) => m.subject?.startsWith('Beslut begärt') && m.text?.includes('Eva Nyström')),
    );
    const path = new URL(/(http:\/\/\S+\/l\/[A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!).pathname;

    const page = await browser.newPage();
    await page.goto(`${base}${path}`);
    expect(await page.textContent('h1')).toBe('Testbeslut');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('link-vote.png', artifacts).pathname, fullPage: true });

    await page.getByLabel('Godkänn').check();
    await page.getByRole('button', { name: 'Skicka rösten' }).click();
    await page.waitForSelector('text=Tack! Din röst är registrerad: Godkänn');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('link-voted.png', artifacts).pathname, fullPage: true });

    const [decision] = await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/webbeslut/2027'));
    const live = await sim.env.client.workflow.getHandle(decision!.workflowId).query<{ votes: { choice: string }[] }>('decisionStatus');
    expect(live.votes.map((v) => v.choice)).toEqual(['approve']);

    for (const url of ['/', '/signin', '/l/not-a-token']) {
      await page.goto(`${base}${url}`);
      expect(await accessibilityViolations(page), url).toEqual([]);
    }

    // The same link again, as the reader would see it on a second click.
    await page.goto(`${base}${path}`);
    expect(await page.textContent('h1')).toBe('Länken är redan använd');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
