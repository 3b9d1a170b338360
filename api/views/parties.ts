import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { PartyYear } from '../services/dashboard';
import { decisionTable, meetingTable, workTable } from './dashboard';

/** The party page lists the latest deliveries; the JSON twin has them all. */
const DELIVERED_SHOWN = 50;

/** What a party owes and has delivered in a year, the votes of its seats, the meetings it hosts. */
export function partyPage(l: Locale, data: PartyYear, coordinator: boolean): SafeHtml {
  const y = data.year;
  const slug = data.organisation.slug;
  const owes = data.tasks.filter((x) => x.status === 'open');
  const delivered = data.tasks
    .filter((x) => x.status === 'done')
    .sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0));
  const shown = delivered.slice(0, DELIVERED_SHOWN);
  const json = `/api/dashboard/parties/${slug}?year=${y}`;
  const jsonLink = html`<a href="${json}">${t(l, 'dash.json')}</a>`;
  const more =
    delivered.length > shown.length
      ? html`<p class="muted">${t(l, 'dash.latestOf', { shown: shown.length, all: delivered.length })} ${jsonLink}</p>`
      : '';
  const yearLink = (to: number, text: string) => html`<a href="/parties/${slug}?year=${to}&amp;lang=${l}">${text}</a>`;
  const years = html`${yearLink(y - 1, `← ${y - 1}`)} · ${yearLink(y + 1, `${y + 1} →`)}`;
  return html`<h1>${data.organisation.name} ${y}</h1>
<p>${t(l, 'dash.partySummary', { open: owes.length, late: owes.filter((x) => x.late).length, done: delivered.length })}</p>
<nav aria-label="${t(l, 'dash.years')}">${years}</nav>
<h2>${t(l, 'dash.owes')}</h2>
${workTable(l, t(l, 'dash.owes'), owes, { party: false })}
<h2>${t(l, 'dash.delivered')}</h2>
${workTable(l, t(l, 'dash.delivered'), shown, { party: false })}
${more}
<h2>${t(l, 'dash.partyDecisions')}</h2>
${decisionTable(l, t(l, 'dash.partyDecisions'), data.decisions, (d) => coordinator || d.showTally || d.status !== 'open')}
<h2>${t(l, 'dash.hosting')}</h2>
${meetingTable(l, t(l, 'dash.hosting'), data.hosting)}
<p class="muted">${jsonLink}</p>`;
}
