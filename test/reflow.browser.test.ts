import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { and, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs, sessionCookieFor } from './support/app';
import { findSeat } from '../db/queries/directory';
import { launchChromium, reflows } from './support/browser';
import { coordinatorPages } from './support/pages';

const artifacts = new URL('./artifacts/', import.meta.url);
const CYCLE = 'cycle/kvinnofrid-arshjul/2027';

/**
 * WCAG 2.1 SC 1.4.10: at 320 CSS px every page reflows with no horizontal scrolling of the page
 * (a data table may scroll inside its own container). axe-core does not check this.
 */
describe('every page reflows at 320 px', () => {
  let sim: Simulation;
  let browser: Browser;
  let base: string;
  let coordinator: Page;
  let member: Page;
  const paths: Record<string, string> = {};

  const narrow = async (seat?: string) => {
    const cookie = await sessionCookieFor(sim.app, seat);
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport: { width: 320, height: 640 } });
    await context.addCookies([{ ...cookie, url: base, httpOnly: true, sameSite: 'Lax' }]);
    return context.newPage();
  };

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    sim = await simulate();
    base = (await sim.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    coordinator = await narrow();
    member = await narrow('samordningsgrupp/polisen');
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    // The member's own task: a member reads only their own bodies' work.
    const seat = (await findSeat(sim.db, 'samordningsgrupp/polisen'))!;
    const task = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.tasks)
            .where(and(eq(t.tasks.cycleId, CYCLE), eq(t.tasks.seatId, seat.id)))
        )[0],
    );
    paths.task = `/tasks/${task.id}`;
    const mail = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.mailOutbox)
            .where(and(eq(t.mailOutbox.kind, 'task'), like(t.mailOutbox.key, `task/kvinnofrid-arshjul/2027/%`)))
        )[0],
    );
    paths.link = /\/l\/[A-Za-z0-9_-]+/.exec(mail.text)![0];
    const meetingPath = await eventually(async () => {
      const page = await injectAs(sim.app, { method: 'GET', url: '/meetings/samordningsgrupp' }, { kind: 'coordinator' });
      return /\/meetings\/samordningsgrupp\/[0-9a-f-]{36}/.exec(page.body)?.[0];
    });
    paths.meeting = meetingPath;
    // The indicator page's table of values, with its eight columns, reflows too.
    const indicator = (await sim.db.select().from(t.indicators).where(eq(t.indicators.slug, 'ntu-sexualbrott')))[0]!;
    await sim.db.insert(t.indicatorValues).values(
      (['T', 'K', 'M'] as const).map((gender) => ({
        indicatorId: indicator.id,
        year: 2026,
        area: '0180',
        gender,
        value: 12.5,
        count: 1234,
        source: 'CSV: ntu-2026.csv',
      })),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
  });

  const wide = async (page: Page, path: string, name: string) => {
    const res = await page.goto(`${base}${path}`);
    // A refusal or a missing page would reflow too: only the page itself counts.
    if (res?.status() !== 200) return `${name} (${path}): answered ${res?.status()}`;
    await page.screenshot({ path: new URL(`reflow-${name}.png`, artifacts).pathname, fullPage: true });
    return (await reflows(page))
      ? undefined
      : `${name} (${path}): ${await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)} px`;
  };

  it('the coordinator’s pages', async () => {
    const pages = coordinatorPages({ task: paths.task!, meeting: paths.meeting! });
    const wider: string[] = [];
    for (const [name, path] of pages) {
      const problem = await wide(coordinator, path, name);
      if (problem) wider.push(problem);
    }
    expect(wider).toEqual([]);
  });

  it('a member’s pages and the page behind a personal link', async () => {
    const wider: string[] = [];
    for (const [name, path] of [
      ['me', '/me'],
      ['member-task', paths.task!],
      ['link', paths.link!],
      ['signin', '/signin'],
    ] as const) {
      const problem = await wide(member, path, name);
      if (problem) wider.push(problem);
    }
    expect(wider).toEqual([]);
  });
});
