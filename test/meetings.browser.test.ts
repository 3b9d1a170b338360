import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs, sessionCookieFor } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { wall } from './support/wall';

const artifacts = new URL('./artifacts/', import.meta.url);

interface SeriesJson {
  meetings: {
    id: string;
    startsAt: string;
    hostReminderAt: string;
    host: { slug: string; name: string } | null;
    agenda: { title: string; source: string }[];
  }[];
}

/**
 * The meeting pages of Operation Kvinnofrid's shipped year in Chromium, on the real API, worker
 * and database: the coordinator swaps hosts and a member proposes an agenda item, by keyboard.
 */
describe('the meeting pages in Chromium', () => {
  let sim: Simulation;
  let browser: Browser;
  let base: string;
  let coordinator: Page;
  let member: Page;
  let series: SeriesJson;

  const signedIn = async (seat?: string) => signedInPage(browser, base, await sessionCookieFor(sim.app, seat));
  /** Every page is checked with axe-core and photographed. */
  async function check(page: Page, name: string) {
    await checkPage(page, `meetings-${name}`);
  }
  const load = async (body = 'samordningsgrupp') =>
    (await injectAs(sim.app, { method: 'GET', url: `/api/meetings/${body}` })).json() as SeriesJson;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    sim = await simulate();
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await signedIn();
    member = await signedIn('samordningsgrupp/polisen');
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    series = await eventually(async () => {
      const [coordination, steering] = await Promise.all([load(), load('styrgrupp')]);
      return coordination.meetings?.length === 11 && steering.meetings?.length === 4 ? coordination : undefined;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  it('the coordinator finds the meetings from the body page and swaps two hosts by keyboard', async () => {
    await coordinator.goto(`${base}/admin/bodies/samordningsgrupp`);
    await coordinator.getByRole('link', { name: 'Möten', exact: true }).click();
    await coordinator.waitForSelector('h1:has-text("Samordningsgruppens möten")');
    expect(new URL(coordinator.url()).pathname).toBe('/meetings/samordningsgrupp');
    expect(await coordinator.textContent('main')).toContain('Nästa värd: Kriminalvården');
    await check(coordinator, 'series-coordinator');

    // February (Länsstyrelsen) and April (Region Stockholm) trade hosts: select, arrow keys, type, Enter.
    const [, feb, , apr] = series.meetings;
    expect([feb!.host?.slug, apr!.host?.slug]).toEqual(['lansstyrelsen', 'region-stockholm']);
    await coordinator.getByLabel('Möte', { exact: true }).focus();
    await coordinator.keyboard.press('ArrowDown');
    await coordinator.keyboard.press('Tab');
    for (let i = 0; i < 3; i++) await coordinator.keyboard.press('ArrowDown');
    await coordinator.keyboard.press('Tab');
    await coordinator.keyboard.type('Region Stockholm har lokal i februari');
    await coordinator.keyboard.press('Enter');
    await coordinator.waitForURL(`${base}/meetings/samordningsgrupp`);
    const swapped = await eventually(async () => {
      const now = await load();
      return now.meetings[1]!.host?.slug === 'region-stockholm' ? now : undefined;
    });
    expect(swapped.meetings[3]!.host?.slug).toBe('lansstyrelsen');
    await coordinator.reload();
    expect(await coordinator.locator('tbody tr').nth(1).textContent()).toContain('Region Stockholm (bytt)');
    await check(coordinator, 'series-swapped');

    await coordinator.getByRole('link', { name: /tisdag 9 februari 2027/ }).click();
    await coordinator.waitForSelector('h1:has-text("Samordningsgrupp: tisdag 9 februari 2027")');
    // The detail page's history shows the swap with its reason.
    await coordinator.waitForSelector('td:has-text("värdskap bytt")');
    expect(await coordinator.textContent('main')).toContain('Region Stockholm har lokal i februari');
    await check(coordinator, 'detail-coordinator');
  });

  it('a member proposes an item for the agenda by keyboard and sees it listed', async () => {
    const march = series.meetings[2]!;
    await member.goto(`${base}/meetings/samordningsgrupp`);
    await check(member, 'series-member');
    expect(await member.getByRole('button', { name: 'Byt värdar' }).count()).toBe(0);
    await member.goto(`${base}/meetings/samordningsgrupp/${march.id}`);
    await member.getByLabel('Punkt').focus();
    await member.keyboard.type('Kampanjen om ungas parrelationer');
    await member.keyboard.press('Enter');
    await member.waitForURL(`${base}/meetings/samordningsgrupp/${march.id}`);
    await member.waitForSelector('li:has-text("Kampanjen om ungas parrelationer")');
    const [item] = (await load()).meetings[2]!.agenda;
    expect(item).toMatchObject({ title: 'Kampanjen om ungas parrelationer', source: 'member' });
    await check(member, 'detail-member');
    expect(await member.getByRole('button', { name: 'Ställ in' }).count()).toBe(0);

    await member.goto(`${base}/meetings/samordningsgrupp/${march.id}?lang=en`);
    await member.waitForSelector('text=Propose an agenda item');
    await check(member, 'detail-member-en');
  });

  it("the styrgrupp's page says its convenor hosts, and every page passes axe-core", async () => {
    await member.goto(`${base}/meetings/samordningsgrupp`);
    await member.getByRole('link', { name: 'Styrgruppens möten' }).click();
    await member.waitForSelector('h1:has-text("Styrgruppens möten")');
    const text = await member.textContent('main');
    expect(text).toContain('Länsstyrelsen är värd för alla möten');
    expect(text).not.toContain('Rotationsordning');
    await check(member, 'steering');
    const steering = await load('styrgrupp');
    await coordinator.goto(`${base}/meetings/styrgrupp/${steering.meetings[1]!.id}`);
    await coordinator.waitForSelector('h1:has-text("Styrgrupp: torsdag 20 maj 2027")');
    expect(await coordinator.textContent('main')).toContain('Länsstyrelsen i Stockholms län');
    await check(coordinator, 'steering-detail');
    await coordinator.goto(`${base}/meetings/samordningsgrupp?lang=en`);
    await check(coordinator, 'series-en');
  });

  it('the host enters the room on the meeting page by keyboard, and the page reflows at 320 px', async () => {
    const january = series.meetings[0]!;
    expect(january.host?.slug).toBe('kriminalvarden');
    const host = await signedIn('samordningsgrupp/kriminalvarden');
    await host.goto(`${base}/meetings/samordningsgrupp/${january.id}`);
    await host.getByLabel('Lokal och adress').focus();
    await host.keyboard.type('Kriminalvården, Slottsbacken 6');
    await host.keyboard.press('Enter');
    await host.getByRole('status').filter({ hasText: 'Lokalen är sparad.' }).waitFor();
    expect(await host.getByRole('row', { name: /Var/ }).textContent()).toContain('Kriminalvården, Slottsbacken 6');
    await check(host, 'detail-host');

    await host.getByLabel('Lokal och adress').fill(' ');
    await host.keyboard.press('Enter');
    await host.getByRole('alert').filter({ hasText: 'Lokal och adress: skriv var mötet hålls' }).waitFor();
    await check(host, 'detail-host-error');
    await host.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(host)).toBe(true);
    await check(host, 'detail-host-320');
  });

  it("the host's personal link from the reminder shows the meeting and takes the room, without signing in", async () => {
    const january = series.meetings[0]!;
    await sim.until(wall(new Date(Date.parse(january.hostReminderAt) + 3_600_000)));
    const mail = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.mailOutbox)
            .where(and(eq(t.mailOutbox.kind, 'meeting_host_reminder'), eq(t.mailOutbox.targetId, january.id)))
        )[0],
    );
    const link = /\/l\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const visitor = await context.newPage();
    await visitor.goto(`${base}${link}`);
    await visitor.waitForSelector('h1:has-text("Samordningsgrupp: tisdag 12 januari 2027")');
    await check(visitor, 'link-host');
    await visitor.getByLabel('Lokal och adress').fill('Kriminalvården, sal 3');
    await visitor.getByRole('button', { name: 'Spara lokalen' }).click();
    await visitor.getByRole('status').filter({ hasText: 'Lokalen är sparad.' }).waitFor();
    expect(await visitor.getByRole('row', { name: /Var/ }).textContent()).toContain('Kriminalvården, sal 3');
    await visitor.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(visitor)).toBe(true);
    await check(visitor, 'link-host-320');
    await context.close();
  });
});
