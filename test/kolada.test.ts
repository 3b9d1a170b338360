import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchKolada, koladaEntrySchema, type KoladaEntry } from '../activities/kolada';

/**
 * A stand-in for api.kolada.se: a real HTTP server on this machine answering Kolada's v2 data
 * route in the shape its documentation gives (github.com/Hypergene/kolada), so the client's
 * requests, paging, retries and validation run over real sockets without reaching the internet.
 */
describe('the Kolada client against a stand-in for api.kolada.se', () => {
  let server: Server;
  let base: string;
  let requested: string[];
  let answer: (req: IncomingMessage, res: ServerResponse, n: number) => void;

  const entry = (municipality: string, period: number, value: number | null): KoladaEntry => ({
    kpi: 'N00945',
    municipality,
    period,
    values: [
      { gender: 'T', value, count: 1 },
      { gender: 'K', value: value === null ? null : value + 1, count: 1, status: 'Preliminär' },
      { gender: 'M', value: value === null ? null : value - 1, count: 1 },
    ],
  });
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  // Kolada sends null or "" for an unremarked status; the client keeps no status then.
  const wire = (e: KoladaEntry) => ({ ...e, values: e.values.map((v, i) => ({ ...v, status: v.status ?? (i ? null : '') })) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requested.push(req.url!);
      answer(req, res, requested.length);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requested = [];
  });

  const query = { kpi: 'N00945', areas: ['0001', '0180'], years: [2022, 2023], backoffMs: 1 };

  it('asks for the KPI, the areas and the years comma-separated in the path', async () => {
    answer = (_req, res) => json(res, 200, { count: 0, values: [] });
    await fetchKolada({ ...query, baseUrl: base });
    expect(requested).toEqual(['/v2/data/kpi/N00945/municipality/0001,0180/year/2022,2023']);
  });

  it('returns the entries of a single page', async () => {
    const values = [entry('0001', 2022, 41.5), entry('0180', 2023, null)];
    answer = (_req, res) => json(res, 200, { count: values.length, values: values.map(wire) });
    expect(await fetchKolada({ ...query, baseUrl: base })).toEqual(values);
  });

  it('follows next_page until a page has none', async () => {
    const pages = [[entry('0001', 2022, 1)], [entry('0001', 2023, 2)], [entry('0180', 2022, 3)]];
    answer = (_req, res, n) =>
      json(res, 200, {
        count: 1,
        values: pages[n - 1]!.map(wire),
        ...(n < 3 ? { next_page: `${base}/data/kpi/N00945/municipality/0001,0180/year/2022,2023?page=${n + 1}&per_page=1` } : {}),
      });
    expect(await fetchKolada({ ...query, baseUrl: base })).toEqual(pages.flat());
    expect(requested.slice(1)).toEqual([
      '/v2/data/kpi/N00945/municipality/0001,0180/year/2022,2023?page=2&per_page=1',
      '/v2/data/kpi/N00945/municipality/0001,0180/year/2022,2023?page=3&per_page=1',
    ]);
  });

  it('stops following next_page after the page cap', async () => {
    answer = (_req, res, n) =>
      json(res, 200, { count: 0, values: [], next_page: `${base}/data/kpi/N00945/municipality/0001/year/2022?page=${n + 1}` });
    await expect(fetchKolada({ ...query, baseUrl: base, maxPages: 4 })).rejects.toThrow(/after 4 pages/);
    expect(requested).toHaveLength(4);
  });

  it('refuses a next_page on another host', async () => {
    answer = (_req, res) =>
      json(res, 200, { count: 0, values: [], next_page: 'http://elsewhere.example/v2/data/kpi/N00945/year/2022?page=2' });
    await expect(fetchKolada({ ...query, baseUrl: base })).rejects.toThrow(
      /next page http:\/\/elsewhere\.example\/\S+ is not on 127\.0\.0\.1/,
    );
    expect(requested).toHaveLength(1);
  });

  it('asks again after a 503 and returns the answer that follows', async () => {
    answer = (_req, res, n) =>
      n === 1 ? json(res, 503, { error: 'busy' }) : json(res, 200, { count: 1, values: [wire(entry('0180', 2023, 7))] });
    expect(await fetchKolada({ ...query, baseUrl: base })).toEqual([entry('0180', 2023, 7)]);
    expect(requested).toHaveLength(2);
  });

  it('gives up after the retries when Kolada keeps failing', async () => {
    answer = (_req, res) => json(res, 500, {});
    await expect(fetchKolada({ ...query, baseUrl: base, retries: 2 })).rejects.toThrow(/Kolada answered 500/);
    expect(requested).toHaveLength(3);
  });

  it('does not ask again after a 404, and says what it asked for', async () => {
    answer = (_req, res) => json(res, 404, { error: 'not found' });
    await expect(fetchKolada({ ...query, baseUrl: base })).rejects.toThrow(
      `Kolada answered 404 Not Found for ${base}/data/kpi/N00945/municipality/0001,0180/year/2022,2023`,
    );
    expect(requested).toHaveLength(1);
  });

  it('names what is wrong in an answer of the wrong shape', async () => {
    answer = (_req, res) =>
      json(res, 200, { count: 1, values: [{ kpi: 'N00945', municipality: '0180', period: 2023, values: [{ gender: 'X' }] }] });
    await expect(fetchKolada({ ...query, baseUrl: base })).rejects.toThrow(/unexpected shape: values\.0\.values\.0\.gender/);
  });

  it('says so when the answer is not JSON at all', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Underhåll</html>');
    };
    await expect(fetchKolada({ ...query, baseUrl: base, retries: 0 })).rejects.toThrow(/is not JSON: <html>Underhåll/);
  });

  it('times out a request that hangs, then tries again', async () => {
    answer = (_req, res, n) => {
      if (n > 1) json(res, 200, { count: 0, values: [] });
      // The first request is left open: only the client's timeout ends it.
    };
    expect(await fetchKolada({ ...query, baseUrl: base, timeoutMs: 200 })).toEqual([]);
    expect(requested).toHaveLength(2);
  });

  it('refuses ids that are not Kolada ids before asking', async () => {
    await expect(fetchKolada({ ...query, baseUrl: base, areas: ['0180/../x'] })).rejects.toThrow(/area id "0180\/..\/x"/);
    expect(requested).toEqual([]);
  });

  it('accepts the documented string period in an imported entry', () => {
    expect(koladaEntrySchema.parse({ kpi: 'N00945', municipality: '0180', period: '2021', values: [] }).period).toBe(2021);
  });
});
