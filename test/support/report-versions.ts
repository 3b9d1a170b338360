import { createHash, randomUUID } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import type { ReportDocument } from '../../core/report';
import { launchChromium } from './browser';

/**
 * Compiled versions of a cycle's lägesrapport, inserted as rows: this stands in for the compile
 * step (its own branch) until the two meet. The PDF is Chromium's print of a tiny page and the
 * Word file the `docx` package's, so the files mailed are real files of those kinds.
 */

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real PDF and Word file saying which version they are. */
export async function reportFiles(number: number): Promise<{ pdf: Buffer; docx: Buffer }> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(`<h1>Regional lägesrapport, utkast ${number}</h1>`);
    const pdf = await page.pdf({ format: 'A4' });
    const doc = new Document({ sections: [{ children: [new Paragraph(`Regional lägesrapport, utkast ${number}`)] }] });
    return { pdf, docx: await Packer.toBuffer(doc) };
  } finally {
    await browser.close();
  }
}

export const SUMMARY = 'Våldet i nära relationer minskar i länet, men stödet till barn behöver nå fler.';

function document(cycleYear: number, number: number): ReportDocument {
  return {
    title: 'Regional lägesrapport',
    subtitle: `Operation Kvinnofrid ${cycleYear}`,
    version: number,
    compiledAt: new Date().toISOString(),
    summary: SUMMARY,
    overall: 'Utvecklingen i länet.',
    goals: [],
    sources: ['Kolada'],
  };
}

/** The cycle's report row for its `report` step, once. */
export async function insertReport(db: Db, cycleId: string, stepKey = 'rapportutkast'): Promise<string> {
  const id = randomUUID();
  await db.insert(t.reports).values({ id, cycleId, stepKey, title: 'Regional lägesrapport' });
  return id;
}

/** Version `number` of the report, compiled (or in another status) with its files. */
export async function insertVersion(
  db: Db,
  o: { reportId: string; year: number; number: number; status?: t.ReportVersion['status'] },
): Promise<t.ReportVersion> {
  const files = await reportFiles(o.number);
  const doc = document(o.year, o.number);
  const [row] = await db
    .insert(t.reportVersions)
    .values({
      id: randomUUID(),
      reportId: o.reportId,
      number: o.number,
      status: o.status ?? 'compiled',
      analysis: { summary: doc.summary, overall: doc.overall, goals: {} },
      document: doc,
      progressDone: 3,
      progressTotal: 3,
      ...files,
      compiledAt: new Date(),
    })
    .returning();
  return row!;
}
