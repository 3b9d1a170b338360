import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import { createMailer } from '../activities/mailer';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, testApp } from './support/app';

const KPI = 'U28532';
const SLUG = 'oj-skyddat-boende';

/**
 * A stand-in for api.kolada.se on this machine: Kolada's v2 data route and answer shape, the
 * county as Region Stockholm's id 0001, and the answer split over two pages by `next_page`.
 */
function koladaStandIn(): Promise<{ server: Server; base: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url!);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!req.url!.startsWith(`/v2/data/kpi/${KPI}/`)) return send(404, { error: 'unknown kpi' });
    const page = new URL(req.url!, 'http://x').searchParams.get('page');
    if (page === '2')
      return send(200, {
        count: 1,
        values: [{ kpi: KPI, municipality: '0180', period: 2023, values: [{ gender: 'T', value: 44, count: 1, status: '' }] }],
      });
    return send(200, {
      count: 1,
      values: [
        {
          kpi: KPI,
          municipality: '0001',
          period: 2023,
          values: [
            { gender: 'T', value: 52.5, count: 1, status: '' },
            { gender: 'K', value: 55, count: 1, status: '' },
            { gender: 'M', value: null, count: 1, status: 'Missing' },
          ],
        },
      ],
      next_page: `${base}/data/kpi/${KPI}/municipality/0001,0180/year/2023?page=2`,
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, asked })),
  );
}

/** Fetching an indicator from Kolada's open data API lands its values as an import does. */
describe('indicator values fetched from Kolada', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let kolada: Awaited<ReturnType<typeof koladaStandIn>>;
  const fetchFor = (slug: string, payload: object) => injectAs(app, { method: 'POST', url: `/api/indicators/${slug}/kolada`, payload });
  const valuesOf = async (slug: string) => {
    const [indicator] = await db.db.select().from(t.indicators).where(eq(t.indicators.slug, slug));
    return db.db.select().from(t.indicatorValues).where(eq(t.indicatorValues.indicatorId, indicator!.id));
  };

  beforeAll(async () => {
    kolada = await koladaStandIn();
    db = await createSeededDatabase();
    const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    app = await testApp(db.db, temporal, 'kolada', createMailer(undefined), undefined, { koladaUrl: kolada.base });
    await db.db.update(t.indicators).set({ koladaKpi: KPI }).where(eq(t.indicators.slug, SLUG));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await new Promise((r) => kolada?.server.close(r));
  });

  it('lands every page, the county under its county code, with Kolada as the source, and audits it', async () => {
    const res = await fetchFor(SLUG, { fromYear: 2023, toYear: 2023, areas: ['0001', '0180'] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ added: 3, changed: 0, unchanged: 0, skipped: 1 });
    expect(kolada.asked[0]).toBe(`/v2/data/kpi/${KPI}/municipality/0001,0180/year/2023`);
    const rows = await valuesOf(SLUG);
    expect(rows.map((r) => [r.area, r.gender, r.value, r.source]).sort()).toEqual([
      ['01', 'K', 55, 'Kolada'],
      ['01', 'T', 52.5, 'Kolada'],
      ['0180', 'T', 44, 'Kolada'],
    ]);
    const audited = await db.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'indicator.imported'), eq(t.auditEvents.door, 'api')));
    expect(audited.map((a) => (a.detail as { format: string }).format)).toContain('kolada-api');
  });

  it('changes nothing when fetched again', async () => {
    const res = await fetchFor(SLUG, { fromYear: 2023, toYear: 2023, areas: ['0001', '0180'] });
    expect(res.json()).toMatchObject({ added: 0, changed: 0, unchanged: 3 });
  });

  it('says so when Kolada does not know the KPI, and lands nothing', async () => {
    await db.db.update(t.indicators).set({ koladaKpi: 'N00000' }).where(eq(t.indicators.slug, 'oj-rutin-fraga-vald'));
    const res = await fetchFor('oj-rutin-fraga-vald', { fromYear: 2022, toYear: 2023 });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('N00000');
    expect(await valuesOf('oj-rutin-fraga-vald')).toEqual([]);
  });

  it('refuses an indicator without a Kolada KPI, and a year range backwards, naming the field', async () => {
    expect((await fetchFor('ntu-sexualbrott', { fromYear: 2022, toYear: 2023 })).statusCode).toBe(409);
    const backwards = await fetchFor(SLUG, { fromYear: 2023, toYear: 2020 });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toContain('toYear');
  });

  it('offers the fetch on the indicator page, and the page form lands the values as the API does', async () => {
    const page = await injectAs(app, { method: 'GET', url: `/admin/indicators/${SLUG}` });
    expect(page.body).toContain(`action="/admin/indicators/${SLUG}/kolada?lang=sv"`);
    // The values fetched are drawn: the county's line against Stockholm's.
    expect(page.body).toMatch(/<svg[^>]*role="img"/);
    expect(page.body).toContain('Länet');
    const res = await injectAs(app, {
      method: 'POST',
      url: `/admin/indicators/${SLUG}/kolada`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ fromYear: '2023', toYear: '2023', areas: '0001, 0180' }).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/admin/indicators/${SLUG}?lang=sv&done=imported&added=0&changed=0&unchanged=3`);
    expect(kolada.asked.at(-2)).toBe(`/v2/data/kpi/${KPI}/municipality/0001,0180/year/2023`);
  });

  it('is the coordinator’s alone', async () => {
    const res = await injectAs(
      app,
      { method: 'POST', url: `/api/indicators/${SLUG}/kolada`, payload: { fromYear: 2023, toYear: 2023 } },
      { kind: 'seat', seat: 'samordningsgrupp/polisen' },
    );
    expect(res.statusCode).toBe(403);
  });
});
