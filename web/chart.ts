import { html, type SafeHtml } from './html';
import { t, type Locale } from '../i18n';

/**
 * An indicator's trend over the years as SVG: the county drawn thick against thin, muted
 * municipalities, the target as a dashed line from its baseline with a marker at the target year.
 * Styled only by presentation attributes, which the Content-Security-Policy allows where it forbids
 * inline styles, so the same markup also stands alone as an image in the report's files.
 */

export interface ChartPoint {
  year: number;
  /** null, like a year left out, is a gap in the line: no value is not a zero. */
  value: number | null;
}

export interface ChartSeries {
  label: string;
  /** Kolada's area id ("0001" for the county, "0180" for Stockholm's municipality). */
  area: string;
  points: ChartPoint[];
  /** Drawn thick and named in the legend and the description: the county, usually. */
  emphasis?: boolean;
}

export interface ChartTarget {
  baselineYear: number;
  baselineValue: number;
  targetYear: number;
  targetValue: number;
}

export interface TrendChartInput {
  title: string;
  unit: string;
  series: ChartSeries[];
  target?: ChartTarget;
  locale: Locale;
  /** Prefix of the ids that tie the SVG to its title and description: unique on the page. */
  id?: string;
}

/** At least 3:1 against white (WCAG 1.4.11), and told apart by thickness and dashes as well. */
export const EMPHASIS_COLOURS = ['#5b2a86', '#0b6e4f', '#1f5fa8', '#8a1c4a'];
export const MUTED_COLOUR = '#767676';
export const TARGET_COLOUR = '#b3541e';
const leadColour = (i: number) => EMPHASIS_COLOURS[i % EMPHASIS_COLOURS.length]!;
const GRID_COLOUR = '#d6d3dc';
const TEXT_COLOUR = '#4a4a55';

const WIDTH = 640;
const LEFT = 64;
const RIGHT = 24;
const TOP = 28;
const PLOT_HEIGHT = 220;
const BOTTOM = TOP + PLOT_HEIGHT;
const LEGEND_TOP = BOTTOM + 44;
const LEGEND_ROW = 22;

const numberLocale = (locale: Locale) => (locale === 'sv' ? 'sv-SE' : 'en-GB');
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Round ticks covering [min, max]: steps of 1, 2, 2.5 or 5 times a power of ten, about five of them. */
export function valueTicks(min: number, max: number): { ticks: number[]; decimals: number } {
  if (min === max) {
    const pad = Math.abs(min) / 10 || 1;
    [min, max] = [min - pad, max + pad];
  }
  const rough = (max - min) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const factor = [1, 2, 2.5, 5, 10].find((f) => f * magnitude >= rough)!;
  const step = factor * magnitude;
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + (factor === 2.5 ? 1 : 0));
  const first = Math.floor(min / step);
  const last = Math.ceil(max / step);
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(decimals)));
  return { ticks, decimals };
}

/** The numbers the chart shows, with their years and lines, worked out once for the SVG, the text and the table. */
function prepare(input: TrendChartInput) {
  const valued = input.series.flatMap((s) => s.points.filter((p): p is { year: number; value: number } => p.value !== null));
  const targetYears = input.target ? [input.target.baselineYear, input.target.targetYear] : [];
  const dataYears = new Set(input.series.flatMap((s) => s.points.map((p) => p.year)));
  const years = [...new Set([...dataYears, ...targetYears])].sort((a, b) => a - b);
  const values = [...valued.map((p) => p.value), ...(input.target ? [input.target.baselineValue, input.target.targetValue] : [])];
  const exact = new Intl.NumberFormat(numberLocale(input.locale), { maximumFractionDigits: 2 });
  const withUnit = (v: number) => (input.unit ? `${exact.format(v)} ${input.unit}` : exact.format(v));
  const lead = input.series.some((s) => s.emphasis) ? input.series.filter((s) => s.emphasis) : input.series.slice(0, 1);
  const others = input.series.filter((s) => !lead.includes(s));
  return { hasData: valued.length > 0, years, dataYears, values, exact, withUnit, lead, others };
}

/** The trend in words, for the SVG's `<desc>`: first and last value of each emphasised line, then the target. */
export function chartDescription(input: TrendChartInput): string {
  const { lead, others, withUnit } = prepare(input);
  const l = input.locale;
  const sentences = lead.flatMap((s) => {
    const known = s.points.filter((p) => p.value !== null).sort((a, b) => a.year - b.year);
    const first = known[0];
    const last = known[known.length - 1];
    if (!first || !last) return [];
    const params = {
      label: s.label,
      first: withUnit(first.value!),
      firstYear: first.year,
      last: withUnit(last.value!),
      lastYear: last.year,
    };
    if (first === last) return [t(l, 'chart.desc.single', params)];
    const key = last.value! > first.value! ? 'chart.desc.rose' : last.value! < first.value! ? 'chart.desc.fell' : 'chart.desc.same';
    return [t(l, key, params)];
  });
  if (others.length) sentences.push(t(l, 'chart.desc.others', { count: others.length }));
  const target = input.target;
  if (target) {
    sentences.push(
      t(l, 'chart.desc.target', {
        target: withUnit(target.targetValue),
        targetYear: target.targetYear,
        baseline: withUnit(target.baselineValue),
        baselineYear: target.baselineYear,
      }),
    );
  }
  return sentences.join(' ');
}

/** The chart as an accessible SVG image, or a sentence saying there are no values yet. */
export function trendChart(input: TrendChartInput): SafeHtml {
  const prepared = prepare(input);
  if (!prepared.hasData) return html`<p class="chart-empty">${t(input.locale, 'chart.empty', { title: input.title })}</p>`;
  const { years, values, lead, others } = prepared;
  const id = input.id ?? `chart-${hash(input.title)}`;
  const { ticks, decimals } = valueTicks(Math.min(...values), Math.max(...values));
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const firstYear = years[0]!;
  const lastYear = years[years.length - 1]!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (year: number) =>
    round1(lastYear === firstYear ? LEFT + plotWidth / 2 : LEFT + ((year - firstYear) / (lastYear - firstYear)) * plotWidth);
  const y = (value: number) => round1(TOP + ((high - value) / (high - low)) * PLOT_HEIGHT);
  const tickFormat = new Intl.NumberFormat(numberLocale(input.locale), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  // The axis is linear in years, so its labels step evenly through them, years without values included.
  const yearStep = Math.ceil((lastYear - firstYear + 1) / 10);
  const yearLabels = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i).filter(
    (year) => (year - firstYear) % yearStep === 0 || year === lastYear,
  );

  const line = (s: ChartSeries, stroke: string, width: number) => {
    const { d, lone } = seriesPath(s.points, x, y);
    return html`<path class="chart-series" data-area="${s.area}" d="${d}" fill="none" stroke="${stroke}" stroke-width="${width}"
        stroke-linejoin="round" stroke-linecap="round"/>${lone.map(
          ([px, py]) => html`<circle cx="${px}" cy="${py}" r="${width + 1.5}" fill="${stroke}"/>`,
        )}`;
  };
  const legendEntries = [
    ...lead.map((s, i) => ({ label: s.label, stroke: leadColour(i), width: 3, dash: '' })),
    ...(others.length === 1 ? [{ label: others[0]!.label, stroke: MUTED_COLOUR, width: 1, dash: '' }] : []),
    ...(others.length > 1
      ? [{ label: t(input.locale, 'chart.legend.others', { count: others.length }), stroke: MUTED_COLOUR, width: 1, dash: '' }]
      : []),
    ...(input.target
      ? [
          {
            label: t(input.locale, 'chart.legend.target', {
              target: prepared.withUnit(input.target.targetValue),
              targetYear: input.target.targetYear,
            }),
            stroke: TARGET_COLOUR,
            width: 2,
            dash: '6 4',
          },
        ]
      : []),
  ];
  const height = LEGEND_TOP + legendEntries.length * LEGEND_ROW;
  const target = input.target;

  return html`<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc"
    viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="system-ui, sans-serif" font-size="12">
  <title id="${id}-title">${input.title}</title>
  <desc id="${id}-desc">${chartDescription(input)}</desc>
  <text x="${LEFT}" y="${TOP - 12}" fill="${TEXT_COLOUR}">${input.unit}</text>
  ${ticks.map(
    (v) => html`<line class="chart-grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="${GRID_COLOUR}"/>
  <text class="chart-tick" x="${LEFT - 8}" y="${y(v) + 4}" text-anchor="end" fill="${TEXT_COLOUR}">${tickFormat.format(v)}</text>`,
  )}
  ${yearLabels.map(
    (year) => html`<text class="chart-year" x="${x(year)}" y="${BOTTOM + 20}" text-anchor="middle" fill="${TEXT_COLOUR}">${year}</text>`,
  )}
  ${others.map((s) => line(s, MUTED_COLOUR, 1))}
  ${
    target
      ? html`<line class="chart-target" x1="${x(target.baselineYear)}" y1="${y(target.baselineValue)}" x2="${x(target.targetYear)}"
    y2="${y(target.targetValue)}" stroke="${TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>
  <rect class="chart-target-marker" x="${x(target.targetYear) - 5}" y="${y(target.targetValue) - 5}" width="10" height="10"
    transform="rotate(45 ${x(target.targetYear)} ${y(target.targetValue)})" fill="${TARGET_COLOUR}"/>`
      : ''
  }
  ${lead.map((s, i) => line(s, leadColour(i), 3))}
  ${legendEntries.map((e, i) => {
    const rowY = LEGEND_TOP + i * LEGEND_ROW;
    return html`<g class="chart-legend">
    <line x1="${LEFT}" x2="${LEFT + 28}" y1="${rowY - 4}" y2="${rowY - 4}" stroke="${e.stroke}" stroke-width="${e.width}"
      ${e.dash ? html`stroke-dasharray="${e.dash}"` : ''}/>
    <text x="${LEFT + 36}" y="${rowY}" fill="${TEXT_COLOUR}">${e.label}</text></g>`;
  })}
</svg>`;
}

/** The same numbers as a table, for screen readers and print: one row per area, one column per year. */
export function chartTable(input: TrendChartInput): SafeHtml {
  const { years, dataYears, exact, hasData } = prepare(input);
  const l = input.locale;
  if (!hasData) return html``;
  const cell = (value: number | null | undefined, missing: string) =>
    value === null || value === undefined ? missing : exact.format(value);
  const target = input.target;
  const targetValues = new Map(
    target
      ? [
          [target.baselineYear, target.baselineValue],
          [target.targetYear, target.targetValue],
        ]
      : [],
  );
  // A year that only the target has is not missing from the areas: nobody has measured it yet.
  const missing = (year: number) => (dataYears.has(year) ? t(l, 'chart.table.missing') : '');
  const row = (label: string, valueIn: (year: number) => number | null | undefined, absent = missing) =>
    html`<tr><th scope="row">${label}</th>${years.map((year) => html`<td>${cell(valueIn(year), absent(year))}</td>`)}</tr>`;
  return html`<table class="chart-table">
  <caption>${input.unit ? `${input.title} (${input.unit})` : input.title}</caption>
  <thead><tr><th scope="col">${t(l, 'chart.table.area')}</th>${years.map((year) => html`<th scope="col">${year}</th>`)}</tr></thead>
  <tbody>
  ${input.series.map((s) => row(s.label, (year) => s.points.find((p) => p.year === year)?.value))}
  ${
    target
      ? row(
          t(l, 'chart.table.target'),
          (year) => targetValues.get(year),
          () => '',
        )
      : ''
  }
  </tbody>
</table>`;
}

/**
 * One path per series: a new subpath after each gap (a missing year or a null), and the points
 * that have no neighbour to join, which a path alone would not show.
 */
function seriesPath(points: ChartPoint[], x: (year: number) => number, y: (value: number) => number) {
  const sorted = [...points].sort((a, b) => a.year - b.year);
  const runs: [number, number][][] = [];
  let previous: ChartPoint | undefined;
  for (const p of sorted) {
    if (p.value === null) {
      previous = undefined;
      continue;
    }
    const joined = previous && previous.value !== null && p.year - previous.year === 1;
    if (!joined) runs.push([]);
    runs[runs.length - 1]!.push([x(p.year), y(p.value)]);
    previous = p;
  }
  const d = runs.map((run) => run.map(([px, py], i) => `${i ? 'L' : 'M'}${px} ${py}`).join(' ')).join(' ');
  return { d, lone: runs.filter((run) => run.length === 1).map((run) => run[0]!) };
}

/** A short, stable id from the title, so the same chart renders to the same markup. */
function hash(s: string): string {
  let h = 5381;
  for (const c of s) h = ((h * 33) ^ c.codePointAt(0)!) >>> 0;
  return h.toString(36);
}
