import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedRssProgramme } from '../db/seed/programmes/rss';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs, sessionCookieFor } from './support/app';
import { checkPageAndReflow, launchChromium, signedInPage } from './support/browser';
import { htmlErrors } from './support/vnu';

/** The overview of the RSS applications in Chromium: accessible, valid HTML, and reflowing at 320 px. */
describe('the form step overview in a browser', () => {
  let sim: Simulation;
  let browser: Browser;
  let base: string;
  let coordinator: Page;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    sim = await simulate();
    await seedRssProgramme(sim.db);
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'skr-rss', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    await eventually(async () => ((await stepTasks(sim.db, 'cycle/skr-rss/2027', 'ansokan')).length === 21 ? true : undefined));
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await signedInPage(browser, base, await sessionCookieFor(sim.app));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('passes axe, holds no inline style or script, and reflows, in Swedish and English', async () => {
    for (const [lang, name] of [
      ['sv', 'programmes-overview'],
      ['en', 'programmes-overview-en'],
    ] as const) {
      await coordinator.goto(`${base}/cycles/skr-rss/2027/forms/ansokan?lang=${lang}`);
      expect(await coordinator.getByRole('row').count()).toBe(22);
      await checkPageAndReflow(coordinator, name);
    }
  });

  it('is valid HTML', async () => {
    const page = await injectAs(sim.app, { method: 'GET', url: '/cycles/skr-rss/2027/forms/ansokan' }, { kind: 'coordinator' });
    expect(await htmlErrors({ overview: page.body })).toEqual([]);
  });
});
