import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';

/**
 * Indicator values through their doors: imports that land whole or not at all, re-imports that
 * change nothing, a replaced value kept in the history, manual entry with its provenance, and the
 * target's status. Everything reads and writes PostgreSQL; the engine is a lazy connection nothing reaches.
 */
const KPI = 'U28532';
const coordinator = { kind: 'coordinator' } as const;
const member = { kind: 'seat', seat: 'samordningsgrupp/polisen' } as const;

const entry = (municipality: string, period: number, values: { gender: string; value: number | null | string }[], kpi = KPI) => ({
  kpi,
  municipality,
  period,
  values: values.map((v) => ({ count: 1, status: '', ...v })),
});
const goodEntries = [
  entry('01', 2022, [
    { gender: 'T', value: 61.5 },
    { gender: 'K', value: 63 },
    { gender: 'M', value: null },
  ]),
  entry('0180', 2022, [{ gender: 'T', value: 70 }]),
];
const badFile = {
  values: [...goodEntries, entry('', 2022, [{ gender: 'T', value: 1 }]), entry('0180', 2023, [{ gender: 'X', value: 'n/a' }])],
};
const goodFile = { values: goodEntries };

describe('indicator values', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const send = (method: 'GET' | 'POST', url: string, payload?: object, as: { kind: string; seat?: string } = coordinator) =>
    injectAs(app, { method, url, ...(payload ? { payload } : {}) }, as);
  const kolada = (slug: string, file: object) =>
    send('POST', `/api/indicators/${slug}/import`, { format: 'kolada', text: JSON.stringify(file), filename: 'kolada.json' });
  const postForm = (url: string, fields: Record<string, string>) =>
    injectAs(app, {
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const idOf = async (slug: string) => (await db.db.select().from(t.indicators).where(eq(t.indicators.slug, slug)))[0]!.id;
  const valuesOf = async (slug: string) =>
    db.db
      .select()
      .from(t.indicatorValues)
      .where(eq(t.indicatorValues.indicatorId, await idOf(slug)));
  const historyOf = async (slug: string) =>
    db.db
      .select()
      .from(t.indicatorValueHistory)
      .where(eq(t.indicatorValueHistory.indicatorId, await idOf(slug)));

  beforeAll(async () => {
    db = await createSeededDatabase();
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'indicators');
    await db.db.update(t.indicators).set({ koladaKpi: KPI }).where(eq(t.indicators.slug, 'oj-rutin-fraga-vald'));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('imports nothing from a Kolada file with bad rows, and names each by its entry and reason', async () => {
    const res = await kolada('oj-rutin-fraga-vald', badFile);
    expect(res.statusCode).toBe(400);
    expect(res.json().problems).toEqual([
      expect.objectContaining({ where: 'entry', line: 3, reason: 'ind.problem.area', message: 'Området saknas' }),
      expect.objectContaining({ where: 'entry', line: 4, reason: 'ind.problem.gender' }),
      expect.objectContaining({ where: 'entry', line: 4, reason: 'ind.problem.value', message: 'Värdet ”n/a” är inget tal' }),
    ]);
    expect(await valuesOf('oj-rutin-fraga-vald')).toEqual([]);
  });

  it('lands the right rows of the fixed file with their provenance, leaving out null values', async () => {
    const res = await kolada('oj-skyddat-boende', goodFile);
    expect(res.json()).toEqual({ added: 3, changed: 0, unchanged: 0, skipped: 1 });
    const rows = await valuesOf('oj-skyddat-boende');
    expect(rows.map((r) => [r.year, r.area, r.gender, r.value, r.source]).sort()).toEqual([
      [2022, '01', 'K', 63, 'Kolada'],
      [2022, '01', 'T', 61.5, 'Kolada'],
      [2022, '0180', 'T', 70, 'Kolada'],
    ]);
    expect(rows.every((r) => r.retrievedBy !== null)).toBe(true);
  });

  it('changes nothing on a re-import: the same counts as unchanged, no history', async () => {
    await kolada('oj-insats-valdsutovare', goodFile);
    const before = await valuesOf('oj-insats-valdsutovare');
    const again = await kolada('oj-insats-valdsutovare', goodFile);
    expect(again.json()).toEqual({ added: 0, changed: 0, unchanged: 3, skipped: 1 });
    expect(await valuesOf('oj-insats-valdsutovare')).toEqual(before);
    expect(await historyOf('oj-insats-valdsutovare')).toEqual([]);
  });

  it('keeps a changed value in the history with its old provenance', async () => {
    await kolada('krim-personuppklarade-relationsvald', goodFile);
    const changed = { values: [entry('01', 2022, [{ gender: 'T', value: 62 }]), ...goodEntries.slice(1)] };
    const res = await kolada('krim-personuppklarade-relationsvald', changed);
    expect(res.json()).toMatchObject({ added: 0, changed: 1, unchanged: 1 });
    const history = await historyOf('krim-personuppklarade-relationsvald');
    expect(history).toEqual([expect.objectContaining({ year: 2022, area: '01', gender: 'T', value: 61.5, source: 'Kolada' })]);
  });

  /** Values for Botkyrka entered by hand for 2014 and 2015, years no other test uses; 2014's 40 replaced by 41,5. */
  const slug = 'kvv-program-relationsvald';
  const enterBotkyrka = async () => {
    const enter = (year: number, value: string) =>
      send('POST', `/api/indicators/${slug}/values`, { year, area: '0127', gender: 'T', value });
    for (const [year, value] of [
      [2014, '40'],
      [2014, '41,5'],
      [2015, '44'],
    ] as const)
      expect((await enter(year, value)).statusCode).toBeLessThan(300);
  };

  it('shows the replaced value under its year on the page, and through the API', async () => {
    await enterBotkyrka();
    const page = await send('GET', `/admin/indicators/${slug}?year=2014`);
    expect(page.body).toContain('<h2>Ersatta värden 2014</h2>');
    expect(page.body).toMatch(/<td>0127<\/td>\s*<td>totalt<\/td>\s*<td>40<\/td>\s*<td>manuell<\/td>/);
    expect((await send('GET', `/admin/indicators/${slug}?year=2015`)).body).not.toContain('Ersatta värden');
    const api = await send('GET', `/api/indicators/${slug}/history`);
    expect(api.json()).toContainEqual(expect.objectContaining({ year: 2014, area: '0127', gender: 'T', value: 40, source: 'manuell' }));
  });

  it('shows one year of values at a time, the latest by default, with a link to each year', async () => {
    await enterBotkyrka();
    const latest = Math.max(...(await valuesOf(slug)).map((v) => v.year));
    const first = await send('GET', `/admin/indicators/${slug}`);
    expect(first.body).toMatch(new RegExp(`<caption[^>]*>Värden ${latest} per område, med källa</caption>`));
    expect(first.body).toContain(`<a aria-current="page" href="/admin/indicators/${slug}?lang=sv&amp;year=${latest}">${latest}</a>`);
    const page = await send('GET', `/admin/indicators/${slug}?year=2014`);
    expect(page.body).toContain(`<a href="/admin/indicators/${slug}?lang=sv&amp;year=2015">2015</a>`);
    const rows = /<caption[^>]*>Värden 2014[^<]*<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)![1]!;
    expect([...rows.matchAll(/<tr>\s*<td>(\d{4})<\/td>/g)].map((m) => m[1])).toEqual(['2014']);
    expect(rows).toContain('<td>41,5</td>');
  });

  it('refuses a Kolada file of another KPI than the indicator names', async () => {
    const res = await kolada('oj-rutin-fraga-vald', { values: [entry('01', 2022, [{ gender: 'T', value: 1 }], 'N00001')] });
    expect(res.json().problems).toEqual([expect.objectContaining({ line: 1, reason: 'ind.problem.kpi' })]);
  });

  it('lands a CSV with a BOM, semicolons and decimal commas, its file named as the source', async () => {
    const text = '\uFEFFår;område;kön;värde\r\n2021;01;T;12,5\r\n2021;0180;K;7,25\r\n';
    const res = await send('POST', '/api/indicators/ntu-sexualbrott/import', { format: 'csv', text, filename: 'ntu.csv' });
    expect(res.json()).toEqual({ added: 2, changed: 0, unchanged: 0, skipped: 0 });
    const rows = await valuesOf('ntu-sexualbrott');
    expect(rows.map((r) => [r.area, r.gender, r.value, r.source]).sort()).toEqual([
      ['01', 'T', 12.5, 'CSV: ntu.csv'],
      ['0180', 'K', 7.25, 'CSV: ntu.csv'],
    ]);
  });

  it('records a manual entry as "manuell", by the coordinator who entered it', async () => {
    const res = await send('POST', '/api/indicators/enkat-metodstod/values', { year: 2024, area: '01', gender: 'T', value: '48,5' });
    expect(res.json()).toEqual({ added: 1, changed: 0, unchanged: 0 });
    const detail = (await send('GET', '/api/indicators/enkat-metodstod')).json();
    expect(detail.values).toEqual([
      expect.objectContaining({ year: 2024, value: 48.5, source: 'manuell', retrievedBy: expect.any(String) }),
    ]);
    const [event] = await db.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'indicator.valueEntered'), eq(t.auditEvents.targetId, await idOf('enkat-metodstod'))));
    expect(event).toBeDefined();
  });

  it('names a wrong field of a manual entry in the reader’s language', async () => {
    const res = await send('POST', '/api/indicators/enkat-metodstod/values?lang=en', { year: 2024, area: '01', value: 'many' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([expect.objectContaining({ field: 'value', message: 'is not a number' })]);
  });

  it('lets a member read indicators but not import or enter values', async () => {
    expect((await send('GET', '/api/indicators', undefined, member)).statusCode).toBe(200);
    const text = 'år;område;värde\n2022;01;1';
    expect((await send('POST', '/api/indicators/ntu-sexualbrott/import', { format: 'csv', text }, member)).statusCode).toBe(403);
    expect((await send('POST', '/api/indicators/ntu-sexualbrott/values', { year: 2022, area: '01', value: 1 }, member)).statusCode).toBe(
      403,
    );
  });

  it('computes the target status from the county total', async () => {
    const target = { direction: 'higher', baselineYear: 2020, baselineValue: 100, targetYear: 2024, targetValue: '140,0' };
    expect((await injectAs(app, { method: 'PUT', url: `/api/indicators/${slug}`, payload: target })).statusCode).toBe(204);
    const status = async () =>
      (await send('GET', '/api/indicators')).json<{ slug: string; status: string }[]>().find((i) => i.slug === slug)!.status;
    expect(await status()).toBe('unknown');
    await send('POST', `/api/indicators/${slug}/values`, { year: 2022, area: '01', value: 125 });
    expect(await status()).toBe('onTrack');
    await send('POST', `/api/indicators/${slug}/values`, { year: 2023, area: '01', value: 126 });
    expect(await status()).toBe('notMet');
    await send('POST', `/api/indicators/${slug}/values`, { year: 2023, area: '01', value: 141 });
    expect(await status()).toBe('met');
  });

  it('refuses a target given in part, naming the field', async () => {
    const res = await injectAs(app, {
      method: 'PUT',
      url: '/api/indicators/ntu-utsatta-misshandel-nara',
      payload: { direction: 'lower', baselineYear: 2020, baselineValue: 10 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ field: 'targetValue', message: expect.stringContaining('alla fyra delar') }),
    ]);
  });

  it('saves direction, KPI and target from the page form, audited with what changed', async () => {
    const slug = 'ntu-utsatta-misshandel-nara';
    const form = {
      direction: 'lower',
      koladaKpi: 'N00001',
      baselineYear: '2020',
      baselineValue: '10,5',
      targetYear: '2026',
      targetValue: '8',
    };
    const res = await postForm(`/admin/indicators/${slug}`, form);
    expect(res.statusCode).toBe(303);
    const detail = (await send('GET', `/api/indicators/${slug}`)).json();
    expect(detail).toMatchObject({
      direction: 'lower',
      koladaKpi: 'N00001',
      target: { baselineYear: 2020, baselineValue: 10.5, targetYear: 2026, targetValue: 8 },
    });
    const page = await send('GET', `/admin/indicators/${slug}?done=edited`);
    expect(page.body).toContain('Mål: från 10,5 år 2020 till 8 år 2026');
    const [event] = await db.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'indicator.edited'), eq(t.auditEvents.targetId, await idOf(slug))));
    expect(event!.detail).toMatchObject({ changes: { koladaKpi: { before: null, after: 'N00001' } } });
  });

  it('shows the page form’s refused rows with their line and reason, and the target status in words', async () => {
    const text = 'år;område;kön;värde\n2022;01;T;1\n2022;01;T;abc';
    const res = await postForm('/admin/indicators/krim-anmalda-grov-kvinnofridskranking/import', {
      format: 'csv',
      text,
      filename: 'a.csv',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Inget importerades. Fel i filen: 1.');
    expect(res.body).toContain('<li><strong>Rad 3</strong>: Värdet ”abc” är inget tal</li>');
    expect(res.body).toMatch(/<textarea id="import-text" name="text"[^>]*aria-invalid="true"[^>]*>år;område;kön;värde/);
    expect(res.body).toContain('Målets läge kan inte bedömas');
    expect(await valuesOf('krim-anmalda-grov-kvinnofridskranking')).toEqual([]);
  });

  it('imports a file chosen in the page form, named as its source', async () => {
    const form = new FormData();
    form.append('format', 'csv');
    form.append('filename', '');
    form.append('text', '');
    form.append('file', new File(['\uFEFFår;område;kön;värde\r\n2020;01;T;3,75\r\n'], 'brå-2020.csv', { type: 'text/csv' }));
    const request = new Request('http://form.invalid/', { method: 'POST', body: form });
    const res = await injectAs(app, {
      method: 'POST',
      url: '/admin/indicators/ntu-utsatta-misshandel-nara/import',
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type')! },
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('done=imported&added=1');
    const rows = await valuesOf('ntu-utsatta-misshandel-nara');
    expect(rows.map((r) => [r.year, r.value, r.source])).toEqual([[2020, 3.75, 'CSV: brå-2020.csv']]);
  });

  it('links each indicator of the admin listing to its page, with its values in brief and its target status', async () => {
    const list = await send('GET', '/admin/indicators');
    expect(list.body).toContain('href="/admin/indicators/ntu-sexualbrott"');
    expect(list.body).toContain('2 värden, 2021–2021');
    expect(list.body).toContain('Målet är nått');
    expect((await send('GET', '/admin/indicators/ntu-sexualbrott')).statusCode).toBe(200);
  });
});
