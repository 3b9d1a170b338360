import { z } from 'zod';

/**
 * Kolada's open data API v2 (api.kolada.se, run by RKA), documented at github.com/Hypergene/kolada:
 * `GET /v2/data/kpi/{kpi}/municipality/{ids}/year/{years}` answers `{ count, values, next_page? }`,
 * at most 5000 entries a page, with `next_page` a full URL to the rest. Area ids are Kolada's:
 * "0001" for the county of Stockholm as a region, "0180" for Stockholm's municipality.
 */

const gender = z.enum(['T', 'K', 'M']);

/** One value of an entry: total (T), women (K) or men (M); null where Kolada has no value. */
const koladaValueSchema = z.object({
  gender,
  value: z.number().nullable(),
  count: z.number().int().nonnegative().optional(),
  // Kolada sends null or "" for an unremarked value; the shape we keep has no status then.
  status: z
    .string()
    .nullish()
    .transform((s) => s || undefined)
    .optional(),
});

/** One KPI for one area and one year, as Kolada's data routes return it and as an import accepts it. */
export const koladaEntrySchema = z.object({
  kpi: z.string().min(1),
  municipality: z.string().min(1),
  // The documentation calls the period a string, the live API sends a number: both mean the year.
  period: z.coerce.number().int().min(1900).max(2100),
  values: z.array(koladaValueSchema).max(3),
});

export type KoladaEntry = z.output<typeof koladaEntrySchema>;

const pageSchema = z.object({
  count: z.number().int().nonnegative(),
  values: z.array(koladaEntrySchema),
  next_page: z.string().url().nullish(),
});

/** What went wrong talking to Kolada, said so that a coordinator can act on it. */
export class KoladaError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KoladaError';
  }
}

export interface KoladaQuery {
  baseUrl?: string;
  kpi: string;
  areas: string[];
  years: number[];
  fetch?: typeof globalThis.fetch;
  /** Per request, including reading the body. */
  timeoutMs?: number;
  /** Further tries after a 5xx or a network failure. */
  retries?: number;
  /** The first wait before a retry; it doubles each time. */
  backoffMs?: number;
  /** Pages followed before giving up: a `next_page` chain that never ends must not run forever. */
  maxPages?: number;
}

const KPI_ID = /^[A-Z]\d{5}$/;
const AREA_ID = /^[0-9A-Z]{4,10}$/;

/** The URL of the first page, with ids comma-separated in the path as the public API expects. */
export function koladaUrl(baseUrl: string, kpi: string, areas: string[], years: number[]): string {
  if (!KPI_ID.test(kpi)) throw new KoladaError(`Kolada KPI id "${kpi}" is not of the form N00945`);
  const badArea = areas.find((a) => !AREA_ID.test(a));
  if (badArea !== undefined) throw new KoladaError(`Kolada area id "${badArea}" is not of the form 0180`);
  const badYear = years.find((y) => !Number.isInteger(y) || y < 1900 || y > 2100);
  if (badYear !== undefined) throw new KoladaError(`Kolada year ${badYear} is not a year`);
  if (!areas.length || !years.length) throw new KoladaError('A Kolada query needs at least one area and one year');
  return `${baseUrl.replace(/\/+$/, '')}/data/kpi/${kpi}/municipality/${areas.join(',')}/year/${years.join(',')}`;
}

/** Every entry Kolada has for the KPI in those areas and years, following `next_page` to the end. */
export async function fetchKolada(query: KoladaQuery): Promise<KoladaEntry[]> {
  const { baseUrl = 'https://api.kolada.se/v2', maxPages = 50 } = query;
  const entries: KoladaEntry[] = [];
  let url: string | null | undefined = koladaUrl(baseUrl, query.kpi, query.areas, query.years);
  for (let page = 1; url; page++) {
    if (page > maxPages) throw new KoladaError(`Kolada kept answering with a next page after ${maxPages} pages; stopped at ${url}`);
    const body = pageSchema.safeParse(await getJson(url, query));
    if (!body.success) throw new KoladaError(`Kolada's answer from ${url} has an unexpected shape: ${describe(body.error)}`);
    entries.push(...body.data.values);
    url = body.data.next_page ? nextPage(body.data.next_page, baseUrl) : undefined;
  }
  return entries;
}

/**
 * The next page's address, only on Kolada's own host: an answer must not send the client elsewhere.
 * It keeps the scheme of the base, since the documentation's examples give plain http addresses.
 */
function nextPage(next: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  const url = new URL(next);
  if (url.hostname !== base.hostname) throw new KoladaError(`Kolada's next page ${next} is not on ${base.hostname}`);
  url.protocol = base.protocol;
  return url.href;
}

async function getJson(url: string, query: KoladaQuery): Promise<unknown> {
  const { fetch = globalThis.fetch, timeoutMs = 30_000, retries = 3, backoffMs = 500 } = query;
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (e) {
      const reason = e instanceof Error && e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(e);
      if (attempt < retries) {
        await wait(backoffMs * 2 ** attempt);
        continue;
      }
      throw new KoladaError(`Kolada could not be reached at ${url}: ${reason}`);
    }
    if (response.status >= 500 && attempt < retries) {
      await wait(backoffMs * 2 ** attempt);
      continue;
    }
    // A 4xx is our request's fault (an unknown route or an illegal id): asking again changes nothing.
    if (!response.ok) throw new KoladaError(`Kolada answered ${response.status} ${response.statusText} for ${url}`, response.status);
    try {
      return JSON.parse(text);
    } catch {
      throw new KoladaError(`Kolada's answer from ${url} is not JSON: ${text.slice(0, 80)}`);
    }
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(the whole answer)'}: ${i.message}`)
    .join('; ');
}
