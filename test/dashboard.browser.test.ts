import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { and, eq, isNotNull } from 'drizzle-orm';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs, sessionCookieFor } from './support/app';
import { decisionCycle } from './support/definitions';
import { checkPage, launchChromium, signedInPage } from './support/browser';

const artifacts = new URL('./artifacts/', import.meta.url);
const CYCLE = 'cycle/kvinnofrid-arshjul/2027';

/** The coordinator and a member at work in Chromium, on the real API, worker and database. */
describe('the dashboard in Chromium', () => {
  let sim: Simulation;
  let browser: Browser;
  let base: string;
  let coordinator: Page;
  let member: Page;
  const visited: string[] = [];

  const signedIn = async (seat?: string) => signedInPage(browser, base, await sessionCookieFor(sim.app, seat));

  /** Every page is checked with axe-core and photographed. */
  async function check(page: Page, name: string) {
    await checkPage(page, `dashboard-${name}`);
    visited.push(new URL(page.url()).pathname);
  }

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    sim = await simulate();
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await signedIn();
    member = await signedIn('samordningsgrupp/polisen');
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('the coordinator previews and starts a cycle and sees the wheel', async () => {
    await coordinator.goto(`${base}/`);
    await check(coordinator, 'home');
    await coordinator.getByRole('link', { name: 'Starta en cykel' }).first().click();
    await check(coordinator, 'start');
    await coordinator.getByLabel('År').fill('2027');
    await coordinator.getByRole('button', { name: 'Förhandsgranska året' }).click();
    await coordinator.waitForSelector('h1:has-text("Förhandsgranskning")');
    expect(await coordinator.locator('tbody tr').count()).toBeGreaterThan(50);
    await check(coordinator, 'preview');
    expect(await sim.db.select().from(t.cycles)).toEqual([]);

    // Keyboard only: tick the confirmation and press the button.
    await coordinator.getByLabel(/Jag har granskat året/).focus();
    await coordinator.keyboard.press('Space');
    await coordinator.keyboard.press('Tab');
    await coordinator.keyboard.press('Enter');
    await coordinator.waitForSelector('text=Cykeln är startad.');
    expect(new URL(coordinator.url()).pathname).toBe('/cycles/kvinnofrid-arshjul/2027');
    await eventually(async () => ((await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE))).length >= 5 ? true : undefined));
    await coordinator.reload();
    const wheel = coordinator.getByRole('img', { name: /Årshjulet för Operation Kvinnofrids årshjul 2027/ });
    await expect(wheel.isVisible()).resolves.toBe(true);
    expect(await coordinator.locator('svg.wheel path').count()).toBeGreaterThan(12);
    await check(coordinator, 'overview');

    await coordinator.goto(`${base}/cycles/kvinnofrid-arshjul/2027?lang=en`);
    await coordinator.waitForSelector('caption:has-text("Tasks per party")');
    await check(coordinator, 'overview-en');
    await coordinator.emulateMedia({ media: 'print' });
    await coordinator.screenshot({ path: new URL('dashboard-overview-print.png', artifacts).pathname, fullPage: true });
    await coordinator.emulateMedia({ media: 'screen' });
  });

  it('the coordinator extends a deadline and reassigns a task', async () => {
    const seat = (await findSeat(sim.db, 'samordningsgrupp/kriminalvarden'))!;
    const [task] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.seatId, seat.id)));
    await coordinator.goto(`${base}/cycles/kvinnofrid-arshjul/2027`);
    await coordinator.locator('summary').click();
    await coordinator.locator(`a[href^="/tasks/${task!.id}"]`).first().click();
    await coordinator.waitForSelector('h1:has-text("Behovsinventering")');
    await check(coordinator, 'task');

    await coordinator.getByLabel('Ny tidsfrist (dagens slut)').fill('2027-04-15');
    await coordinator.locator('#extend-reason').fill('Semester i mars');
    await coordinator.getByRole('button', { name: 'Flytta tidsfristen' }).click();
    await coordinator.waitForSelector('text=Tidsfristen är flyttad');
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.dueAt.toISOString().startsWith('2027-04-15')
        ? true
        : undefined,
    );

    await coordinator.getByLabel('Till plats').selectOption('samordningsgrupp/aklagarmyndigheten');
    await coordinator.locator('#reassign-reason').fill('Åklagarmyndigheten tar över');
    await coordinator.getByRole('button', { name: 'Flytta uppgiften till en annan plats' }).click();
    await coordinator.waitForSelector('text=Uppgiften är flyttad.');
    const target = (await findSeat(sim.db, 'samordningsgrupp/aklagarmyndigheten'))!;
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.seatId === target.id ? true : undefined,
    );
    await coordinator.reload();
    expect(await coordinator.textContent('main')).toContain('Åklagarmyndigheten tar över');
    await check(coordinator, 'task-after');

    // A refusal is shown on the page, and nothing changes.
    await coordinator.getByLabel('Ny tidsfrist (dagens slut)').evaluate((el) => el.removeAttribute('min'));
    await coordinator.getByLabel('Ny tidsfrist (dagens slut)').fill('2020-01-01');
    await coordinator.locator('#extend-reason').fill('Fel');
    await coordinator.getByRole('button', { name: 'Flytta tidsfristen' }).click();
    await coordinator.waitForSelector('[role=alert]');
    await check(coordinator, 'task-refused');
    expect((await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.dueAt.toISOString().startsWith('2027-04-15')).toBe(
      true,
    );
  });

  it('a member completes a task from "my work"', async () => {
    await member.goto(`${base}/`);
    await member.getByRole('link', { name: 'Mitt arbete' }).first().click();
    await member.waitForSelector('h1:has-text("Mitt arbete")');
    await check(member, 'my-work');
    await member.getByRole('link', { name: 'Behovsinventering' }).click();
    await member.getByLabel('Kort redovisning').fill('Polisens behov är inventerade och bifogade.');
    await member.getByRole('button', { name: 'Markera som klar' }).click();
    await member.waitForSelector('text=Uppgiften är markerad som klar.');
    await check(member, 'task-done');
    const [task] = await sim.db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.seatId, (await findSeat(sim.db, 'samordningsgrupp/polisen'))!.id)));
    await eventually(async () =>
      (await sim.db.select().from(t.tasks).where(eq(t.tasks.id, task!.id)))[0]!.status === 'done' ? true : undefined,
    );
    await member.goto(`${base}/parties/polisen?year=2027`);
    await member.waitForSelector('h2:has-text("Levererat")');
    await check(member, 'party');
  });

  it('a decision page shows the tally to the coordinator and the vote form to a voter', async () => {
    const post = (url: string, payload: object) => injectAs(sim.app, { method: 'POST', url, payload });
    expect(
      (await post('/api/definitions', { definition: decisionCycle('webbeslut', { kind: 'majority' }), actor: { kind: 'coordinator' } }))
        .statusCode,
    ).toBe(201);
    expect((await post('/api/cycles', { definition: 'webbeslut', year: 2027, actor: { kind: 'coordinator' } })).statusCode).toBe(201);
    const decision = await eventually(
      async () => (await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/webbeslut/2027')))[0],
    );
    await coordinator.goto(`${base}/decisions/${decision.id}`);
    await coordinator.waitForSelector('text=0 av 7 har röstat');
    await check(coordinator, 'decision');

    const voter = await signedIn('styrgrupp/polisen');
    await voter.goto(`${base}/decisions/${decision.id}`);
    await voter.getByLabel('Godkänn').check();
    await voter.getByRole('button', { name: 'Skicka rösten' }).click();
    await voter.waitForSelector('text=Din röst är registrerad.');
    await check(voter, 'decision-voted');
    const live = await sim.env.client.workflow.getHandle(decision.workflowId).query<{ votes: { choice: string }[] }>('decisionStatus');
    expect(live.votes.map((v) => v.choice)).toEqual(['approve']);
  });

  it('every other page passes axe-core too, also with the worker stopped', async () => {
    await sim.stopWorker();
    for (const [name, url] of [
      ['cycles', '/cycles'],
      ['overview-stopped', '/cycles/kvinnofrid-arshjul/2027'],
      ['outbox', '/outbox'],
      ['not-found', '/tasks/00000000-0000-4000-8000-000000000000'],
      ['bad-input', '/cycles/kvinnofrid-arshjul/19'],
    ] as const) {
      await coordinator.goto(`${base}${url}`);
      await check(coordinator, name);
    }
    const [mail] = await sim.db.select().from(t.mailOutbox).where(isNotNull(t.mailOutbox.holderId)).limit(1);
    await coordinator.goto(`${base}/outbox/${mail!.id}/address`);
    await check(coordinator, 'mark-address');
    expect(visited).toEqual(expect.arrayContaining(['/', '/cycles/new', '/me', '/parties/polisen', '/cycles', '/outbox']));
  });
});
