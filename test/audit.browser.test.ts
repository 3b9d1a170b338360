import { mkdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { appendAudit } from '../activities/audit';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { sessionCookieFor, testApp } from './support/app';
import { checkPage, launchChromium, reflows, signedInPage } from './support/browser';

/** The coordinator's audit page in Chromium: the latest events in a table, and a period downloaded as CSV. */
describe('the audit page in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    database = await createSeededDatabase();
    // The page reads PostgreSQL only: no Temporal server behind this client.
    app = await testApp(database.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'audit-browser');
    const seat = (await coordinatorSeat(database.db))!;
    const holder = (await holderOn(database.db, seat.id, stockholmDate(new Date())))!;
    await appendAudit(
      database.db,
      {
        action: 'organisation.update',
        actor: { kind: 'coordinator', seatId: seat.id, holderId: holder.id, door: 'page', ip: '192.0.2.0' },
        at: new Date().toISOString(),
      },
      { kind: 'organisation', id: 'polisen' },
    );
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    page = await signedInPage(browser, base, await sessionCookieFor(app));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('lists the latest events with who, which door and what, and passes axe at full width and at 320 px', async () => {
    await page.goto(`${base}/admin/audit`);
    const row = page.getByRole('row', { name: /organisation\.update/ });
    expect(await row.textContent()).toContain('Ulrika Strand');
    expect(await row.textContent()).toContain('sida');
    expect(
      await page
        .getByRole('navigation', { name: 'Administrationens delar' })
        .getByRole('link', { name: 'Händelselogg' })
        .getAttribute('aria-current'),
    ).toBe('page');
    await checkPage(page, 'admin-audit');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('downloads this month as CSV from the form', async () => {
    await page.goto(`${base}/admin/audit`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner CSV' }).click()]);
    const month = stockholmDate(new Date()).slice(0, 7);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-${month}-01-${month}-\\d\\d\\.csv$`));
    expect(await readFile((await download.path())!, 'utf8')).toContain('organisation.update');
  });
});
