import { createHash, randomUUID } from 'node:crypto';
import { Document, Packer, Paragraph } from 'docx';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { reportOf } from '../../db/queries/report-versions';
import type { ReportDocument } from '../../core/report';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { toLocal } from '../../core/time';
import { createMailer } from '../../activities/mailer';
import { launchChromium } from './browser';
import { createSeededDatabase, type TestDatabase } from './database';
import { startTemporal, type TemporalHarness } from './temporal';
import { catchMail, type CaughtMail } from './smtp';
import { eventually, injectAs, testApp } from './app';

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
  return (await reportOf(db, cycleId, stepKey, 'Regional lägesrapport')).id;
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

export interface ReportYear {
  database: TestDatabase;
  temporal: TemporalHarness;
  smtp: CaughtMail;
  app: FastifyInstance;
  year: number;
  cycle: string;
  stop(): Promise<void>;
}

/**
 * The shipped cycle of this year started at its lägesrapport phase on the Temporal dev server,
 * with a real SMTP server catching its mail: the report task is open at once, and every deadline
 * lies ahead in the next year.
 */
export async function reportYear(name: string): Promise<ReportYear> {
  const database = await createSeededDatabase();
  const smtp = await catchMail();
  const mailer = createMailer(smtp.url);
  const temporal = await startTemporal(database.db, `${name}-${Date.now()}`, mailer);
  const app = await testApp(database.db, temporal.client, temporal.taskQueue, mailer);
  const year = toLocal(new Date()).year;
  const start = { mode: 'fromPhase', phase: 'lagesrapport', reason: 'Året börjar vid lägesrapporten i detta test.' };
  const payload = { definition: 'kvinnofrid-arshjul', year, start, actor: { kind: 'coordinator' } };
  const res = await injectAs(app, { method: 'POST', url: '/api/cycles', payload });
  if (res.statusCode !== 201) throw new Error(`the cycle did not start: ${res.body}`);
  return {
    database,
    temporal,
    smtp,
    app,
    year,
    cycle: `cycle/kvinnofrid-arshjul/${year}`,
    async stop() {
      await app.close();
      await temporal.stop();
      await smtp.stop();
      await database.drop();
    },
  };
}

/** Voters approve, seat by seat, until the decision closes. */
export async function approveDecision(app: FastifyInstance, decision: t.Decision): Promise<void> {
  for (const seat of decision.voterSeatIds) {
    const res = await injectAs(app, {
      method: 'POST',
      url: `/api/decisions/${decision.id}/votes`,
      payload: { choice: 'approve', actor: { kind: 'seat', seat } },
    });
    if (res.statusCode !== 200) throw new Error(`the vote was refused: ${res.body}`);
    if (res.json<{ status: string }>().status === 'closed') return;
  }
  throw new Error('the decision did not close');
}

/** The open task or decision of a step of the cycle, once the engine has recorded it. */
export const openWork = <T>(db: Db, table: typeof t.tasks | typeof t.decisions, cycle: string, stepKey: string) =>
  eventually(async () => {
    const [row] = await db
      .select()
      .from(table)
      .where(and(eq(table.cycleId, cycle), eq(table.stepKey, stepKey), eq(table.status, 'open')));
    return row as T | undefined;
  });

/** The receipt link in the hand-off's mail. */
export const receiptToken = (smtp: CaughtMail, number = 1) =>
  eventually(async () => {
    const mail = smtp.messages.find((m) => m.subject?.includes(`Utkast ${number} till Länsstyrelsens årsredovisning`));
    return mail && /\/l\/([A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!;
  });
