import type { FastifyRequest } from 'fastify';
import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type * as schema from '../../db/schema';
import type { BodyWithSeats } from '../../db/queries/directory';
import type { SeatRecord } from '../../db/queries/admin';
import { bodyKinds } from '../services/register-schemas';
import { adminPage, caption, feedView, holdersTable, th, tr } from './admin';
import { csrfOf, doneView, exampleBadge, formView, retiredBadge, retireForm, type Field, type Refusal } from './register-forms';

/** The register's pages for bodies and their seats, with the coordinator's forms. */

const bodyFields = (l: Locale, orgs: schema.Organisation[], b?: schema.Body): Field[] => [
  { name: 'name', label: t(l, 'admin.body.name'), required: true, value: b?.name },
  {
    name: 'kind',
    label: t(l, 'admin.body.kind'),
    kind: 'select',
    required: true,
    value: b?.kind,
    options: bodyKinds.map((k) => ({ value: k, label: tr(l, `body.${k}`) })),
  },
  { name: 'description', label: t(l, 'register.description'), kind: 'textarea', value: b?.description },
  {
    name: 'convenor',
    label: t(l, 'admin.body.convenor'),
    kind: 'select',
    value: orgs.find((o) => o.id === b?.convenorOrganisationId)?.slug,
    options: orgs.map((o) => ({ value: o.slug, label: o.shortName })),
  },
];

export function bodiesPage(request: FastifyRequest, bodies: BodyWithSeats[], orgs: schema.Organisation[], refusal?: Refusal): string {
  const l = request.locale;
  const head = th(l, 'admin.body.name', 'admin.body.kind', 'admin.body.convenor', 'admin.body.seats', 'admin.body.vacant');
  const csrf = csrfOf(request);
  const body = html`<h1>${t(l, 'admin.bodies')}</h1>
    <table>
      ${caption(t(l, 'admin.body.caption'))}${head}
      <tbody>
        ${bodies.map(
          (b) =>
            html`<tr>
              <td><a href="/admin/bodies/${b.slug}?lang=${l}">${b.name}</a>${exampleBadge(l, b.example)}${retiredBadge(l, b.retiredOn)}</td>
              <td>${tr(l, `body.${b.kind}`)}</td>
              <td>${b.convenor?.shortName ?? ''}</td>
              <td>${b.seats.length}</td>
              <td>${b.seats.filter((s) => !s.holder).length}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      csrf
        ? formView(l, {
            id: 'body-new',
            title: t(l, 'register.body.new'),
            action: `/admin/bodies?lang=${l}`,
            csrf,
            submit: t(l, 'register.body.create'),
            refusal,
            fields: [...bodyFields(l, orgs), { name: 'slug', label: t(l, 'register.key'), hint: t(l, 'register.keyHint') }],
          })
        : ''
    }`;
  return adminPage(request, { title: t(l, 'admin.bodies'), path: '/admin/bodies', body, json: '/api/bodies' });
}

export interface BodyPageData {
  record: { body: schema.Body; convenor: schema.Organisation | null; seats: SeatRecord[] };
  /** Who sits on each seat today, by seat id. */
  sitting: Record<string, schema.Holder | undefined>;
  day: string;
  meets: boolean;
  feed: string;
  organisations: schema.Organisation[];
}

/** A new seat's fields: organisation, title, mandate, key, and optionally its first holder. */
const seatFields = (l: Locale, orgs: schema.Organisation[]): Field[] => [
  {
    name: 'organisation',
    label: t(l, 'admin.seat.organisation'),
    kind: 'select',
    required: true,
    options: orgs.map((o) => ({ value: o.slug, label: o.shortName })),
  },
  { name: 'title', label: t(l, 'admin.seat.title'), required: true },
  { name: 'mandate', label: t(l, 'admin.seat.mandate'), kind: 'select', required: true, value: 'member', options: mandateOptions(l) },
  { name: 'key', label: t(l, 'register.key'), hint: t(l, 'register.seat.keyHint') },
  { name: 'holder.name', label: t(l, 'register.seat.holderName') },
  { name: 'holder.email', label: t(l, 'admin.change.email'), kind: 'email' },
  {
    name: 'holder.locale',
    label: t(l, 'admin.change.locale'),
    kind: 'select',
    value: 'sv',
    options: (['sv', 'en'] as const).map((x) => ({ value: x, label: t(l, `admin.locale.${x}`) })),
  },
  { name: 'holder.validFrom', label: t(l, 'admin.change.validFrom'), kind: 'date' },
];

export const mandateOptions = (l: Locale) =>
  (['member', 'chair', 'convenor', 'coordinator', 'deputy'] as const).map((m) => ({ value: m, label: tr(l, `mandate.${m}`) }));

export function bodyPage(request: FastifyRequest, d: BodyPageData, done?: string, refusal?: Refusal): string {
  const l = request.locale;
  const { body: b, convenor, seats } = d.record;
  const csrf = csrfOf(request);
  const seatLink = (r: SeatRecord) =>
    html`<a href="/admin/seats/${r.seat.slug}?lang=${l}">${r.seat.title}</a>${retiredBadge(l, r.seat.retiredOn)}`;
  const history = seats
    .flatMap((r) => r.holders.map((h) => ({ h, r })))
    .sort((x, y) => x.r.seat.slug.localeCompare(y.r.seat.slug) || y.h.validFrom.localeCompare(x.h.validFrom));
  const bySeat = new Map(seats.map((r) => [r.seat.id, r]));
  const base = `/admin/bodies/${b.slug}`;
  const head = th(l, 'admin.seat.title', 'admin.seat.organisation', 'admin.seat.mandate', 'admin.seat.holder');
  const forms = (csrf: string) =>
    html`${formView(l, {
      id: 'seat-new',
      title: t(l, 'register.seat.new'),
      lead: t(l, 'register.seat.newLead'),
      action: `${base}/seats?lang=${l}`,
      csrf,
      submit: t(l, 'register.seat.create'),
      refusal,
      fields: seatFields(l, d.organisations),
    })}
    ${formView(l, {
      id: 'body-edit',
      title: t(l, 'register.edit'),
      action: `${base}?lang=${l}`,
      csrf,
      submit: t(l, 'register.save'),
      refusal,
      fields: bodyFields(l, d.organisations, b),
    })}
    ${retireForm(l, csrf, `${base}/retire?lang=${l}`, refusal, t(l, 'register.body.retireLead'))}`;
  const body = html`<h1>${b.name}${exampleBadge(l, b.example)}${retiredBadge(l, b.retiredOn)}</h1>
    ${doneView(l, done)}
    <p class="muted">${tr(l, `body.${b.kind}`)}${convenor ? html` · ${t(l, 'admin.body.convenor')}: ${convenor.shortName}` : ''}</p>
    <p>${b.description}</p>
    ${d.meets ? html`<p><a href="/meetings/${b.slug}?lang=${l}">${t(l, 'meetings.link')}</a></p>` : ''}
    <table>
      ${caption(t(l, 'admin.seats.caption', { body: b.name }))}${head}
      <tbody>
        ${seats.map((r) => {
          const holder = d.sitting[r.seat.id];
          return html`<tr>
            <td>${seatLink(r)}</td>
            <td>${r.organisation.shortName}</td>
            <td>${tr(l, `mandate.${r.seat.mandate}`)}</td>
            <td>${holder ? holder.name : html`<span class="muted">${t(l, 'admin.vacant')}</span>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <h2>${t(l, 'admin.body.history')}</h2>
    ${holdersTable(
      l,
      history.map((x) => x.h),
      d.day,
      t(l, 'admin.body.history'),
      (h) => seatLink(bySeat.get(h.seatId)!),
    )}
    ${csrf && !b.retiredOn ? forms(csrf) : ''}
    ${feedView(l, 'body', d.feed, { action: `/feeds/body/${b.slug}/rotate`, csrf: csrf ?? '' })}`;
  return adminPage(request, { title: b.name, path: base, body, json: `/api/admin/bodies/${b.slug}` });
}
