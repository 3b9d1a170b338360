import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import * as t from '../db/schema';
import type { TestDatabase } from './support/database';
import { checkPageAndReflow } from './support/browser';
import { formInChromium } from './support/forms-browser';

const FILLER = 'samordningsgrupp/polisen';

/** A seat fills in its form in Chromium: axe-clean, reflowing at 320 px, the counter live, a draft kept, then submitted and printed. */
describe('a form in Chromium', () => {
  let database: TestDatabase;
  let base: string;
  let taskId: string;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ database, base, taskId, page, close } = await formInChromium('forms-browser', FILLER));
  }, 120_000);
  afterAll(() => close?.());

  it('opens the form from its task and counts characters as they are typed', async () => {
    await page.goto(`${base}/tasks/${taskId}`);
    await page.getByRole('link', { name: 'Fyll i formuläret' }).click();
    await page.getByRole('heading', { name: 'Ansökan om medel' }).waitFor();
    await expect(page.getByText('0 av 1000 tecken').isVisible()).resolves.toBe(true);
    await page.getByLabel('Beskrivning').fill('Hej 👩‍👩‍👧 på Södermalm');
    await page.getByText('18 av 1000 tecken').waitFor();
    await page.getByLabel('Projektets namn (obligatoriskt)').fill('Trygg hemma');
    await page.getByLabel('Omfattning').selectOption('lan');
    await page.getByLabel('Namn', { exact: true }).fill('Åsa Ek');
    await page.getByLabel('E-post', { exact: true }).fill('asa.example.se');
    await checkPageAndReflow(page, 'form-filling');
  });

  it('names a wrong field beside it and at the top, and saves nothing', async () => {
    await page.getByRole('button', { name: 'Spara utkast' }).last().click();
    await page.getByRole('alert').waitFor();
    const message = 'Kontaktpersoner, rad 1, E-post: ”asa.example.se” är ingen e-postadress';
    await expect(page.getByRole('link', { name: message }).isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Beskrivning').inputValue()).resolves.toBe('Hej 👩‍👩‍👧 på Södermalm');
    expect((await database.db.select().from(t.formInstances)).map((f) => f.values)).toEqual([{}]);
    await checkPageAndReflow(page, 'form-problems');
  });

  it('keeps a saved draft when the seat comes back to it', async () => {
    await page.getByLabel('E-post', { exact: true }).fill('asa@example.se');
    await page.getByRole('button', { name: 'Spara utkast' }).last().click();
    await page.getByText('Utkastet är sparat.').waitFor();
    await page.goto(`${base}/tasks/${taskId}/form`);
    await expect(page.getByLabel('Projektets namn (obligatoriskt)').inputValue()).resolves.toBe('Trygg hemma');
    await expect(page.getByText('18 av 1000 tecken').isVisible()).resolves.toBe(true);
    await page.getByLabel('Beskrivning').fill('Hej');
    await page.getByText('3 av 1000 tecken').waitFor();
  });

  it('submits the form, which then reads only, and prints without buttons', async () => {
    await page.getByRole('button', { name: 'Skicka in' }).click();
    await page.getByText('Formuläret är inskickat.').waitFor();
    await expect(page.getByRole('button', { name: 'Spara utkast' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Utskriftsversion' }).click();
    await page.getByRole('heading', { name: 'Ansökan om medel' }).waitFor();
    await expect(page.getByText('Hej', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button').count()).resolves.toBeLessThanOrEqual(1);
    await checkPageAndReflow(page, 'form-print');
  });
});
