/**
 * Issue 14's targets, each as a figure of bench/results.json, the baseline it is held against
 * where it has one, and the key of their ratio. One table for the end of a run and BENCHMARKS.md.
 */
export interface Target {
  label: string;
  figure: string;
  baseline?: string;
  /** The key under which run.ts records figure / baseline. */
  ratio?: string;
  /** What is compared with the bound: the ratio when there is one, else the figure. */
  bound: { atMost: number } | { atLeast: number };
}

export const TARGETS: Target[] = [
  { label: 'whole-year simulation (s)', figure: 'year_simulation_s', bound: { atMost: 10 } },
  {
    label: '311 cycles through Fas I: child workflows/s',
    figure: 'child_workflows_per_s',
    baseline: 'bare_child_workflows_per_s',
    ratio: 'cycles_child_rate_to_bare',
    bound: { atLeast: 0.7 },
  },
  {
    label: 'the same on Temporal with PostgreSQL: child workflows/s',
    figure: 'cluster_child_workflows_per_s',
    baseline: 'cluster_bare_child_workflows_per_s',
    ratio: 'cluster_child_rate_to_bare',
    bound: { atLeast: 0.7 },
  },
  { label: 'worker peak memory, 311 cycles (MB)', figure: 'worker_peak_rss_mb', bound: { atMost: 300 } },
  {
    label: 'link POST p50 (ms)',
    figure: 'link_post_p50_ms',
    baseline: 'bare_update_p50_ms',
    ratio: 'link_post_p50_to_bare_update',
    bound: { atMost: 2 },
  },
  {
    label: 'link GET throughput (req/s)',
    figure: 'link_get_rps',
    baseline: 'bare_route_rps',
    ratio: 'link_get_rps_to_bare_route',
    bound: { atLeast: 0.25 },
  },
  {
    label: 'dashboard throughput (req/s)',
    figure: 'dashboard_rps',
    baseline: 'dashboard_bare_route_rps',
    ratio: 'dashboard_rps_to_bare_route',
    bound: { atLeast: 0.25 },
  },
  { label: 'mail (mails/s)', figure: 'mails_per_s', bound: { atLeast: 200 } },
  { label: 'mail duplicates', figure: 'mail_duplicates', bound: { atMost: 0 } },
];

/** The ratio of every target whose figure and baseline were both measured. */
export function ratios(results: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of TARGETS) {
    const figure = results[t.figure];
    const baseline = t.baseline ? results[t.baseline] : undefined;
    if (t.ratio && figure !== undefined && baseline) out[t.ratio] = figure / baseline;
  }
  return out;
}

export interface Row {
  label: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

const shown = (n: number | undefined) => (n === undefined ? '–' : String(Math.round(n * 100) / 100));

/** One row per target; "–" for what this run did not measure. */
export function targetRows(results: Record<string, number>): Row[] {
  return TARGETS.map((t) => {
    const ratio = t.ratio ? results[t.ratio] : undefined;
    const compared = t.ratio ? ratio : results[t.figure];
    const [sign, bound] = 'atMost' in t.bound ? ['≤', t.bound.atMost] : ['≥', t.bound.atLeast];
    const met = compared === undefined ? '–' : ('atMost' in t.bound ? compared <= bound : compared >= bound) ? 'yes' : 'no';
    return {
      label: t.label,
      figure: shown(results[t.figure]),
      baseline: t.baseline ? shown(results[t.baseline]) : '',
      ratio: t.ratio ? `${shown(ratio)}${ratio === undefined ? '' : '×'}` : '',
      target: `${sign} ${bound}${t.ratio ? '× baseline' : ''}`,
      met,
    };
  });
}

export const COLUMNS: (keyof Row)[] = ['label', 'figure', 'baseline', 'ratio', 'target', 'met'];
export const HEADINGS = ['measure', 'figure', 'baseline', 'ratio', 'target', 'met?'];
