import { html, type SafeHtml } from './html';
import { formatDate } from './format';
import { chartTable, trendChart, type TrendChartInput } from './chart';
import { t, type Locale, type MessageKey } from '../i18n';
import { COUNTY } from '../core/indicators';
import type { ReportDocument, ReportFollowUp, ReportGoal, ReportIndicator, ReportMeasure } from '../core/report';

/**
 * The lägesrapport as HTML: the version's web page, and, standing alone with its stylesheet, what
 * Chromium prints to PDF. One structure for both, with Swedish headings by default: title,
 * summary, the county's development, one section per goal (analysis, measures, indicators), sources.
 */

export interface ReportHtmlOptions {
  /** Put under each section, by its id in `sectionIds`: the review's comments, for one. */
  afterSection?: (sectionId: string) => SafeHtml | string;
}

/** A text as the coordinator wrote it: a blank line starts a new paragraph. */
export const paragraphs = (text: string): string[] =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

const muted = (l: Locale, key: MessageKey) => html`<p class="muted">${t(l, key)}</p>`;

const prose = (l: Locale, text: string) => {
  const parts = paragraphs(text);
  return parts.length ? parts.map((p) => html`<p class="pre-wrap">${p}</p>`) : muted(l, 'report.noText');
};

/** The chart's input for an indicator: the county drawn thick, the municipalities thin, the target dashed. */
export function chartInput(l: Locale, i: ReportIndicator, id: string): TrendChartInput {
  return {
    title: i.name,
    unit: i.unit,
    series: i.series.map((s) => ({
      label: s.area === COUNTY ? t(l, 'ind.chart.county') : s.label,
      area: s.area,
      emphasis: s.area === COUNTY,
      points: s.points,
    })),
    target: i.target ?? undefined,
    locale: l,
    id,
  };
}

export const statusText = (l: Locale, f: Pick<ReportFollowUp, 'status'>) => t(l, f.status ? `fu.status.${f.status}` : 'report.status.none');

/** "Uppföljning, rapporterad 15 januari 2028" */
export const reportedLine = (l: Locale, f: ReportFollowUp) =>
  f.reportedAt ? t(l, 'report.reported', { step: f.step, date: formatDate(new Date(f.reportedAt), l) }) : f.step;

const link = (k: { url: string; title?: string }) => html`<a href="${k.url}" class="break-all">${k.title || k.url}</a>`;

function followUpCell(l: Locale, m: ReportMeasure, f: ReportFollowUp) {
  const who = m.followUps.length > 1 || !m.owners.includes(f.organisation) ? html`<strong>${f.organisation}</strong>: ` : '';
  return html`<div class="follow-up">
    <p>${who}${reportedLine(l, f)}</p>
    ${paragraphs(f.text).map((p) => html`<p class="pre-wrap">${p}</p>`)}
    ${f.links.length ? html`<p>${t(l, 'report.links')} ${f.links.map((k, n) => html`${n ? ', ' : ''}${link(k)}`)}</p>` : ''}
    ${f.attachments.length ? html`<p>${t(l, 'report.attachments')} ${f.attachments.join(', ')}</p>` : ''}
  </div>`;
}

/** The measures table's columns, in the web page, the PDF and the Word file alike. */
export const MEASURE_COLUMNS = ['code', 'title', 'owners', 'status', 'followUp'] as const;

function measuresTable(l: Locale, g: ReportGoal) {
  if (!g.measures.length) return muted(l, 'report.noMeasures');
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${t(l, 'report.measuresOf', { number: g.number })}">
  <table class="report-measures">
    <caption>${t(l, 'report.measuresOf', { number: g.number })}</caption>
    <thead><tr>${MEASURE_COLUMNS.map((c) => html`<th scope="col">${t(l, `report.col.${c}`)}</th>`)}</tr></thead>
    <tbody>
    ${g.measures.map(
      (m) => html`<tr>
      <td class="nowrap">${m.code}</td>
      <td>${m.title}</td>
      <td>${m.owners.join(', ')}</td>
      <td>${m.followUps.length ? m.followUps.map((f) => html`<div>${statusText(l, f)}</div>`) : t(l, 'report.status.none')}</td>
      <td>${m.followUps.length ? m.followUps.map((f) => followUpCell(l, m, f)) : ''}</td>
    </tr>`,
    )}
    </tbody>
  </table></div>`;
}

/** The target status in words, then where the values come from. */
export const indicatorFacts = (l: Locale, i: ReportIndicator): string[] => [
  t(l, `ind.status.${i.targetStatus}`),
  t(l, 'report.source', { source: i.source }),
  ...(i.provenance.length ? [t(l, 'report.provenance', { lines: i.provenance.join('; ') })] : []),
];

function indicatorBlock(l: Locale, g: ReportGoal, i: ReportIndicator, n: number) {
  const input = chartInput(l, i, `report-${g.number}-${n}`);
  const valued = i.series.some((s) => s.points.length);
  return html`<div class="report-indicator">
    <h4>${i.name}</h4>
    ${valued ? trendChart(input) : html`<p class="muted">${t(l, 'chart.empty', { title: i.name })}</p>`}
    ${indicatorFacts(l, i).map((line) => html`<p class="small">${line}</p>`)}
    ${
      valued
        ? html`<details class="chart-data"><summary>${t(l, 'report.chartData')}</summary>
      <div class="table-scroll" tabindex="0" role="region" aria-label="${i.name}">${chartTable(input)}</div></details>`
        : ''
    }
  </div>`;
}

function goalSection(l: Locale, g: ReportGoal) {
  return html`<h2>${t(l, 'report.goal', { number: g.number, title: g.title })}</h2>
    ${g.description ? html`<p class="muted">${g.description}</p>` : ''}
    <h3>${t(l, 'report.analysis')}</h3>
    ${prose(l, g.analysis)}
    <h3>${t(l, 'report.measures')}</h3>
    ${measuresTable(l, g)}
    <h3>${t(l, 'report.indicators')}</h3>
    ${g.indicators.length ? g.indicators.map((i, n) => indicatorBlock(l, g, i, n)) : muted(l, 'report.noIndicators')}`;
}

export function reportDocumentHtml(l: Locale, doc: ReportDocument, opts: ReportHtmlOptions = {}): SafeHtml {
  const section = (id: string, body: SafeHtml) =>
    html`<section id="${id}" class="report-section">${body}${opts.afterSection?.(id) ?? ''}</section>`;
  return html`<article class="report">
  <div class="report-head">
    <h1>${doc.title}</h1>
    <p class="report-subtitle">${doc.subtitle}</p>
    <p class="muted">${t(l, 'report.versionLine', { number: doc.version, date: formatDate(new Date(doc.compiledAt), l) })}</p>
  </div>
  ${section('summary', html`<h2>${t(l, 'report.summary')}</h2>${prose(l, doc.summary)}`)}
  ${section('overall', html`<h2>${t(l, 'report.overall')}</h2>${prose(l, doc.overall)}`)}
  ${doc.goals.map((g) => section(`goal-${g.number}`, goalSection(l, g)))}
  ${section(
    'sources',
    html`<h2>${t(l, 'report.sources')}</h2>
      ${doc.sources.length ? html`<ul>${doc.sources.map((s) => html`<li>${s}</li>`)}</ul>` : muted(l, 'report.noSources')}`,
  )}
</article>`;
}

/** The document as a page of its own, its stylesheet inlined: what Chromium prints to PDF, with no server to ask. */
export function standaloneReportHtml(l: Locale, doc: ReportDocument, css: string): string {
  return `<!doctype html>${html`<html lang="${l}">
<head><meta charset="utf-8"><title>${doc.title} – ${doc.subtitle}</title></head>
<body class="print-only"><main>${reportDocumentHtml(l, doc)}</main></body>
</html>`}`.replace('</head>', () => `<style>${css.replace(/<\/style/gi, '<\\/style')}</style></head>`);
}
