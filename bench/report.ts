/**
 * Lägesrapport figures for `npm run bench` (BENCH_STAGES=report), on a fresh database holding a
 * year of 8 goals, 60 measures each followed up, and 40 indicators × 10 years × 27 areas:
 * - report_page_s: the records read and assembled into the document, and the document as HTML;
 * - report_pdf_s, report_docx_s, report_files_s: Chromium's print (started and closed, as in a
 *   compile) and the Word file with its 40 charts as pictures, and the two together;
 * - report_compile_s: the page and the files together, the whole of a version's compiling;
 * - report_overview_s: the dashboard's overview of the same cycle, rendered in the same run, and the
 *   ratios of the page and the files to it.
 * The median of three runs each, after one that warms up.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Db } from '../db/client';
import { reportRecords } from '../db/queries/report-records';
import { assembleReport } from '../core/report-assembly';
import { emptyAnalysis } from '../core/report';
import { reportDocumentHtml } from '../web/report-html';
import { launchChromium, renderReportPdf } from '../activities/report-pdf';
import { renderReportDocx } from '../activities/report-docx';
import { buildApp } from '../api/app';
import { createMailer } from '../activities/mailer';
import { loadConfig } from '../config/env';
import { injectAs } from '../test/support/app';
import { CYCLE, DEFINITION, YEAR, fillReportRecords } from '../test/support/report-records';

const SIZE = { measures: 60, indicators: 40, years: 10, areas: 27 };
const RUNS = 3;

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push((performance.now() - started) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const assemble = async (db: Db) =>
  assembleReport(await reportRecords(db, CYCLE), emptyAnalysis(), {
    title: 'Regional lägesrapport',
    version: 1,
    compiledAt: new Date(),
    countyLabel: 'Länet',
  });

export async function reportCompile(db: Db) {
  await fillReportRecords(db, SIZE);
  const doc = await assemble(db);
  const shape = {
    goals: doc.goals.length,
    measures: doc.goals.reduce((n, g) => n + g.measures.length, 0),
    indicators: doc.goals.reduce((n, g) => n + g.indicators.length, 0),
  };
  const page = await median(async () => reportDocumentHtml('sv', await assemble(db)).value.length);
  const pdf = await median(async () => {
    const browser = await launchChromium();
    try {
      return await renderReportPdf(browser, 'sv', doc);
    } finally {
      await browser.close();
    }
  });
  const docx = await median(() => renderReportDocx('sv', doc));
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const config = {
    ...loadConfig({}),
    secret: randomBytes(32).toString('hex'),
    rateLimits: { api: 1e9, pages: 1e9, links: 1e9, signin: 1e9, signinAddress: 1e9 },
  };
  const app = await buildApp({ db, temporal: new Client({ connection }), config, mailer: createMailer(undefined) }, { logger: false });
  try {
    const overview = await median(async () => {
      const res = await injectAs(app, { method: 'GET', url: `/cycles/${DEFINITION}/${YEAR}` });
      if (res.statusCode !== 200) throw new Error(`the overview answered ${res.statusCode}`);
    });
    return { shape, page, pdf, docx, overview };
  } finally {
    await app.close();
  }
}
