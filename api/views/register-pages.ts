import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type * as schema from '../../db/schema';
import type { BodyWithSeats } from '../../db/queries/directory';
import { organisationKinds } from '../services/register-schemas';
import { adminPage, adminSections, caption, th, tr } from './admin';
import { csrfOf, doneView, exampleBadge, formView, retiredBadge, retireForm, type Field, type Refusal } from './register-forms';

/** The register's start page and its pages for parties, with the coordinator's forms. */

export function adminHome(request: FastifyRequest): string {
  const l = request.locale;
  const body = html`<h1>${t(l, 'admin.title')}</h1>
    <p>${t(l, 'admin.intro')}</p>
    <ul>
      ${adminSections.slice(1).map(([href, k]) => html`<li><a href="${href}?lang=${l}">${t(l, k)}</a></li>`)}
    </ul>`;
  return adminPage(request, { title: t(l, 'admin.title'), path: '/admin', body });
}

const orgHead = (l: Locale) =>
  th(
    l,
    'admin.org.name',
    'admin.org.shortName',
    'admin.org.kind',
    'admin.org.participation',
    'admin.org.joined',
    'admin.org.left',
    'admin.org.seats',
  );

type OrgRow = Omit<schema.Organisation, 'createdAt'> & { seats: number };

const organisationFields = (l: Locale, o?: schema.Organisation): Field[] => [
  { name: 'name', label: t(l, 'admin.org.name'), required: true, value: o?.name },
  { name: 'shortName', label: t(l, 'admin.org.shortName'), required: true, value: o?.shortName },
  {
    name: 'kind',
    label: t(l, 'admin.org.kind'),
    kind: 'select',
    required: true,
    value: o?.kind,
    options: organisationKinds.map((k) => ({ value: k, label: tr(l, `kind.${k}`) })),
  },
  {
    name: 'participation',
    label: t(l, 'admin.org.participation'),
    kind: 'select',
    required: true,
    value: o?.participation ?? 'party',
    options: (['party', 'reference', 'programme'] as const).map((p) => ({ value: p, label: t(l, `admin.org.${p}`) })),
  },
  { name: 'joinedOn', label: t(l, 'register.org.joinedOn'), kind: 'date', value: o?.joinedOn, hint: t(l, 'register.org.joinedHint') },
];

export function organisationsPage(request: FastifyRequest, rows: OrgRow[], refusal?: Refusal): string {
  const l = request.locale;
  const csrf = csrfOf(request);
  const body = html`<h1>${t(l, 'admin.organisations')}</h1>
    <table>
      ${caption(t(l, 'admin.org.caption'))}${orgHead(l)}
      <tbody>
        ${rows.map(
          (o) =>
            html`<tr>
              <td><a href="/admin/organisations/${o.slug}?lang=${l}">${o.name}</a>${exampleBadge(l, o.example)}</td>
              <td>${o.shortName}</td>
              <td>${tr(l, `kind.${o.kind}`)}</td>
              <td>${tr(l, `admin.org.${o.participation}`)}</td>
              <td>${o.joinedOn ?? ''}</td>
              <td>${o.leftOn ?? ''}</td>
              <td>${o.seats}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      csrf
        ? formView(l, {
            id: 'org-new',
            title: t(l, 'register.org.new'),
            lead: t(l, 'register.org.newLead'),
            action: `/admin/organisations?lang=${l}`,
            csrf,
            submit: t(l, 'register.org.create'),
            refusal,
            fields: [...organisationFields(l), { name: 'slug', label: t(l, 'register.key'), hint: t(l, 'register.keyHint') }],
          })
        : ''
    }`;
  return adminPage(request, { title: t(l, 'admin.organisations'), path: '/admin/organisations', body, json: '/api/admin/organisations' });
}

export function organisationPage(
  request: FastifyRequest,
  data: { org: schema.Organisation; seats: (BodyWithSeats['seats'][number] & { body: string })[] },
  done?: string,
  refusal?: Refusal,
): string {
  const l = request.locale;
  const { org, seats } = data;
  const csrf = csrfOf(request);
  const base = `/admin/organisations/${org.slug}`;
  const seatHead = th(l, 'admin.seat.body', 'admin.seat.title', 'admin.seat.mandate', 'admin.seat.holder');
  const editForm = (csrf: string) =>
    formView(l, {
      id: 'org-edit',
      title: t(l, 'register.edit'),
      action: `${base}?lang=${l}`,
      csrf,
      submit: t(l, 'register.save'),
      refusal,
      fields: organisationFields(l, org),
    });
  const body = html`<h1>${org.name}${exampleBadge(l, org.example)}${retiredBadge(l, org.leftOn)}</h1>
    ${doneView(l, done)}
    <p class="muted">
      ${tr(l, `kind.${org.kind}`)} ·
      ${tr(l, `admin.org.${org.participation}`)}${org.joinedOn ? html` · ${t(l, 'admin.org.joined')}: ${org.joinedOn}` : ''}
    </p>
    <table>
      ${caption(t(l, 'register.org.seats', { name: org.shortName }))}${seatHead}
      <tbody>
        ${seats.map(
          (s) =>
            html`<tr>
              <td>${s.body}</td>
              <td><a href="/admin/seats/${s.slug}?lang=${l}">${s.title}</a></td>
              <td>${tr(l, `mandate.${s.mandate}`)}</td>
              <td>${s.holder?.name ?? t(l, 'admin.vacant')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      csrf
        ? html`${editForm(csrf)}
          ${org.leftOn ? '' : retireForm(l, csrf, `${base}/retire?lang=${l}`, refusal, t(l, 'register.org.retireLead'))}`
        : ''
    }`;
  return adminPage(request, { title: org.name, path: base, body, json: '/api/admin/organisations' });
}
