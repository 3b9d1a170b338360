import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { FormOverview, OverviewRow } from '../services/form-overview';
import { exampleBadge } from './register-forms';

/** The coordinator's table of one form step: a row per assigned seat, late ones first. */

const kronor = (l: Locale) =>
  new Intl.NumberFormat(l === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 });

function row(l: Locale, r: OverviewRow): SafeHtml {
  const state = t(l, `overview.state.${r.state}` as MessageKey);
  const link = r.formId
    ? html`<a href="/forms/${r.formId}?lang=${l}"
        >${t(l, 'overview.open')}<span class="visually-hidden"> ${t(l, 'overview.openFor', { organisation: r.organisation })}</span></a
      >`
    : '';
  return html`<tr>
    <th scope="row">${r.organisation}${exampleBadge(l, r.example)}</th>
    <td>${r.state === 'late' ? html`<strong>${state}</strong>` : state}</td>
    <td>${r.version ?? ''}</td>
    <td>${r.due ? formatDue(new Date(r.due), l) : ''}</td>
    <td>${r.amountSek === null ? '' : kronor(l).format(r.amountSek)}</td>
    <td>${link}</td>
  </tr>`;
}

export function formOverviewPage(l: Locale, o: FormOverview): SafeHtml {
  const base = `/cycles/${o.definition}/${o.year}`;
  const submitted = o.rows.filter((r) => r.state === 'submitted').length;
  const late = o.rows.filter((r) => r.state === 'late').length;
  const heads = ['overview.organisation', 'overview.state', 'overview.version', 'overview.due'] as const;
  const table = html`<table class="form-overview">
    <caption>
      ${t(l, 'overview.counts', { submitted, total: o.rows.length, late })}
    </caption>
    <thead>
      <tr>
        ${heads.map((k) => html`<th scope="col">${t(l, k)}</th>`)}
        <th scope="col">${t(l, 'overview.amount', { year: o.year })}</th>
        <th scope="col">${t(l, 'overview.form')}</th>
      </tr>
    </thead>
    <tbody>
      ${o.rows.map((r) => row(l, r))}
    </tbody>
  </table>`;
  return html`<h1>${t(l, 'overview.page', { title: o.title })}</h1>
    <p>${t(l, 'dash.cycle')}: <a href="${base}?lang=${l}">${o.name} ${o.year}</a></p>
    <p>${t(l, 'overview.intro')}</p>
    ${o.rows.length ? table : html`<p class="muted">${t(l, 'overview.none')}</p>`}
    <p class="muted noprint"><a href="/api${base}/forms/${o.step}">${t(l, 'overview.json')}</a></p>`;
}
