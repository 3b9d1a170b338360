import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import mammoth from 'mammoth';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema';
import { reportOf, versionByNumber } from '../db/queries/report-versions';
import type { ReportDocument } from '../core/report';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, injectAs, signedInAs, testApp } from './support/app';
import { htmlErrors } from './support/vnu';
import { CYCLE, DEFINITION, YEAR, fillReportRecords } from './support/report-records';

const QUEUE = 'report-compile';
const API = `/api/cycles/${DEFINITION}/${YEAR}/report/versions`;
const PAGE = `/cycles/${DEFINITION}/${YEAR}/report/versions`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const artifact = (name: string) => new URL(`artifacts/${name}`, import.meta.url).pathname;

/**
 * A version of the lägesrapport compiled by the real worker from a year's records in PostgreSQL:
 * its progress, its document, and its PDF and Word files read back with poppler and mammoth.
 */
describe('compiling the lägesrapport', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let records: Awaited<ReturnType<typeof fillReportRecords>>;
  const seen = new Set<number>();
  let final: { status: string; progress: { done: number; total: number }; pdfSha256: string; docxSha256: string };
  let doc: ReportDocument;
  let pdf: Buffer;
  let docx: Buffer;
  let tmp: string;

  const compile = async () => {
    const res = await injectAs(app, { method: 'POST', url: API });
    expect(res.statusCode, res.body).toBe(202);
    const number = res.json<{ number: number }>().number;
    return eventually(async () => {
      const status = await injectAs(app, { method: 'GET', url: `${API}/${number}` });
      const body = status.json();
      seen.add(body.progress.done);
      return body.status === 'compiling' ? undefined : { number, ...body };
    });
  };

  beforeAll(async () => {
    database = await createSeededDatabase();
    records = await fillReportRecords(database.db);
    const report = await reportOf(database.db, CYCLE, 'rapportutkast', 'Utkast till Regional lägesrapport');
    await database.db
      .update(t.reports)
      .set({
        analysis: {
          summary: 'Länets arbete har utvecklats.',
          overall: 'Fler kommuner har rutiner.',
          goals: { '1': 'Kampanjen nådde unga.' },
        },
      })
      .where(eq(t.reports.id, report.id));
    temporal = await startTemporal(database.db, QUEUE);
    app = await testApp(database.db, temporal.client, QUEUE);
    final = await compile();
    const row = (await versionByNumber(database.db, CYCLE, 1))!.version;
    [doc, pdf, docx] = [row.document!, row.pdf!, row.docx!];
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lagesrapport-'));
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  it('shows its progress up to 3 of 3 and ends compiled, with the hashes of both files', () => {
    expect(final.status).toBe('compiled');
    expect(final.progress).toEqual({ done: 3, total: 3 });
    expect([...seen].every((n) => n >= 0 && n <= 3)).toBe(true);
    expect(final.pdfSha256).toBe(sha256(pdf));
    expect(final.docxSha256).toBe(sha256(docx));
  });

  it('records who compiled which version in the audit', async () => {
    const rows = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'report.compile'));
    expect(rows.map((r) => [r.actorKind, r.door, (r.detail as { number: number }).number])).toEqual([['coordinator', 'api', 1]]);
  });

  it('has every goal of the strategy in number order, with the analysis written for it', () => {
    expect(doc.title).toBe('Regional lägesrapport');
    expect(doc.subtitle).toContain(String(YEAR));
    expect(doc.goals.map((g) => g.number)).toEqual(records.goals.map((g) => g.number));
    expect(doc.summary).toBe('Länets arbete har utvecklats.');
    expect(doc.goals[0]!.analysis).toBe('Kampanjen nådde unga.');
  });

  it('has every decided measure under its goal with its owners and the status reported', async () => {
    const statuses = await database.db.select().from(t.measureFollowUps);
    for (const m of records.measures) {
      const goal = records.goals.find((g) => g.id === m.goalId)!;
      const shown = doc.goals.find((g) => g.number === goal.number)!.measures.find((x) => x.code === m.code);
      expect(shown, m.code).toBeDefined();
      expect(shown!.owners.length).toBeGreaterThan(0);
      const status = statuses.find((s) => s.measureId === m.id)?.status ?? null;
      expect(shown!.followUps.map((f) => f.status)).toEqual([status]);
    }
    const reported = doc.goals.flatMap((g) => g.measures).flatMap((m) => m.followUps.filter((f) => f.status));
    expect(reported.every((f) => f.text && f.links.length === 1 && f.attachments.length === 1 && f.reportedAt)).toBe(true);
  });

  it('has every indicator of the goals with its series, target status and provenance', () => {
    const shown = doc.goals.flatMap((g) => g.indicators);
    expect(shown.map((i) => i.slug).sort()).toEqual(records.indicators.map((i) => i.slug).sort());
    for (const i of shown) {
      expect(i.series[0]!.area).toBe('01');
      expect(i.series).toHaveLength(4);
      expect(i.provenance.length).toBeGreaterThan(0);
    }
    expect(new Set(shown.map((i) => i.targetStatus))).toContain('unknown');
    expect(doc.sources.length).toBeGreaterThan(0);
  });

  it('shows the version as a page with a section per goal and a chart per indicator', async () => {
    const res = await injectAs(app, { method: 'GET', url: `${PAGE}/1` });
    expect(res.statusCode).toBe(200);
    for (const id of ['summary', 'overall', ...doc.goals.map((g) => `goal-${g.number}`), 'sources'])
      expect(res.body).toContain(`id="${id}"`);
    expect(res.body.match(/<svg class="chart"/g)).toHaveLength(records.indicators.length);
    expect(res.body).toContain('<h2>Mål 1: ');
  });

  it('shows the same document with English headings', async () => {
    const res = await injectAs(app, { method: 'GET', url: `${PAGE}/1?lang=en` });
    for (const heading of [
      '<h2>Summary</h2>',
      '<h2>Development in the county</h2>',
      '<h2>Goal 1: ',
      '<h3>Measures</h3>',
      '<h2>Sources</h2>',
    ])
      expect(res.body).toContain(heading);
  });

  it('is valid HTML by the Nu Html Checker', async () => {
    expect(await htmlErrors({ version: (await injectAs(app, { method: 'GET', url: `${PAGE}/1` })).body })).toEqual([]);
  });

  it('refuses a version of a year that has no cycle', async () => {
    const res = await injectAs(app, { method: 'POST', url: `/api/cycles/${DEFINITION}/2031/report/versions` });
    expect(res.statusCode).toBe(404);
  });

  it('compiles from the page form and sends the coordinator to the new version', async () => {
    const { cookie, csrf } = await signedInAs(app);
    const res = await app.inject({
      method: 'POST',
      url: `/cycles/${DEFINITION}/${YEAR}/report/compile?lang=sv`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf)}`,
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}/2?lang=sv`);
    await eventually(async () => ((await versionByNumber(database.db, CYCLE, 2))!.version.status === 'compiled' ? true : undefined));
  });

  it('prints to a PDF whose pages poppler renders and whose text has the headings', () => {
    const file = path.join(tmp, 'lagesrapport.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const heading of [
      'Regional lägesrapport',
      'Sammanfattning',
      'Utvecklingen i länet',
      'Mål 1:',
      'Analys',
      'Åtgärder',
      'Indikatorer',
      'Källor',
    ])
      expect(text).toContain(heading);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(tmp, 'page')]);
    const pages = readdirSync(tmp)
      .filter((f) => f.startsWith('page-'))
      .sort();
    expect(pages.length).toBeGreaterThan(doc.goals.length);
    // The first goal's page with a chart: the first page after that goal's heading that shows its first indicator.
    const pageText = (n: number) => execFileSync('pdftotext', ['-f', String(n + 1), '-l', String(n + 1), file, '-'], { encoding: 'utf8' });
    const start = pages.findIndex((_, n) => pageText(n).includes('Mål 1:'));
    const chartName = doc.goals[0]!.indicators[0]!.name.slice(0, 30);
    const first = pages.findIndex((_, n) => n >= start && pageText(n).includes(chartName));
    expect(first).toBeGreaterThanOrEqual(start);
    mkdirSync(artifact(''), { recursive: true });
    copyFileSync(path.join(tmp, pages[first]!), artifact('lagesrapport-page.png'));
    const png = readFileSync(artifact('lagesrapport-page.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('writes a Word file with real headings, the measures as tables and the charts as images', async () => {
    const images: string[] = [];
    const { value } = await mammoth.convertToHtml(
      { buffer: docx },
      { convertImage: mammoth.images.imgElement(async (image) => (images.push(image.contentType), { src: 'chart.png' })) },
    );
    const texts = (tag: string) => [...value.matchAll(new RegExp(`<${tag}>(.*?)</${tag}>`, 'g'))].map((m) => m[1]);
    expect(texts('h1')).toEqual(['Regional lägesrapport']);
    expect(texts('h2')).toEqual([
      'Sammanfattning',
      'Utvecklingen i länet',
      ...doc.goals.map((g) => `Mål ${g.number}: ${g.title}`),
      'Källor',
    ]);
    expect(texts('h3').slice(0, 3)).toEqual(['Analys', 'Åtgärder', 'Indikatorer']);
    const goalsWithMeasures = doc.goals.filter((g) => g.measures.length).length;
    expect(value.match(/<table>/g)).toHaveLength(goalsWithMeasures);
    expect(value).toContain('<td><p>1.1</p></td>');
    expect(images).toHaveLength(records.indicators.length);
    expect(new Set(images)).toEqual(new Set(['image/png']));
  });

  it('hands both files out as attachments', async () => {
    for (const [kind, type, bytes] of [
      ['pdf', 'application/pdf', pdf],
      ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx],
    ] as const) {
      const res = await injectAs(app, { method: 'GET', url: `${PAGE}/1/lagesrapport.${kind}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="lagesrapport-${YEAR}-utkast-1\\.${kind}"$`));
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
  });

  it('lets the styrgrupp read a version and answers another body as if there were none', async () => {
    const member = await injectAs(app, { method: 'GET', url: `${API}/1` }, { kind: 'seat', seat: 'styrgrupp/polisen' });
    expect(member.statusCode, member.body).toBe(200);
    const analyst = await injectAs(app, { method: 'GET', url: `${API}/1` }, { kind: 'seat', seat: 'samordningskoordinering/utredare' });
    expect(analyst.statusCode).toBe(404);
  });

  it('marks a version failed, with why, when its files cannot be rendered', async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const failed = await compile();
      expect(failed.status).toBe('failed');
      expect(failed.progress.done).toBe(1);
      const row = (await versionByNumber(database.db, CYCLE, failed.number))!.version;
      expect(row.failure).toMatch(/nonexistent/);
      const page = await injectAs(app, { method: 'GET', url: `${PAGE}/${failed.number}` });
      expect(page.body).toContain('Sammanställningen misslyckades');
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  }, 60_000);
});
