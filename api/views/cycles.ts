import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { CycleListRow } from '../services/dashboard';
import { headRow, tr } from './dashboard';
import { needsActionBadge } from './problems';
import { oneOffLinks } from './one-off';

/** Every cycle, with a start button for the coordinator. */
export function cycleListPage(l: Locale, rows: CycleListRow[], coordinator: boolean): SafeHtml {
  const start = coordinator
    ? html`<p><a class="button" href="/cycles/new?lang=${l}">${t(l, 'dash.startCycle')}</a></p>${oneOffLinks(l)}`
    : '';
  const row = (c: CycleListRow) =>
    html`<tr><td><a href="/cycles/${c.definitionKey}/${c.year}?lang=${l}">${c.definitionName}</a></td><td>${c.year}</td><td>${
      c.problems ? needsActionBadge(l) : tr(l, `cycle.status.${c.status}`)
    }</td><td>${c.currentPhase ?? '–'}</td></tr>`;
  const table = rows.length
    ? html`<table><caption>${t(l, 'dash.cycles')}</caption>
${headRow(l, 'dash.cycle', 'dash.year', 'dash.status', 'dash.phase')}
<tbody>${rows.map(row)}</tbody></table>`
    : html`<p class="muted">${t(l, 'dash.noCycles')}</p>`;
  return html`<h1>${t(l, 'dash.cycles')}</h1>
${start}
${table}`;
}
