import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { formatDate } from '../../web/format';
import { t, type Locale } from '../../i18n';
import { COUNTY, GENDERS } from '../../core/indicators';
import { chartTable, trendChart, type TrendChartInput } from '../../web/chart';
import type { indicatorPageData, wordProblem } from '../services/indicators';
import { adminPage, caption, th, tr } from './admin';
import { csrfOf, formView, type Refusal } from './register-forms';

export type Done = { kind: 'imported'; added: number; changed: number; unchanged: number } | { kind: 'entered' | 'edited' };
type Detail = Awaited<ReturnType<typeof indicatorPageData>>;

const numberFormat = (l: Locale) => new Intl.NumberFormat(l === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 3 });

function summary(l: Locale, i: Detail) {
  const n = numberFormat(l);
  const target = i.target
    ? t(l, 'ind.target', { ...i.target, baselineValue: n.format(i.target.baselineValue), targetValue: n.format(i.target.targetValue) })
    : t(l, 'ind.noTarget');
  return html`<dl>
    <dt>${t(l, 'admin.indicator.source')}</dt>
    <dd>${i.source}${i.koladaKpi ? html`<br />${t(l, 'ind.kpi', { kpi: i.koladaKpi })}` : ''}</dd>
    <dt>${t(l, 'admin.indicator.unit')}</dt>
    <dd>${i.unit}; ${t(l, `ind.direction.${i.direction}`)}</dd>
    <dt>${t(l, 'admin.indicator.goal')}</dt>
    <dd>${i.goal ? `${i.goal.number}. ${i.goal.title}` : ''}</dd>
    <dt>${t(l, 'ind.targetLabel')}</dt>
    <dd>${target}<br /><strong>${t(l, `ind.status.${i.status}`)}</strong></dd>
  </dl>`;
}

/** The totals over the years as a trend: the county's line against the municipalities', the target drawn in, and the same as a table. */
function trend(l: Locale, i: Detail) {
  const totals = i.values.filter((v) => v.gender === 'T');
  if (!totals.length) return '';
  const areas = [...new Set(totals.map((v) => v.area))].sort();
  const series = areas.map((area) => ({
    label: area === COUNTY ? t(l, 'ind.chart.county') : area,
    area,
    emphasis: area === COUNTY,
    points: totals
      .filter((v) => v.area === area)
      .map((v) => ({ year: v.year, value: v.value }))
      .sort((a, b) => a.year - b.year),
  }));
  const input: TrendChartInput = { title: i.name, unit: i.unit, series, target: i.target ?? undefined, locale: l, id: `trend-${i.slug}` };
  return html`<h2>${t(l, 'ind.trend')}</h2>
    ${trendChart(input)} ${chartTable(input)}`;
}

/** One year at a time: a county's 27 areas by three genders over ten years is too long for one table. */
function yearNav(l: Locale, i: Detail) {
  if (i.years.length < 2) return '';
  return html`<nav aria-label="${t(l, 'ind.years')}" class="years">
    <ul>
      ${i.years.map((y) =>
        y === i.shownYear
          ? html`<li><a aria-current="page" href="/admin/indicators/${i.slug}?lang=${l}&amp;year=${y}">${y}</a></li>`
          : html`<li><a href="/admin/indicators/${i.slug}?lang=${l}&amp;year=${y}">${y}</a></li>`,
      )}
    </ul>
  </nav>`;
}

function valuesTable(l: Locale, i: Detail) {
  if (!i.values.length) return html`<p class="muted">${t(l, 'ind.noValues')}</p>`;
  const n = numberFormat(l);
  const head = th(
    l,
    'ind.col.year',
    'ind.col.area',
    'ind.col.gender',
    'ind.col.value',
    'ind.col.count',
    'ind.col.source',
    'ind.col.retrieved',
    'ind.col.by',
  );
  return html`${yearNav(l, i)}
    <table>
      ${caption(t(l, 'ind.values.captionYear', { year: i.shownYear }))}${head}
      <tbody>
        ${i.values
          .filter((v) => v.year === i.shownYear)
          .map(
            (v) => html`<tr>
              <td>${v.year}</td>
              <td>${v.area}</td>
              <td>${t(l, `ind.gender.${v.gender}`)}</td>
              <td>${n.format(v.value)}</td>
              <td>${v.count === null ? '' : n.format(v.count)}</td>
              <td>${v.source}</td>
              <td>${formatDate(v.retrievedAt, l)}</td>
              <td>${v.retrievedBy ?? t(l, 'ind.system')}</td>
            </tr>`,
          )}
      </tbody>
    </table>`;
}

/** A changed value keeps its history: what the year's values were before an import or entry replaced them. */
function historyTable(l: Locale, i: Detail) {
  if (!i.history.length) return '';
  const n = numberFormat(l);
  const head = th(
    l,
    'ind.col.area',
    'ind.col.gender',
    'ind.col.earlier',
    'ind.col.source',
    'ind.col.retrieved',
    'ind.col.by',
    'ind.col.replaced',
  );
  return html`<h2>${t(l, 'ind.history', { year: i.shownYear })}</h2>
    <table>
      ${caption(t(l, 'ind.history.caption', { year: i.shownYear }))}${head}
      <tbody>
        ${i.history.map(
          (h) => html`<tr>
            <td>${h.area}</td>
            <td>${t(l, `ind.gender.${h.gender}`)}</td>
            <td>${n.format(h.value)}</td>
            <td>${h.source}</td>
            <td>${formatDate(h.retrievedAt, l)}</td>
            <td>${h.retrievedBy ?? t(l, 'ind.system')}</td>
            <td>${formatDate(h.replacedAt, l)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

function doneView(l: Locale, done: Done | undefined) {
  if (!done) return '';
  const text = done.kind === 'imported' ? t(l, 'ind.done.imported', done) : t(l, `ind.done.${done.kind}`);
  return html`<p role="status"><strong>${text}</strong></p>`;
}

/** The rows an import refused, each with where it is and why; the form's alert above says how many. */
function problemsView(l: Locale, problems: ReturnType<typeof wordProblem>[]) {
  if (!problems.length) return undefined;
  return html`<div class="error">
    <h3 id="import-problems">${t(l, 'ind.problems')}</h3>
    <ul aria-labelledby="import-problems">
      ${problems.map((p) => html`<li><strong>${t(l, `ind.where.${p.where}`, { line: p.line })}</strong>: ${p.message}</li>`)}
    </ul>
  </div>`;
}

/** One indicator: what it measures, its target's status in words, its values with provenance, and the coordinator's forms. */
export function indicatorPage(
  request: FastifyRequest,
  i: Detail,
  opts: { done?: Done; refusal?: Refusal; problems?: ReturnType<typeof wordProblem>[] } = {},
): string {
  const l = request.locale;
  const csrf = csrfOf(request);
  const base = `/admin/indicators/${i.slug}`;
  const forms = csrf
    ? html`${formView(l, {
        id: 'import',
        title: t(l, 'ind.import.title'),
        lead: t(l, 'ind.import.lead'),
        action: `${base}/import?lang=${l}`,
        csrf,
        submit: t(l, 'ind.import.submit'),
        refusal: opts.refusal,
        detail: problemsView(l, opts.problems ?? []),
        multipart: true,
        fields: [
          {
            name: 'format',
            label: t(l, 'ind.import.format'),
            kind: 'select',
            required: true,
            value: 'csv',
            options: (['csv', 'kolada'] as const).map((f) => ({ value: f, label: t(l, `ind.import.${f}`) })),
          },
          { name: 'file', label: t(l, 'ind.import.file'), kind: 'file', accept: '.csv,.json,.txt,text/csv,application/json' },
          { name: 'filename', label: t(l, 'ind.import.filename'), hint: t(l, 'ind.import.filenameHint') },
          { name: 'text', label: t(l, 'ind.import.text'), kind: 'textarea', hint: t(l, 'ind.import.textHint') },
        ],
      })}
      ${
        i.koladaKpi
          ? formView(l, {
              id: 'kolada',
              title: t(l, 'ind.kolada.title'),
              lead: t(l, 'ind.kolada.lead', { kpi: i.koladaKpi }),
              action: `${base}/kolada?lang=${l}`,
              csrf,
              submit: t(l, 'ind.kolada.submit'),
              refusal: opts.refusal,
              fields: [
                { name: 'fromYear', label: t(l, 'ind.kolada.fromYear'), kind: 'number', required: true },
                { name: 'toYear', label: t(l, 'ind.kolada.toYear'), kind: 'number', required: true },
                { name: 'areas', label: t(l, 'ind.kolada.areas'), hint: t(l, 'ind.kolada.areasHint'), value: '0001' },
              ],
            })
          : ''
      }
      ${formView(l, {
        id: 'edit',
        title: t(l, 'ind.edit.title'),
        action: `${base}?lang=${l}`,
        csrf,
        submit: t(l, 'ind.edit.submit'),
        refusal: opts.refusal,
        fields: [
          {
            name: 'direction',
            label: t(l, 'ind.field.direction'),
            kind: 'select',
            required: true,
            value: i.direction,
            options: (['higher', 'lower'] as const).map((d) => ({ value: d, label: t(l, `ind.direction.${d}`) })),
          },
          { name: 'koladaKpi', label: t(l, 'ind.field.koladaKpi'), value: i.koladaKpi },
          { name: 'baselineYear', label: t(l, 'ind.field.baselineYear'), kind: 'number', value: i.target?.baselineYear },
          { name: 'baselineValue', label: t(l, 'ind.field.baselineValue'), value: i.target?.baselineValue },
          { name: 'targetYear', label: t(l, 'ind.field.targetYear'), kind: 'number', value: i.target?.targetYear },
          { name: 'targetValue', label: t(l, 'ind.field.targetValue'), value: i.target?.targetValue },
        ],
      })}
      ${formView(l, {
        id: 'enter',
        title: t(l, 'ind.enter.title'),
        lead: t(l, 'ind.enter.lead'),
        action: `${base}/values?lang=${l}`,
        csrf,
        submit: t(l, 'ind.enter.submit'),
        refusal: opts.refusal,
        fields: [
          { name: 'year', label: t(l, 'ind.field.year'), kind: 'number', required: true },
          { name: 'area', label: t(l, 'ind.field.area'), required: true, value: '01' },
          {
            name: 'gender',
            label: t(l, 'ind.field.gender'),
            kind: 'select',
            required: true,
            value: 'T',
            options: GENDERS.map((g) => ({ value: g, label: tr(l, `ind.gender.${g}`) })),
          },
          { name: 'value', label: t(l, 'ind.field.value'), required: true },
        ],
      })}`
    : '';
  const body = html`<h1>${i.name}</h1>
    ${doneView(l, opts.done)} ${summary(l, i)}
    ${trend(l, i)}
    <h2>${t(l, 'ind.values')}</h2>
    ${valuesTable(l, i)} ${historyTable(l, i)} ${forms}`;
  return adminPage(request, { title: i.name, path: '/admin/indicators', body, json: `/api/indicators/${i.slug}` });
}
