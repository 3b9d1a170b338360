import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { reportRecords } from '../db/queries/report-records';
import { updateVersion, versionById } from '../db/queries/report-versions';
import { assembleReport } from '../core/report-assembly';
import type { ReportDocument } from '../core/report';
import { t, type Locale } from '../i18n';
import { launchChromium, renderReportPdf } from './report-pdf';
import { renderReportDocx } from './report-docx';

/**
 * The steps of compiling a lägesrapport version, each its own activity so the page can show how
 * far it has come and a retry redoes one step, not all. Each reads the version by id and writes
 * its result to it: the document and files never pass through the workflow's history.
 */

/** The report is Swedish: it goes into Länsstyrelsen's annual report to the government. */
const REPORT_LOCALE: Locale = 'sv';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function documentOf(db: Db, versionId: string): Promise<ReportDocument> {
  const row = await versionById(db, versionId);
  if (!row?.version.document) throw new Error(`report version ${versionId} has no document`);
  return row.version.document;
}

export function reportActivities(db: Db) {
  return {
    async assembleReportVersion({ versionId }: { versionId: string }): Promise<void> {
      const row = await versionById(db, versionId);
      if (!row) throw new Error(`no report version ${versionId}`);
      const document = assembleReport(await reportRecords(db, row.report.cycleId), row.version.analysis, {
        title: t(REPORT_LOCALE, 'report.doc.title'),
        version: row.version.number,
        compiledAt: new Date(),
        countyLabel: t(REPORT_LOCALE, 'ind.chart.county'),
      });
      await updateVersion(db, versionId, { document, progressDone: 1 });
    },
    /** One browser per compile: started for the print and closed after it. */
    async renderReportPdf({ versionId }: { versionId: string }): Promise<void> {
      const document = await documentOf(db, versionId);
      const browser = await launchChromium();
      try {
        const pdf = await renderReportPdf(browser, REPORT_LOCALE, document);
        await updateVersion(db, versionId, { pdf, pdfSha256: sha256(pdf), progressDone: 2 });
      } finally {
        await browser.close();
      }
    },
    async renderReportDocx({ versionId }: { versionId: string }): Promise<void> {
      const docx = await renderReportDocx(REPORT_LOCALE, await documentOf(db, versionId));
      await updateVersion(db, versionId, { docx, docxSha256: sha256(docx), progressDone: 3, status: 'compiled', compiledAt: new Date() });
    },
    async failReportVersion({ versionId, failure }: { versionId: string; failure: string }): Promise<void> {
      await updateVersion(db, versionId, { status: 'failed', failure });
    },
  };
}
