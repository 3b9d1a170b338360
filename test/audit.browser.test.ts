import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../activities/audit';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { checkPage, reflows } from './support/browser';
import { pagesOnly, type PagesOnly } from './support/pages-only';

/** The coordinator's audit page in Chromium: the latest events in a table, and a period downloaded as CSV. */
describe('the audit page in Chromium', () => {
  let s: PagesOnly;

  beforeAll(async () => {
    s = await pagesOnly('audit-browser', async ({ db }) => {
      const seat = (await coordinatorSeat(db))!;
      const holder = (await holderOn(db, seat.id, stockholmDate(new Date())))!;
      await appendAudit(
        db,
        {
          action: 'organisation.update',
          actor: { kind: 'coordinator', seatId: seat.id, holderId: holder.id, door: 'page', ip: '192.0.2.0' },
          at: new Date().toISOString(),
        },
        { kind: 'organisation', id: 'polisen' },
      );
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('lists the latest events with who, which door and what, and passes axe at full width and at 320 px', async () => {
    const { page } = s;
    await page.goto(`${s.base}/admin/audit`);
    const row = page.getByRole('row', { name: /organisation\.update/ });
    expect(await row.textContent()).toContain('Ulrika Strand');
    expect(await row.textContent()).toContain('sida');
    const nav = page.getByRole('navigation', { name: 'Administrationens delar' });
    expect(await nav.getByRole('link', { name: 'Händelselogg' }).getAttribute('aria-current')).toBe('page');
    await checkPage(page, 'admin-audit');
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await reflows(page)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('downloads this month as CSV from the form', async () => {
    const { page } = s;
    await page.goto(`${s.base}/admin/audit`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Ladda ner CSV' }).click()]);
    const month = stockholmDate(new Date()).slice(0, 7);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^audit-${month}-01-${month}-\\d\\d\\.csv$`));
    expect(await readFile((await download.path())!, 'utf8')).toContain('organisation.update');
  });
});
