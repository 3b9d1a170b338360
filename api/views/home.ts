import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { HomeData } from '../services/dashboard';
import { row, tr } from './dashboard';
import { needsActionBadge } from './problems';
import { exampleBadge } from './register-forms';

type Organisation = HomeData['organisations'][number];
type Body = HomeData['bodies'][number];

const orgTable = (l: Locale, rows: Organisation[], caption: string, signedIn: boolean) => html`
<table>
  <caption class="muted">${caption}</caption>
  <thead><tr><th scope="col">${t(l, 'home.organisation')}</th><th scope="col">${l === 'sv' ? 'Typ' : 'Kind'}</th></tr></thead>
  <tbody>${rows.map((o) =>
    row(signedIn ? html`<a href="/parties/${o.slug}?lang=${l}">${o.name}</a>` : o.name, tr(l, `kind.${o.kind}`)),
  )}</tbody>
</table>`;

function cycles(l: Locale, data: HomeData, coordinator: boolean): SafeHtml {
  const list = data.cycles.length
    ? html`<ul>${data.cycles
        .slice(0, 8)
        .map(
          (c) =>
            html`<li><a href="/cycles/${c.definitionKey}/${c.year}?lang=${l}">${c.definitionName} ${c.year}</a> – ${
              c.problems ? needsActionBadge(l) : tr(l, `cycle.status.${c.status}`)
            }</li>`,
        )}</ul>`
    : html`<p class="muted">${t(l, 'dash.noCycles')}</p>`;
  const start = coordinator
    ? html` · <a href="/cycles/new?lang=${l}">${t(l, 'dash.startCycle')}</a> · <a href="/decisions/new?lang=${l}">${t(
        l,
        'oneoff.requestDecision',
      )}</a> · <a href="/tasks/new?lang=${l}">${t(l, 'oneoff.newTask')}</a>`
    : '';
  return html`<h2>${t(l, 'dash.cycles')}</h2>
${list}
<p><a href="/me?lang=${l}">${t(l, 'dash.myWork')}</a>${start}</p>`;
}

// Holders' names are personal data: shown to those signed in.
const seatRow = (l: Locale, s: Body['seats'][number], signedIn: boolean) =>
  html`<tr><td>${s.title} <span class="muted">(${tr(l, `mandate.${s.mandate}`)})</span></td><td>${s.organisation.shortName}</td>${
    signedIn ? html`<td>${s.holder ? s.holder.name : html`<span class="muted">${t(l, 'home.vacant')}</span>`}</td>` : ''
  }</tr>`;

const bodySection = (l: Locale, b: Body, signedIn: boolean) => html`
<section aria-labelledby="body-${b.slug}">
  <h3 id="body-${b.slug}">${b.name}${exampleBadge(l, b.example)} <span class="muted">(${tr(l, `body.${b.kind}`)})</span></h3>
  <p>${b.description}</p>
  ${b.convenor ? html`<p>${t(l, 'home.convenor')}: ${b.convenor.shortName}</p>` : ''}
  <table>
    <caption class="muted">${t(l, 'home.seats')}: ${b.name}</caption>
    <thead><tr><th scope="col">${t(l, 'home.seat')}</th><th scope="col">${t(l, 'home.organisation')}</th>${
      signedIn ? html`<th scope="col">${t(l, 'home.holder')}</th>` : ''
    }</tr></thead>
    <tbody>${b.seats.map((s) => seatRow(l, s, signedIn))}</tbody>
  </table>
</section>`;

/** The home page: who takes part, the bodies and their seats, and for those signed in, the cycles. */
export function homePage(l: Locale, data: HomeData, viewer: { signedIn: boolean; coordinator: boolean }): SafeHtml {
  const { signedIn } = viewer;
  const parties = data.organisations.filter((o) => o.participation === 'party');
  const reference = data.organisations.filter((o) => o.participation === 'reference');
  return html`
<h1>${t(l, 'app.name')}</h1>
<p class="muted">${t(l, 'app.tagline')}</p>
${signedIn ? cycles(l, data, viewer.coordinator) : ''}
<h2>${t(l, 'home.organisations')}</h2>
${orgTable(l, parties, t(l, 'home.organisations'), signedIn)}
${orgTable(l, reference, t(l, 'home.reference'), signedIn)}
<h2>${t(l, 'home.bodies')}</h2>
${data.bodies.map((b) => bodySection(l, b, signedIn))}`;
}

/** The home page's foot: the outbox for the coordinator, Temporal's web UI when one runs. */
export function homeFooter(l: Locale, coordinator: boolean, temporalUiUrl: string | undefined): SafeHtml {
  return html`${coordinator ? html`<a href="/outbox">${t(l, 'home.outbox')}</a> · ` : ''}${
    temporalUiUrl ? html`<a href="${temporalUiUrl}">${t(l, 'home.temporalUi')}</a>` : ''
  }`;
}
