import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { OpenWork, SeatRecord } from '../../db/queries/admin';
import type * as schema from '../../db/schema';
import type { NewHolder } from '../holders';
import { adminPage, caption, feedView, holdersTable, issueList, openWorkView, tr } from './admin';
import { doneView, formView, retiredBadge, retireForm, type Refusal } from './register-forms';
import { mandateOptions } from './register-bodies';

export interface HolderFormState {
  values: { name?: string; email?: string; locale?: string; validFrom?: string };
  issues: { path: string; message: string }[];
}

/** Name, work address, language and first day; the coordinator sees what moves before confirming. */
function holderChangeForm(l: Locale, csrf: string, r: SeatRecord, form?: HolderFormState): SafeHtml {
  const v = form?.values;
  const labels: Record<string, string> = {
    name: t(l, 'admin.change.name'),
    email: t(l, 'admin.change.email'),
    locale: t(l, 'admin.change.locale'),
    validFrom: t(l, 'admin.change.validFrom'),
  };
  const errorOf = (field: string) => form?.issues.find((i) => i.path === field);
  const field = (name: 'name' | 'email' | 'validFrom', label: string, type: string, extra: SafeHtml | '' = '') => {
    const error = errorOf(name);
    return html`<p>
      <label for="holder-${name}">${label}</label><br />
      <input
        id="holder-${name}"
        name="${name}"
        type="${type}"
        value="${v?.[name] ?? ''}"
        required${extra}${error ? html` aria-invalid="true" aria-describedby="holder-${name}-error"` : ''}
      />
      ${error ? html`<br /><span id="holder-${name}-error" class="error">${error.message}</span>` : ''}
    </p>`;
  };
  return html`<section aria-labelledby="change">
    <h2 id="change">${t(l, 'admin.change.title')}</h2>
    <p>${t(l, 'admin.change.lead')}</p>
    ${form ? issueList(t(l, 'admin.change.errors', { count: form.issues.length }), form.issues, (path) => labels[path]) : ''}
    <form method="post" action="/admin/seats/${r.seat.slug}/holder?lang=${l}" novalidate>
      <input type="hidden" name="_csrf" value="${csrf}" />
      ${field('name', labels.name!, 'text', html` autocomplete="off" maxlength="200"`)}
      ${field('email', labels.email!, 'email', html` autocomplete="off" maxlength="320"`)}
      <p>
        <label for="holder-locale">${labels.locale}</label><br />
        <select id="holder-locale" name="locale">
          ${(['sv', 'en'] as const).map(
            (x) => html`<option value="${x}" ${(v?.locale ?? 'sv') === x ? html` selected` : ''}>${t(l, `admin.locale.${x}`)}</option>`,
          )}
        </select>
      </p>
      ${field('validFrom', labels.validFrom!, 'text', html` inputmode="numeric" pattern="\\d{4}-\\d{2}-\\d{2}" placeholder="2027-01-01"`)}
      <p><button type="submit">${t(l, 'admin.change.preview')}</button></p>
    </form>
  </section>`;
}

export interface SeatPageData {
  record: SeatRecord;
  day: string;
  work: OpenWork;
}

/** The seat page; with a posted form that did not check out, the form again with its errors. */
export function seatPage(
  request: FastifyRequest,
  d: SeatPageData,
  opts: { holderForm?: HolderFormState; moved?: number; done?: string; refusal?: Refusal } = {},
): string {
  const l = request.locale;
  const r = d.record;
  const csrf = request.user?.role === 'coordinator' ? request.user.csrfToken : undefined;
  const base = `/admin/seats/${r.seat.slug}`;
  const body = html`<h1>${r.seat.title}${retiredBadge(l, r.seat.retiredOn)}</h1>
    ${opts.moved !== undefined ? html`<p role="status"><strong>${t(l, 'admin.change.done', { tasks: opts.moved })}</strong></p>` : ''}
    ${doneView(l, opts.done)}
    <table>
      ${caption(t(l, 'admin.seat.title'))}
      <tbody>
        <tr>
          <th scope="row">${t(l, 'admin.seat.body')}</th>
          <td><a href="/admin/bodies/${r.body.slug}?lang=${l}">${r.body.name}</a></td>
        </tr>
        <tr>
          <th scope="row">${t(l, 'admin.seat.organisation')}</th>
          <td>${r.organisation.name}</td>
        </tr>
        <tr>
          <th scope="row">${t(l, 'admin.seat.mandate')}</th>
          <td>${tr(l, `mandate.${r.seat.mandate}`)}</td>
        </tr>
        <tr>
          <th scope="row">${t(l, 'admin.seat.key')}</th>
          <td><code>${r.seat.slug}</code></td>
        </tr>
      </tbody>
    </table>
    <h2>${t(l, 'admin.seat.history')}</h2>
    ${holdersTable(l, r.holders, d.day, t(l, 'admin.seat.history'))}
    <h2>${t(l, 'admin.openWork')}</h2>
    ${openWorkView(l, d.work)}
    ${
      csrf && !r.seat.retiredOn
        ? html`${holderChangeForm(l, csrf, r, opts.holderForm)}
          ${formView(l, {
            id: 'seat-edit',
            title: t(l, 'register.edit'),
            action: `${base}?lang=${l}`,
            csrf,
            submit: t(l, 'register.save'),
            refusal: opts.refusal,
            fields: [
              { name: 'title', label: t(l, 'admin.seat.title'), required: true, value: r.seat.title },
              {
                name: 'mandate',
                label: t(l, 'admin.seat.mandate'),
                kind: 'select',
                required: true,
                value: r.seat.mandate,
                options: mandateOptions(l),
              },
            ],
          })}
          ${retireForm(l, csrf, `${base}/retire?lang=${l}`, opts.refusal, t(l, 'register.seat.retireLead'))}
          ${signOutForm(l, csrf, base)}`
        : ''
    }
    ${feedView(l, 'seat', null, { action: `/feeds/seat/${r.seat.slug}/rotate`, csrf: csrf ?? '' })}`;
  return adminPage(request, { title: r.seat.title, path: base, body, json: `/api/admin/seats/${r.seat.slug}` });
}

/** The coordinator ends every session of the seat's holder, say for a lost phone. */
const signOutForm = (l: Locale, csrf: string, base: string) =>
  html`<form method="post" action="${base}/signout?lang=${l}" class="action"><fieldset><legend>${t(l, 'signout.everywhere.button')}</legend>
<p>${t(l, 'signout.holder.lead')}</p><input type="hidden" name="_csrf" value="${csrf}">
<button type="submit" class="danger">${t(l, 'signout.holder.button')}</button></fieldset></form>`;

/** Before a holder change takes effect: who leaves, who comes, and the open work that moves. */
export function holderConfirmPage(
  request: FastifyRequest,
  r: SeatRecord,
  input: NewHolder,
  work: OpenWork,
  sitting: schema.Holder | undefined,
  lastDay: string,
): string {
  const l = request.locale;
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}" />`;
  const body = html`<h1>${t(l, 'admin.change.confirmTitle')}</h1>
    <p>${t(l, 'admin.change.summary', { name: input.name, email: input.email, seat: r.seat.title, from: input.validFrom })}</p>
    ${sitting ? html`<p>${t(l, 'admin.change.previous', { name: sitting.name, to: lastDay })}</p>` : ''}
    ${
      work.tasks.length || work.decisions.length
        ? html`<p>${t(l, 'admin.change.moves', { name: input.name })}</p>
            ${openWorkView(l, work)}`
        : html`<p>${t(l, 'admin.change.movesNothing')}</p>`
    }
    <form method="post" action="/admin/seats/${r.seat.slug}/holder?lang=${l}">
      ${hidden('_csrf', request.user!.csrfToken)}${hidden('name', input.name)}${hidden('email', input.email)}
      ${hidden('locale', input.locale)}${hidden('validFrom', input.validFrom)}${hidden('confirm', '1')}
      <p>
        <button type="submit">${t(l, 'admin.change.confirm')}</button>
        <a href="/admin/seats/${r.seat.slug}?lang=${l}">${t(l, 'admin.change.back')}</a>
      </p>
    </form>`;
  return adminPage(request, { title: t(l, 'admin.change.confirmTitle'), path: `/admin/seats/${r.seat.slug}`, body });
}
