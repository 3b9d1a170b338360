import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { openSession, SESSION_COOKIE } from '../api/plugins/session';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { injectAs, testApp } from './support/app';
import { accessibilityViolations, launchChromium } from './support/browser';

const artifacts = new URL('./artifacts/', import.meta.url);

/** Every admin page in Chromium, with axe-core's WCAG 2.1 AA rules, and the holder change by keyboard. */
describe('administration pages in Chromium', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    await mkdir(artifacts, { recursive: true });
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `admin-browser-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    // A second version, so the diff page has something to show.
    const next = structuredClone(kvinnofridArshjul) as typeof kvinnofridArshjul & { phases: { steps: Record<string, unknown>[] }[] };
    next.phases[0]!.steps[0]!.due = 'Y-03-20';
    next.phases[1]!.steps.splice(0, 0, {
      key: 'remiss',
      kind: 'tasks',
      title: 'Remiss till parterna',
      due: 'Y-04-15',
      assignees: { kind: 'body', body: 'styrgrupp' },
    });
    expect(
      (await injectAs(app, { method: 'POST', url: '/api/definitions', payload: { definition: next, actor: { kind: 'coordinator' } } }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await injectAs(app, {
          method: 'POST',
          url: '/api/tasks',
          payload: {
            seat: 'samordningsgrupp/storsthlm',
            title: 'Kartläggning av skyddat boende',
            dueAt: '2099-05-31T23:59:00+02:00',
            actor: { kind: 'coordinator' },
          },
        })
      ).statusCode,
    ).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  /** A browser signed in as the holder of this name, as the sign-in link would leave it. */
  async function signedIn(name: string): Promise<BrowserContext> {
    const [holder] = await database.db.select().from(t.holders).where(eq(t.holders.name, name));
    const context = await browser.newContext({ locale: 'sv-SE' });
    await context.addCookies([{ name: SESSION_COOKIE, value: app.signCookie(await openSession(app, holder!.email)), url: base }]);
    return context;
  }

  async function check(page: Page, url: string, shot: string, status = 200) {
    const res = await page.goto(`${base}${url}`);
    expect(res?.status(), url).toBe(status);
    expect(await accessibilityViolations(page), url).toEqual([]);
    await page.screenshot({ path: new URL(`admin-${shot}.png`, artifacts).pathname, fullPage: true });
  }

  it('renders every page with zero axe violations, in Swedish and English', async () => {
    // An indicator with a Kolada KPI shows the form that fetches it, and one with values its trend
    // chart against a target: the page is checked with both.
    const [oj] = await database.db
      .update(t.indicators)
      .set({ koladaKpi: 'U28532', baselineYear: 2020, baselineValue: 40, targetYear: 2026, targetValue: 70 })
      .where(eq(t.indicators.slug, 'oj-rutin-fraga-vald'))
      .returning();
    await database.db
      .insert(t.indicatorValues)
      .values(
        [2020, 2021, 2022, 2023].flatMap((year, i) =>
          ['01', '0180'].map((area) => ({ indicatorId: oj!.id, year, area, gender: 'T' as const, value: 40 + 5 * i, source: 'Kolada' })),
        ),
      );
    const context = await signedIn('Ulrika Strand');
    const page = await context.newPage();
    const pages: [string, string, number?][] = [
      ['/admin', 'index'],
      ['/admin/organisations', 'organisations'],
      ['/admin/bodies', 'bodies'],
      ['/admin/bodies/styrgrupp', 'body'],
      ['/admin/bodies/samordningsgrupp?lang=en', 'body-en'],
      ['/admin/seats/samordningsgrupp/storsthlm', 'seat'],
      ['/admin/strategy', 'strategy'],
      ['/admin/measures', 'measures'],
      ['/admin/indicators', 'indicators'],
      ['/admin/indicators/ntu-sexualbrott', 'indicator'],
      ['/admin/indicators/ntu-sexualbrott?lang=en', 'indicator-en'],
      ['/admin/indicators/oj-rutin-fraga-vald', 'indicator-kolada'],
      ['/admin/definitions', 'definitions'],
      ['/admin/definitions/kvinnofrid-arshjul/2', 'definition'],
      ['/admin/definitions/kvinnofrid-arshjul/2?lang=en', 'definition-en'],
      ['/admin/definitions/kvinnofrid-arshjul/2/diff', 'diff'],
      ['/admin/definitions/kvinnofrid-arshjul/1/diff', 'diff-first'],
      ['/admin/definitions/new?from=kvinnofrid-arshjul', 'upload'],
      ['/admin/bodies/finns-inte', 'not-found', 404],
      ['/admin/definitions/kvinnofrid-arshjul/9', 'version-not-found', 404],
    ];
    for (const [url, shot, status] of pages) await check(page, url, shot, status);
    await context.close();
  });

  it('shows every error of a definition on the form, accessibly', async () => {
    const context = await signedIn('Ulrika Strand');
    const page = await context.newPage();
    await page.goto(`${base}/admin/definitions/new`);
    await page.getByLabel('Definitionen som JSON').fill(JSON.stringify({ key: 'Fel', name: '', phases: [] }));
    await page.getByRole('button', { name: 'Kontrollera' }).click();
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('Definitionen har 3 fel');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('admin-upload-errors.png', artifacts).pathname, fullPage: true });
    await context.close();
  });

  it('lists every bad row of a refused indicator import by its line, accessibly, and imports the fixed file', async () => {
    const context = await signedIn('Ulrika Strand');
    const page = await context.newPage();
    await page.goto(`${base}/admin/indicators/ntu-sexualbrott`);
    await page.getByLabel('Filens innehåll').fill('år;område;kön;värde\n2022;01;T;4,5\n2022;0180;X;3,1\n1800;01;T;1');
    await page.getByRole('button', { name: 'Importera' }).click();
    await page.waitForSelector('[role=alert]');
    expect(await page.getByRole('list', { name: 'Raderna som är fel' }).getByRole('listitem').allTextContents()).toEqual([
      'Rad 3: Könet ”X” är okänt; använd T (totalt), K (kvinnor) eller M (män)',
      'Rad 4: Året ”1800” ligger inte mellan 1900 och 2100',
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('admin-indicator-refused.png', artifacts).pathname, fullPage: true });
    await page.getByLabel('Filens innehåll').fill('år;område;kön;värde\n2022;01;T;4,5\n2022;0180;K;3,1');
    await page.getByRole('button', { name: 'Importera' }).click();
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain('Importerat: 2 nya, 0 ändrade, 0 oförändrade värden.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });

  it('changes a holder with the keyboard alone: form, errors, preview of the moving work, confirmation', async () => {
    const context = await signedIn('Ulrika Strand');
    const page = await context.newPage();
    await page.goto(`${base}/admin/seats/samordningsgrupp/storsthlm`);
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (
          await page.evaluate(
            (s) =>
              (
                globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }
              ).document.activeElement?.matches(s) ?? false,
            selector,
          )
        )
          return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };

    await tabTo('#holder-name');
    await page.keyboard.type('Maria Ek');
    await page.keyboard.press('Tab');
    await page.keyboard.type('maria.ek@');
    await tabTo('#holder-validFrom');
    await page.keyboard.type('2027-13-01');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toContain('Formuläret har 2 fel');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('admin-holder-errors.png', artifacts).pathname, fullPage: true });

    await page.getByLabel('Arbetsadress (e-post)').fill('maria.ek@storsthlm.example.org');
    await page.getByLabel('Första dag på platsen (ÅÅÅÅ-MM-DD)').fill('2027-01-01');
    await page.getByLabel('Första dag på platsen (ÅÅÅÅ-MM-DD)').press('Enter');
    await page.waitForSelector('h1:has-text("Bekräfta bytet av innehavare")');
    expect(await page.textContent('main')).toContain('Kartläggning av skyddat boende');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('admin-holder-confirm.png', artifacts).pathname, fullPage: true });

    await tabTo('main form button[type=submit]');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent,
      ),
    ).toBe('Byt innehavare');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain('1 öppna uppgifter följde med');
    expect(await page.textContent('main')).toContain('Maria Ek');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('admin-holder-done.png', artifacts).pathname, fullPage: true });
    await context.close();
  });

  it('refuses a member the register with a page that says so', async () => {
    const context = await signedIn('Anna Björk');
    const page = await context.newPage();
    await check(page, '/admin/seats/samordningsgrupp/region-stockholm', 'seat-member', 403);
    expect(await page.locator('form').filter({ hasText: 'Byt innehavare' }).count()).toBe(0);
    await check(page, '/admin/definitions/new', 'upload-member', 403);
    await context.close();
  });
});
