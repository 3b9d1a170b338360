import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, sessionCookieFor, testApp } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';

/**
 * The coordinator edits the register in Chromium on 20 April 2027, after the year's first deadlines:
 * a party joins mid-year, gets a seat with a holder, the action plan is copied into 2027–2030 with
 * a new measure, and 2027 starts at its second phase on that plan.
 */
describe('editing the register in Chromium', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `register-browser-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, undefined, () => new Date('2027-04-20T08:00:00Z'));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await signedInPage(browser, base, await sessionCookieFor(app));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  it('adds a party that joins mid-year, after showing what is missing', async () => {
    await page.goto(`${base}/admin/organisations`);
    await page.fill('#org-new-name', 'Brottsofferjouren Stockholm');
    await page.getByRole('button', { name: 'Lägg till organisationen' }).click();
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('Formuläret har 2 fel');
    expect(await page.getAttribute('#org-new-shortName', 'aria-invalid')).toBe('true');
    await checkPage(page, 'register-org-errors');

    await page.fill('#org-new-shortName', 'Brottsofferjouren');
    await page.selectOption('#org-new-kind', 'association');
    await page.fill('#org-new-joinedOn', '2027-05-01');
    await page.getByRole('button', { name: 'Lägg till organisationen' }).click();
    await page.waitForSelector('[role=status]');
    expect(new URL(page.url()).pathname).toBe('/admin/organisations/brottsofferjouren');
    expect(await page.textContent('main')).toContain('Ansluten: 2027-05-01');
    await checkPage(page, 'register-org-created');
  });

  it('adds a seat in the samordningsgrupp with a holder', async () => {
    await page.goto(`${base}/admin/bodies/samordningsgrupp`);
    await page.selectOption('#seat-new-organisation', 'brottsofferjouren');
    await page.fill('#seat-new-title', 'Brottsofferjourens representant');
    await page.fill('#seat-new-holder-name', 'Lina Ek');
    await page.fill('#seat-new-holder-email', 'lina.ek@boj.example.org');
    await page.fill('#seat-new-holder-validFrom', '2027-05-01');
    await page.getByRole('button', { name: 'Lägg till platsen' }).click();
    await page.waitForSelector('[role=status]');
    expect(new URL(page.url()).pathname).toBe('/admin/seats/samordningsgrupp/brottsofferjouren');
    const main = await page.textContent('main');
    expect(main).toContain('Lina Ek');
    expect(main).toContain('Brottsofferjouren Stockholm');
    await checkPage(page, 'register-seat-created');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('copies the action plan into 2027–2030 and adds a measure to the copy', async () => {
    await page.goto(`${base}/admin/action-plans/handlingsplan-2023-2026`);
    expect(await page.inputValue('#plan-copy-periodStart')).toBe('2027');
    await page.fill('#plan-copy-title', 'Handlingsplan 2027–2030');
    await page.getByRole('button', { name: 'Kopiera handlingsplanen' }).click();
    await page.waitForSelector('[role=status]');
    expect(new URL(page.url()).pathname).toBe('/admin/action-plans/handlingsplan-2027-2030');
    await checkPage(page, 'register-plan-copied');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page)).toBe(true);
    await checkPage(page, 'register-plan-copied-320');
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.fill('#measure-new-code', '9.1');
    await page.fill('#measure-new-title', 'Stöd till våldsutsatta i ideell regi');
    await page.fill('#measure-new-description', 'Jourernas stöd når fler genom samverkan med socialtjänsten.');
    await page.selectOption('#measure-new-goal', '4');
    await page.check('input[name=owners][value=brottsofferjouren]');
    await page.check('input[name=owners][value=storsthlm]');
    await page.selectOption('#measure-new-lead', 'brottsofferjouren');
    await page.getByRole('button', { name: 'Lägg till åtgärden' }).click();
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('main')).toContain('Stöd till våldsutsatta i ideell regi');
    await checkPage(page, 'register-measure-added');
    // The old plan is as it was.
    await page.goto(`${base}/admin/action-plans/handlingsplan-2023-2026`);
    expect(await page.textContent('main')).not.toContain('Stöd till våldsutsatta i ideell regi');
  });

  it('starts 2027, which runs on the 2027–2030 plan: the proposal offers its new measure', async () => {
    await page.goto(`${base}/cycles/new`);
    await page.getByLabel('År').fill('2027');
    await page.getByRole('button', { name: 'Förhandsgranska året' }).click();
    await page.getByRole('radio', { name: 'Börja vid en fas' }).check();
    await page.selectOption('#late-phase', 'valja-atgarder');
    await page.fill('#late-reason', 'Året startar när den nya handlingsplanen är antagen.');
    await page.getByRole('button', { name: 'Förhandsgranska igen' }).click();
    await page.getByRole('checkbox', { name: /Jag har granskat året/ }).check();
    await page.getByRole('button', { name: 'Starta', exact: true }).click();
    await page.waitForSelector('text=Cykeln är startad.');

    const cycleId = 'cycle/kvinnofrid-arshjul/2027';
    const [measure] = await database.db.select().from(t.measures).where(eq(t.measures.code, '9.1'));
    const [cycle] = await database.db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
    const steps = (
      cycle!.plan as { phases: { steps: { key: string; proposes?: { actionPlan: string; measureIds: string[] } }[] }[] }
    ).phases.flatMap((p) => p.steps);
    expect(steps.find((s) => s.key === 'forslag')!.proposes).toMatchObject({
      actionPlan: 'handlingsplan-2027-2030',
      measureIds: expect.arrayContaining([measure!.id]),
    });

    const task = await eventually(
      async () =>
        (
          await database.db
            .select()
            .from(t.tasks)
            .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.stepKey, 'forslag')))
        )[0],
    );
    await page.goto(`${base}/tasks/${task.id}`);
    expect(await page.textContent('main')).toContain('Stöd till våldsutsatta i ideell regi');
    await checkPage(page, 'register-2027-proposal');
  });
});
