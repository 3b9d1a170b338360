import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSigninLink } from '../activities/notices';
import { findSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { checkPage } from './support/browser';
import { pagesOnly, type PagesOnly } from './support/pages-only';

/** The coordinator, signed in, opens Maria's sign-in link in Chromium: the page says whose it is and asks. */
describe('someone else’s link in Chromium', () => {
  let s: PagesOnly;
  let path: string;

  beforeAll(async () => {
    s = await pagesOnly('link-confirm-browser', async ({ db }) => {
      const seat = (await findSeat(db, 'styrgrupp/polisen'))!;
      const holder = (await holderOn(db, seat.id, stockholmDate(new Date())))!;
      path = `/l/${await issueSigninLink(db, seat.id, holder)}`;
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('names whose link it is and who is signed in, with a box to confirm, and passes axe', async () => {
    await s.page.goto(`${s.base}${path}`);
    expect(await s.page.getByRole('heading', { name: 'Det här är någon annans länk' }).isVisible()).toBe(true);
    expect(await s.page.textContent('main')).toContain('Du är inloggad som Ulrika Strand');
    expect(await s.page.getByRole('checkbox', { name: 'Jag handlar för Maria Sandberg' }).isChecked()).toBe(false);
    await checkPage(s.page, 'link-someone-else');
  });

  it('signs in as the link’s holder once the box is ticked', async () => {
    await s.page.goto(`${s.base}${path}`);
    await s.page.getByRole('checkbox', { name: 'Jag handlar för Maria Sandberg' }).check();
    await s.page.getByRole('button', { name: 'Logga in' }).click();
    await s.page.waitForURL(`${s.base}/`);
    expect(await s.page.textContent('header')).toContain('Maria Sandberg');
  });
});
