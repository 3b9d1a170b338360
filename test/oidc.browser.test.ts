import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../cli/temporal-dev';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { checkPage, launchChromium } from './support/browser';
import { appWithIdp, startAgencyIdp, type AgencyIdp } from './support/oidc';

const COORDINATOR = 'ulrika.strand@lansstyrelsen.example.org';
const STRANGER = 'okand.person@lansstyrelsen.example.org';

/**
 * The coordinator signs in through her agency's identity provider in Chromium and out again. Only
 * our own pages are checked with axe: the provider's pages are the agency's.
 */
describe('sign-in through the identity provider in Chromium', () => {
  let database: TestDatabase;
  let idp: AgencyIdp;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    database = await createSeededDatabase();
    // The provider registers the app's return address, so the app's port is chosen first.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startAgencyIdp(base, [
      { email: COORDINATOR, emailVerified: true },
      { email: STRANGER, emailVerified: true },
    ]);
    app = await appWithIdp(database.db, idp, { publicUrl: base });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp?.stop();
    await database?.drop();
  });

  async function signInAs(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    await page.getByRole('link', { name: 'Logga in med din organisations konto' }).click();
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.fill('#email', email);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.waitForURL((url) => url.origin === base);
    return page;
  }

  it('offers the provider on the sign-in page', async () => {
    const page = await browser.newPage({ locale: 'sv-SE' });
    await page.goto(`${base}/signin`);
    expect(await page.getByRole('link', { name: 'Logga in med din organisations konto' }).getAttribute('href')).toBe(
      '/signin/oidc?lang=sv',
    );
    await checkPage(page, 'oidc-signin');
    await page.close();
  });

  it('signs the coordinator in through the provider, onto the dashboard', async () => {
    const page = await signInAs(COORDINATOR);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('header')).toContain('Ulrika Strand');
    await checkPage(page, 'oidc-dashboard');
    await page.context().close();
  });

  it('signs out here and at the provider, back to the sign-in page', async () => {
    const page = await signInAs(COORDINATOR);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(`${idp.issuer}/session/end**`, { waitUntil: 'commit' });
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/signin`);
    expect(await page.textContent('header')).not.toContain('Ulrika Strand');
    await checkPage(page, 'oidc-signed-out');
    await page.context().close();
  });

  it('refuses an address that holds no seat with a page in Swedish', async () => {
    const page = await signInAs(STRANGER);
    expect(await page.textContent('[role=alert]')).toContain('hör inte till någon plats i samverkan');
    await checkPage(page, 'oidc-refused');
    await page.getByRole('link', { name: 'Tillbaka till inloggningen' }).click();
    await page.waitForURL(`${base}/signin?lang=sv`);
    await page.context().close();
  });
});
