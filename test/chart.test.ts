import { describe, expect, it } from 'vitest';
import {
  chartDescription,
  chartTable,
  EMPHASIS_COLOURS,
  MUTED_COLOUR,
  TARGET_COLOUR,
  trendChart,
  valueTicks,
  type TrendChartInput,
} from '../web/chart';

/** Share of women who sought help and felt believed, Stockholm county against two municipalities, 2019–2023. */
const chart: TrendChartInput = {
  title: 'Andel som upplevde att de blev trodda',
  unit: '%',
  locale: 'sv',
  series: [
    {
      label: 'Stockholms län',
      area: '0001',
      emphasis: true,
      points: [
        { year: 2019, value: 41.5 },
        { year: 2020, value: 43 },
        { year: 2021, value: 44.25 },
        { year: 2022, value: 46 },
        { year: 2023, value: 47.5 },
      ],
    },
    {
      label: 'Solna',
      area: '0184',
      points: [
        { year: 2019, value: 39 },
        { year: 2020, value: null },
        { year: 2022, value: 45 },
        { year: 2023, value: 44 },
      ],
    },
    { label: 'Täby', area: '0160', points: [{ year: 2021, value: 50 }] },
  ],
  target: { baselineYear: 2019, baselineValue: 41.5, targetYear: 2025, targetValue: 55 },
};

const count = (markup: string, pattern: RegExp) => markup.match(pattern)?.length ?? 0;
const ticksOf = (svg: unknown) => [...String(svg).matchAll(/class="chart-tick"[^>]*>([^<]*)</g)].map((m) => m[1]);
const pathOf = (markup: string, area: string) => new RegExp(`data-area="${area}" d="([^"]*)"`).exec(markup)?.[1];

describe('the trend chart', () => {
  it('draws one path per series', () => {
    expect(count(String(trendChart(chart)), /<path class="chart-series"/g)).toBe(3);
  });

  it('draws the county thick and the municipalities thin', () => {
    const svg = String(trendChart(chart));
    expect(svg).toMatch(/data-area="0001" d="[^"]*" fill="none" stroke="#5b2a86" stroke-width="3"/);
    expect(svg).toMatch(/data-area="0184" d="[^"]*" fill="none" stroke="#767676" stroke-width="1"/);
  });

  it('leaves a gap for a null and for a missing year instead of drawing a zero', () => {
    const d = pathOf(String(trendChart(chart)), '0184')!;
    expect(count(d, /M/g)).toBe(2);
    expect(count(d, /L/g)).toBe(1);
  });

  it('draws the target dashed from its baseline, with a marker at the target year', () => {
    const svg = String(trendChart(chart));
    expect(svg).toMatch(/<line class="chart-target"[^>]*stroke-dasharray="6 4"/);
    expect(count(svg, /class="chart-target-marker"/g)).toBe(1);
    expect(svg).toContain('>2025</text>');
  });

  it('labels the value axis with round ticks', () => {
    expect(ticksOf(trendChart({ ...chart, target: undefined }))).toEqual(['35', '40', '45', '50']);
  });

  it('writes fractional ticks with a decimal comma', () => {
    const rate = {
      label: 'Län',
      area: '0001',
      points: [
        { year: 2022, value: 0.8 },
        { year: 2023, value: 1.9 },
      ],
    };
    expect(ticksOf(trendChart({ ...chart, target: undefined, series: [rate] }))).toEqual(['0,5', '1,0', '1,5', '2,0']);
  });

  it('writes negative ticks with the Swedish minus sign', () => {
    const svg = String(
      trendChart({
        ...chart,
        target: undefined,
        series: [
          {
            label: 'Län',
            area: '0001',
            points: [
              { year: 2022, value: -3 },
              { year: 2023, value: 2 },
            ],
          },
        ],
      }),
    );
    expect(svg).toContain('>−4<');
  });

  it('names the county, the municipalities together and the target in the legend', () => {
    const legend = [...String(trendChart(chart)).matchAll(/<g class="chart-legend">[\s\S]*?<text[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(legend).toEqual(['Stockholms län', 'Kommuner (2)', 'Mål: 55 % år 2025']);
  });

  it('says the trend and the target in words in its description', () => {
    expect(chartDescription(chart)).toBe(
      'Stockholms län ökade från 41,5 % år 2019 till 47,5 % år 2023. Tunna linjer visar 2 kommuner. Målet är 55 % år 2025, från 41,5 % år 2019.',
    );
    expect(String(trendChart(chart))).toContain(
      `<desc id="${/<desc id="([^"]*)"/.exec(String(trendChart(chart)))![1]}">Stockholms län ökade`,
    );
  });

  it('is an image whose name and description are its title and desc', () => {
    const svg = String(trendChart({ ...chart, id: 'c1' }));
    expect(svg).toMatch(/^<svg[^>]*role="img" aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Andel som upplevde att de blev trodda</title>');
  });

  it('escapes a hostile title everywhere it appears', () => {
    const hostile = { ...chart, title: '</title><script>alert(1)</script>', unit: '<b>%</b>' };
    const markup = String(trendChart(hostile)) + String(chartTable(hostile));
    expect(markup).not.toContain('<script>');
    expect(markup).not.toContain('<b>');
    expect(markup).toContain('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('says there are no values instead of drawing an empty chart', () => {
    const empty = {
      ...chart,
      target: undefined,
      series: [{ label: 'Stockholms län', area: '0001', points: [{ year: 2023, value: null }] }],
    };
    expect(String(trendChart(empty))).toBe(
      '<p class="chart-empty">Det finns inga värden för Andel som upplevde att de blev trodda ännu.</p>',
    );
    expect(String(chartTable(empty))).toBe('');
  });

  it('shows a single year as a visible point in the middle', () => {
    const one = {
      ...chart,
      target: undefined,
      series: [{ label: 'Stockholms län', area: '0001', emphasis: true, points: [{ year: 2023, value: 12 }] }],
    };
    const svg = String(trendChart(one));
    expect(pathOf(svg, '0001')).toMatch(/^M340 [\d.]+$/);
    expect(svg).toMatch(/<circle cx="340"/);
    expect(chartDescription(one)).toBe('Stockholms län var 12 % år 2023.');
  });

  it('gives equal values a range around them rather than dividing by zero', () => {
    expect(valueTicks(5, 5)).toEqual({ ticks: [4.5, 4.75, 5, 5.25, 5.5], decimals: 2 });
    const flat = String(
      trendChart({
        ...chart,
        target: undefined,
        series: [{ ...chart.series[0]!, points: [2021, 2022].map((year) => ({ year, value: 0 })) }],
      }),
    );
    expect(flat).not.toMatch(/NaN|Infinity/);
    expect(
      chartDescription({
        ...chart,
        target: undefined,
        series: [{ ...chart.series[0]!, points: [2021, 2022].map((year) => ({ year, value: 0 })) }],
      }),
    ).toBe('Stockholms län var 0 % både år 2021 och år 2022.');
  });

  it('speaks English in English', () => {
    expect(chartDescription({ ...chart, locale: 'en' })).toBe(
      'Stockholms län rose from 41.5 % in 2019 to 47.5 % in 2023. Thin lines show 2 municipalities. The target is 55 % in 2025, from 41.5 % in 2019.',
    );
  });
});

/** WCAG's contrast ratio of a colour against white. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

describe('the chart colours', () => {
  it.each([...EMPHASIS_COLOURS, MUTED_COLOUR, TARGET_COLOUR])('%s stands out 3:1 against white (WCAG 1.4.11)', (colour) => {
    expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(3);
  });
});

describe('the chart as a table', () => {
  const table = String(chartTable(chart));
  const cellsOf = (markup: string, row: string) =>
    [...new RegExp(`<th scope="row">${row}</th>(.*?)</tr>`).exec(markup)![1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);

  it('has a caption and scoped headers for every year and area', () => {
    expect(table).toContain('<caption>Andel som upplevde att de blev trodda (%)</caption>');
    expect(count(table, /<th scope="col">/g)).toBe(1 + 6);
    expect(count(table, /<th scope="row">/g)).toBe(4);
  });

  it('says which values are missing and writes the others with a decimal comma', () => {
    expect(cellsOf(table, 'Solna').slice(0, 5)).toEqual(['39', 'saknas', 'saknas', '45', '44']);
    expect(table).toContain('<td>44,25</td>');
  });

  it('leaves a year that only the target has empty rather than missing', () => {
    expect(cellsOf(table, 'Solna')[5]).toBe('');
    expect(cellsOf(table, 'Mål \\(basår och målår\\)')).toEqual(['41,5', '', '', '', '', '55']);
  });
});
