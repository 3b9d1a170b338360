/**
 * Indicator values as files bring them: a CSV as a spreadsheet in Sweden saves it, and JSON in the
 * shape of Kolada's open data API. Parsing is pure; every row that does not check out is named
 * with where it is and why, so the coordinator can fix the file and import it again.
 */

export const GENDERS = ['T', 'K', 'M'] as const;
/** Kolada's codes: T total, K women (kvinnor), M men (män). */
export type Gender = (typeof GENDERS)[number];
export type Direction = 'higher' | 'lower';

/** The county's own area code: the series a target is followed on. */
export const COUNTY = '01';
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

export interface IndicatorRow {
  year: number;
  area: string;
  gender: Gender;
  value: number;
  count: number | null;
  status: string | null;
}

/** The i18n keys of the reasons a row is refused; the texts live in i18n/indicators.ts. */
export type ProblemReason =
  | 'ind.problem.empty'
  | 'ind.problem.header'
  | 'ind.problem.columns'
  | 'ind.problem.json'
  | 'ind.problem.entry'
  | 'ind.problem.value'
  | 'ind.problem.count'
  | 'ind.problem.year'
  | 'ind.problem.gender'
  | 'ind.problem.area'
  | 'ind.problem.duplicate'
  | 'ind.problem.kpi';

/**
 * A refused row: `line` is the CSV line (1-based, the header is line 1) or the JSON entry
 * (1-based, the first entry of `values` is 1); `where` says which.
 */
export interface Problem {
  where: 'line' | 'entry';
  line: number;
  reason: ProblemReason;
  params: Record<string, string | number>;
}

export interface Parsed {
  rows: IndicatorRow[];
  problems: Problem[];
  /** Kolada values given as null (too few to publish, or missing): not errors of the file, so left out and counted. */
  skipped: number;
}

/**
 * A number as written in Sweden or in English: "12,5", "12.5", "1 234,5", "−3", "1,5E-05". A number with
 * both a comma and a point is refused: which one is the decimal sign cannot be known.
 */
export function parseDecimal(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (compact.includes(',') && compact.includes('.')) return null;
  const normal = compact.replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(normal)) return null;
  return Number(normal);
}

const HEADERS: Record<string, keyof Omit<IndicatorRow, 'status'>> = {
  år: 'year',
  year: 'year',
  område: 'area',
  area: 'area',
  kön: 'gender',
  gender: 'gender',
  värde: 'value',
  value: 'value',
  antal: 'count',
  count: 'count',
};

const unquote = (cell: string) =>
  cell
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim();

interface RawRow {
  year: unknown;
  area: unknown;
  gender: unknown;
  value: unknown;
  count: unknown;
  status?: unknown;
}

/** Checks one row's fields and adds it, or says what is wrong with it; a row's key appears once per file. */
class Collector {
  readonly rows: IndicatorRow[] = [];
  readonly problems: Problem[] = [];
  skipped = 0;
  private readonly seen = new Map<string, number>();

  constructor(private readonly where: Problem['where']) {}

  problem(line: number, reason: ProblemReason, params: Record<string, string | number> = {}) {
    this.problems.push({ where: this.where, line, reason, params });
  }

  add(line: number, raw: RawRow) {
    const before = this.problems.length;
    const year = typeof raw.year === 'number' ? raw.year : parseDecimal(String(raw.year ?? ''));
    if (year === null || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      this.problem(line, 'ind.problem.year', { year: String(raw.year ?? ''), from: FIRST_YEAR, to: LAST_YEAR });
    }
    const area = String(raw.area ?? '').trim();
    if (!area) this.problem(line, 'ind.problem.area');
    const gender = String(raw.gender ?? '')
      .trim()
      .toUpperCase();
    if (!(GENDERS as readonly string[]).includes(gender)) this.problem(line, 'ind.problem.gender', { gender: String(raw.gender ?? '') });
    const value = typeof raw.value === 'number' ? raw.value : parseDecimal(String(raw.value ?? ''));
    if (value === null || !Number.isFinite(value)) this.problem(line, 'ind.problem.value', { value: String(raw.value ?? '') });
    const emptyCount = raw.count === null || raw.count === undefined || raw.count === '';
    const count = emptyCount ? null : typeof raw.count === 'number' ? raw.count : parseDecimal(String(raw.count));
    if (!emptyCount && (count === null || !Number.isFinite(count))) this.problem(line, 'ind.problem.count', { count: String(raw.count) });
    if (this.problems.length > before) return;

    const key = `${year}|${area}|${gender}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.problem(line, 'ind.problem.duplicate', { year: year!, area, gender, first });
      return;
    }
    this.seen.set(key, line);
    const status = typeof raw.status === 'string' && raw.status.trim() ? raw.status.trim() : null;
    this.rows.push({ year: year!, area, gender: gender as Gender, value: value!, count, status });
  }

  result(): Parsed {
    if (!this.rows.length && !this.problems.length && !this.skipped) this.problem(1, 'ind.problem.empty');
    return { rows: this.rows, problems: this.problems, skipped: this.skipped };
  }
}

/**
 * A CSV of values: `år;område;kön;värde` (or `year;area;gender;value`), an optional `antal`/`count`
 * column, semicolons between fields, decimal commas, and the byte-order mark Excel writes. Without
 * a `kön` column every row is the total.
 */
export function parseIndicatorCsv(text: string): Parsed {
  const out = new Collector('line');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const header = (lines[0] ?? '').split(';').map((h) => HEADERS[unquote(h).toLowerCase()]);
  const missing = (['year', 'area', 'value'] as const).filter((c) => !header.includes(c));
  if (missing.length) {
    out.problem(1, 'ind.problem.header', { columns: 'år;område;kön;värde' });
    return out.result();
  }
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split(';').map(unquote);
    const lineNo = i + 2;
    if (cells.length !== header.length) {
      out.problem(lineNo, 'ind.problem.columns', { expected: header.length, got: cells.length });
      return;
    }
    const field = (name: string) => {
      const at = header.indexOf(name as never);
      return at < 0 ? undefined : cells[at];
    };
    const gender = field('gender') ?? 'T';
    out.add(lineNo, { year: field('year'), area: field('area'), gender, value: field('value'), count: field('count') });
  });
  return out.result();
}

interface KoladaValue {
  gender?: unknown;
  value?: unknown;
  count?: unknown;
  status?: unknown;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Kolada's open data answer, `{ values: [{ kpi, municipality, period, values: [{ gender, value,
 * count, status }] }] }`, or the bare array of entries. A null value is left out and counted. When
 * the indicator names its KPI, an entry of another KPI is refused: it would file one statistic under another.
 */
export function parseKoladaJson(json: unknown, kpi?: string | null): Parsed {
  const out = new Collector('entry');
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json.replace(/^\uFEFF/, ''));
    } catch {
      out.problem(1, 'ind.problem.json');
      return out.result();
    }
  }
  const entries = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.values) ? data.values : null;
  if (!entries) {
    out.problem(1, 'ind.problem.json');
    return out.result();
  }
  entries.forEach((entry: unknown, i) => {
    const line = i + 1;
    if (!isObject(entry) || !Array.isArray(entry.values)) {
      out.problem(line, 'ind.problem.entry');
      return;
    }
    if (kpi && entry.kpi !== kpi) {
      out.problem(line, 'ind.problem.kpi', { kpi: String(entry.kpi ?? ''), expected: kpi });
      return;
    }
    for (const v of entry.values as KoladaValue[]) {
      if (!isObject(v)) {
        out.problem(line, 'ind.problem.entry');
        continue;
      }
      if (v.value === null) {
        out.skipped++;
        continue;
      }
      const { gender, value, count, status } = v;
      out.add(line, { year: entry.period, area: entry.municipality, gender, value, count, status });
    }
  });
  return out.result();
}

export type TargetStatus = 'met' | 'onTrack' | 'notMet' | 'unknown';

export interface Target {
  direction: Direction;
  baselineYear: number | null;
  baselineValue: number | null;
  targetYear: number | null;
  targetValue: number | null;
}

/**
 * How the county's total stands against the target: met when its latest value reaches the
 * target; on track when it reaches the straight line from baseline to target at that year; else
 * not met. Unknown without a target or without a county total.
 */
export function targetStatus(indicator: Target, values: Pick<IndicatorRow, 'year' | 'area' | 'gender' | 'value'>[]): TargetStatus {
  const { direction, baselineYear, baselineValue, targetYear, targetValue } = indicator;
  if (baselineYear === null || baselineValue === null || targetYear === null || targetValue === null) return 'unknown';
  const county = values.filter((v) => v.area === COUNTY && v.gender === 'T');
  if (!county.length) return 'unknown';
  const latest = county.reduce((a, b) => (b.year > a.year ? b : a));
  const reaches = (value: number, mark: number) => (direction === 'higher' ? value >= mark : value <= mark);
  if (reaches(latest.value, targetValue)) return 'met';
  const span = targetYear - baselineYear;
  const share = span <= 0 ? 1 : Math.min(1, Math.max(0, (latest.year - baselineYear) / span));
  return reaches(latest.value, baselineValue + (targetValue - baselineValue) * share) ? 'onTrack' : 'notMet';
}
