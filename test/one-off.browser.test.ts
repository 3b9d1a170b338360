import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, sessionCookieFor, testApp } from './support/app';
import { checkPage, launchChromium, signedInPage } from './support/browser';

const artifacts = new URL('./artifacts/', import.meta.url);

/** The coordinator asks the styrgrupp to set up a working group, from the dashboard, in Chromium. */
describe('a one-off decision asked in Chromium', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let coordinator: Page;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `one-off-browser-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
    base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await signedInPage(browser, base, await sessionCookieFor(app));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  it('asks for a working group from the dashboard, is told of a missing name, and opens the decision', async () => {
    await coordinator.goto(`${base}/cycles`);
    await coordinator.getByRole('link', { name: 'Begär ett beslut' }).click();
    await checkPage(coordinator, 'one-off-request');
    await coordinator.getByLabel('Typ av ärende').selectOption('workingGroup');
    await coordinator.getByLabel('Rubrik').fill('Arbetsgrupp mot hedersrelaterat våld');
    await coordinator.getByLabel('Fråga att besluta om').fill('Inrättas arbetsgruppen i samråd med styrgruppen?');
    await coordinator.getByLabel('Sista dag').fill('2099-06-30');
    await coordinator.getByRole('button', { name: 'Skicka beslutsärendet' }).click();
    await coordinator.waitForSelector('#decision-request-effect-name-error');
    expect(await coordinator.locator('#decision-request-effect-name-error').textContent()).toBe('Ange arbetsgruppens namn');
    await checkPage(coordinator, 'one-off-refused');

    await coordinator.getByLabel('Arbetsgruppens namn').fill('Hedersgruppen');
    await coordinator.getByRole('button', { name: 'Skicka beslutsärendet' }).click();
    await coordinator.waitForSelector('text=Beslutsärendet är skickat');
    await checkPage(coordinator, 'one-off-sent');
    const [effect] = await database.db.select().from(t.decisionEffects);
    expect(effect!.effect).toMatchObject({ kind: 'createBody', name: 'Hedersgruppen', slug: 'hedersgruppen' });

    await eventually(async () => (await database.db.select().from(t.decisions).where(eq(t.decisions.id, effect!.decisionId)))[0]);
    await coordinator.getByRole('link', { name: 'Öppna beslutet' }).click();
    await coordinator.waitForSelector('text=Vad ett godkännande gör');
    expect(await coordinator.locator('#effect-heading + p').textContent()).toBe(
      'Arbetsgruppen Hedersgruppen (nyckel hedersgruppen) inrättas i registret.',
    );
    await checkPage(coordinator, 'one-off-decision');
  });
});
