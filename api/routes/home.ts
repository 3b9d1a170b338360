import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listBodiesWithSeats, listOrganisations } from '../../db/queries/directory';
import { listCycleRows } from '../../db/queries/dashboard';
import { stockholmDate } from '../../core/time';
import { t, type MessageKey } from '../../i18n';
import { html } from '../../web/html';
import { page } from '../views/layout';
import { needsActionBadge } from '../views/problems';

const home: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        hide: true,
        querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }),
      },
    },
    async (request, reply) => {
      const { db, temporalUiUrl } = app.deps;
      const l = request.locale;
      // Holders' names are personal data: shown to those signed in.
      const signedIn = Boolean(request.user);
      const [orgs, bodies, cycles] = await Promise.all([
        listOrganisations(db),
        listBodiesWithSeats(db, stockholmDate(new Date())),
        signedIn ? listCycleRows(db) : Promise.resolve([]),
      ]);
      const tr = (key: string) => t(l, key as MessageKey);
      const orgTable = (rows: typeof orgs, caption: string) => html`
<table>
  <caption class="muted" style="text-align:left">${caption}</caption>
  <thead><tr><th scope="col">${t(l, 'home.organisation')}</th><th scope="col">${l === 'sv' ? 'Typ' : 'Kind'}</th></tr></thead>
  <tbody>${rows.map((o) => html`<tr><td>${signedIn ? html`<a href="/parties/${o.slug}?lang=${l}">${o.name}</a>` : o.name}</td><td>${tr(`kind.${o.kind}`)}</td></tr>`)}</tbody>
</table>`;
      const body = html`
<h1>${t(l, 'app.name')}</h1>
<p class="muted">${t(l, 'app.tagline')}</p>
${signedIn
  ? html`<h2>${t(l, 'dash.cycles')}</h2>
${cycles.length
  ? html`<ul>${cycles.slice(0, 8).map((c) => html`<li><a href="/cycles/${c.definitionKey}/${c.year}?lang=${l}">${c.definitionName} ${c.year}</a> – ${c.problems ? needsActionBadge(l) : tr(`cycle.status.${c.status}`)}</li>`)}</ul>`
  : html`<p class="muted">${t(l, 'dash.noCycles')}</p>`}
<p><a href="/me?lang=${l}">${t(l, 'dash.myWork')}</a>${request.user?.role === 'coordinator' ? html` · <a href="/cycles/new?lang=${l}">${t(l, 'dash.startCycle')}</a>` : ''}</p>`
  : ''}
<h2>${t(l, 'home.organisations')}</h2>
${orgTable(orgs.filter((o) => o.participation === 'party'), t(l, 'home.organisations'))}
${orgTable(orgs.filter((o) => o.participation === 'reference'), t(l, 'home.reference'))}
<h2>${t(l, 'home.bodies')}</h2>
${bodies.map(
  (b) => html`
<section aria-labelledby="body-${b.slug}">
  <h3 id="body-${b.slug}">${b.name} <span class="muted">(${tr(`body.${b.kind}`)})</span></h3>
  <p>${b.description}</p>
  ${b.convenor ? html`<p>${t(l, 'home.convenor')}: ${b.convenor.shortName}</p>` : ''}
  <table>
    <caption class="muted" style="text-align:left">${t(l, 'home.seats')}: ${b.name}</caption>
    <thead><tr><th scope="col">${t(l, 'home.seat')}</th><th scope="col">${t(l, 'home.organisation')}</th>${signedIn ? html`<th scope="col">${t(l, 'home.holder')}</th>` : ''}</tr></thead>
    <tbody>${b.seats.map(
      (s) => html`<tr><td>${s.title} <span class="muted">(${tr(`mandate.${s.mandate}`)})</span></td><td>${s.organisation.shortName}</td>${
        signedIn ? html`<td>${s.holder ? s.holder.name : html`<span class="muted">${t(l, 'home.vacant')}</span>`}</td>` : ''
      }</tr>`,
    )}</tbody>
  </table>
</section>`,
)}`;
      const coordinator = request.user?.role === 'coordinator';
      const footer = html`${coordinator ? html`<a href="/outbox">${t(l, 'home.outbox')}</a> · ` : ''}${
        temporalUiUrl ? html`<a href="${temporalUiUrl}">${t(l, 'home.temporalUi')}</a>` : ''
      }`;
      return reply.type('text/html; charset=utf-8').send(page({ locale: l, title: t(l, 'app.tagline'), body, path: '/', footer, user: request.user }));
    },
  );
};

export default home;
