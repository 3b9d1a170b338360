import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import headers from '../api/plugins/headers';
import { page as layout } from '../api/views/layout';
import { STYLESHEET, STYLESHEET_PATH } from '../web/assets';
import { html } from '../web/html';
import { chartTable, trendChart, type TrendChartInput } from '../web/chart';
import { checkPage, launchChromium } from './support/browser';

/** The county's trend against 26 municipalities over ten years, with a target, as a report page would show it. */
const municipalities = Array.from({ length: 26 }, (_, i) => ({
  label: `Kommun ${i + 1}`,
  area: String(114 + i).padStart(4, '0'),
  points: Array.from({ length: 10 }, (_, y) => ({
    year: 2014 + y,
    value: y === 4 && i % 5 === 0 ? null : 30 + ((i * 7) % 20) + y * (0.2 + (i % 4) * 0.3),
  })),
}));
const chart: TrendChartInput = {
  title: 'Andel som upplevde att de blev trodda',
  unit: '%',
  locale: 'sv',
  id: 'trodda',
  series: [
    {
      label: 'Stockholms län',
      area: '0001',
      emphasis: true,
      points: Array.from({ length: 10 }, (_, y) => ({ year: 2014 + y, value: 38 + y * 0.75 })),
    },
    ...municipalities,
  ],
  target: { baselineYear: 2020, baselineValue: 42.5, targetYear: 2026, targetValue: 50 },
};
const empty: TrendChartInput = { title: 'Antal anmälda brott', unit: 'antal', locale: 'sv', series: [] };

describe('a trend chart and its table in Chromium', () => {
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(new URL('./artifacts/', import.meta.url), { recursive: true });
    // The real security headers and stylesheet, and the real page layout: only the route is this test's own.
    app = Fastify();
    await app.register(headers, { https: false, formTargets: [] });
    app.get(STYLESHEET_PATH, (_req, reply) => reply.type('text/css').send(STYLESHEET));
    app.get('/chart', (_req, reply) =>
      reply.type('text/html').send(
        layout({
          locale: 'sv',
          title: chart.title,
          path: '/chart',
          body: html`<h1>Indikatorer</h1>
            <h2>${chart.title}</h2>
            <figure>${trendChart(chart)}</figure>
            ${chartTable(chart)}
            <h2>${empty.title}</h2>
            ${trendChart(empty)}`,
        }),
      ),
    );
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('has no accessibility violations and names the chart by its title and description', async () => {
    const page = await (await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })).newPage();
    await page.goto(`${base}/chart`);
    const image = page.getByRole('img', { name: chart.title });
    expect(await image.getAttribute('aria-labelledby')).toBe('trodda-title trodda-desc');
    expect(await page.textContent('#trodda-desc')).toContain('Stockholms län ökade från 38 % år 2014 till 44,75 % år 2023.');
    expect(
      await page
        .getByRole('table', { name: /Andel som upplevde/ })
        .locator('tbody tr')
        .count(),
    ).toBe(28);
    await checkPage(page, 'chart');
  });
});
