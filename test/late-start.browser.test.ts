import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import * as t from '../db/schema';
import { stockholmDate } from '../core/time';
import { simulate, type Simulation } from './support/time-skipping';
import { sessionCookieFor } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';

/** The start wizard in Chromium for a year whose first dates have passed. */
describe('starting a year late, in Chromium', () => {
  let sim: Simulation;
  let browser: Browser;
  let base: string;
  let coordinator: Page;
  let year: number;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    sim = await simulate();
    year = Number(stockholmDate(await sim.now()).slice(0, 4)) + 1;
    await sim.until(`${year}-11-15 10:00`);
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await signedInPage(browser, base, await sessionCookieFor(sim.app));
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('warns of the passed dates, offers the two ways, and starts with new dates', async () => {
    await coordinator.goto(`${base}/cycles/new`);
    await coordinator.getByLabel('År').fill(String(year));
    await coordinator.getByRole('button', { name: 'Förhandsgranska året' }).click();
    const warning = coordinator.getByRole('region', { name: 'Året har redan börjat' });
    await warning.waitFor();
    expect(await warning.getByRole('listitem').count()).toBeGreaterThanOrEqual(5);
    expect(await coordinator.getByRole('checkbox', { name: /Jag har granskat året/ }).count()).toBe(0);
    await checkPage(coordinator, 'late-start-warning');

    await coordinator.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(coordinator)).toBe(true);
    await checkPage(coordinator, 'late-start-warning-320');
    await coordinator.setViewportSize({ width: 1280, height: 800 });

    const choice = coordinator.getByRole('group', { name: 'Hur ska året börja?' });
    await choice.getByRole('radio', { name: 'Ge tidsfristerna nya datum' }).check();
    await choice.getByLabel('Antal dagar från idag (1–90)').fill('14');
    await coordinator.getByRole('button', { name: 'Förhandsgranska igen' }).click();
    await coordinator.getByRole('status').filter({ hasText: 'får det nya datumet' }).waitFor();
    expect(await coordinator.getByRole('cell', { name: /flyttad från/ }).count()).toBeGreaterThan(0);
    await checkPage(coordinator, 'late-start-redate');

    await coordinator.getByRole('checkbox', { name: /Jag har granskat året/ }).check();
    await coordinator.getByRole('button', { name: 'Starta', exact: true }).click();
    await coordinator.waitForSelector('text=Cykeln är startad.');
    expect(new URL(coordinator.url()).pathname).toBe(`/cycles/kvinnofrid-arshjul/${year}`);
    expect((await sim.db.select().from(t.cycles)).map((c) => c.id)).toEqual([`cycle/kvinnofrid-arshjul/${year}`]);
  });
});
