import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/html';
import { t, type Locale } from '../../i18n';
import { FieldRefusal, type FieldIssue } from '../services/register';
import { issueList } from './admin';

/** A form the coordinator sent that did not check out: shown again with its values and errors. */
export interface Refusal {
  form: string;
  values: Record<string, unknown>;
  issues: FieldIssue[];
}

export interface Field {
  name: string;
  label: string;
  kind?: 'text' | 'number' | 'email' | 'date' | 'textarea' | 'select' | 'checkboxes' | 'file';
  /** The file types a file field offers first. */
  accept?: string;
  options?: { value: string; label: string }[];
  value?: string | number | null | string[];
  required?: boolean;
  hint?: string;
}

const idOf = (form: string, name: string) => `${form}-${name.replace(/\./g, '-')}`;
const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : v === undefined || v === null || v === '' ? [] : [String(v)]);

function control(l: Locale, form: string, f: Field, value: unknown, error: FieldIssue | undefined): SafeHtml {
  const id = idOf(form, f.name);
  const described = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = html`${error ? html` aria-invalid="true"` : ''}${described ? html` aria-describedby="${described}"` : ''}`;
  const text = value === undefined || value === null ? '' : String(value);
  switch (f.kind) {
    case 'textarea':
      return html`<textarea id="${id}" name="${f.name}" rows="3" ${f.required ? html` required` : ''}${aria}>${text}</textarea>`;
    case 'select':
      return html`<select id="${id}" name="${f.name}" ${f.required ? html` required` : ''}${aria}>
        <option value="">${t(l, f.required ? 'dash.choose' : 'register.none')}</option>
        ${(f.options ?? []).map((o) => html`<option value="${o.value}" ${o.value === text ? html` selected` : ''}>${o.label}</option>`)}
      </select>`;
    case 'file':
      return html`<input id="${id}" name="${f.name}" type="file" ${f.accept ? html` accept="${f.accept}"` : ''}${aria} />`;
    default: {
      // A date is typed as text: browsers' date pickers differ too much to be announced alike.
      const date = f.kind === 'date' ? html` inputmode="numeric" placeholder="2027-01-01"` : '';
      const type = f.kind === 'date' || !f.kind ? 'text' : f.kind;
      return html`<input id="${id}" name="${f.name}" type="${type}" value="${text}" ${date}${f.required ? html` required` : ''}${aria} />`;
    }
  }
}

function fieldView(l: Locale, form: string, f: Field, values: Record<string, unknown> | undefined, issues: FieldIssue[]): SafeHtml {
  const id = idOf(form, f.name);
  const error = issues.find((i) => i.field === f.name);
  const value = values ? values[f.name] : f.value;
  const hint = f.hint ? html`<br /><span id="${id}-hint" class="muted">${f.hint}</span>` : '';
  const errorText = error ? html`<br /><span id="${id}-error" class="error">${error.message}</span>` : '';
  if (f.kind === 'checkboxes') {
    const chosen = asList(value);
    return html`<fieldset${error ? html` aria-describedby="${id}-error"` : ''}><legend>${f.label}</legend>${(f.options ?? []).map(
      (o, i) =>
        html`<label class="inline-choice"
          ><input type="checkbox" id="${id}-${i}" name="${f.name}" value="${o.value}" ${chosen.includes(o.value) ? html` checked` : ''} />
          ${o.label}</label
        >`,
    )}${errorText}</fieldset>`;
  }
  return html`<p><label for="${id}">${f.label}</label>${hint}<br />${control(l, form, f, value, error)}${errorText}</p>`;
}

/** A form of the register: its fields, and when it was refused, the values sent and each field's error. */
export function formView(
  l: Locale,
  opts: {
    id: string;
    title: string;
    action: string;
    csrf: string;
    submit: string;
    fields: Field[];
    refusal?: Refusal;
    lead?: string;
    /** What a refusal shows beyond its fields' errors, between them and the form: an import's bad rows. */
    detail?: SafeHtml;
    /** A form with a file field posts multipart/form-data. */
    multipart?: boolean;
  },
): SafeHtml {
  const mine = opts.refusal?.form === opts.id ? opts.refusal : undefined;
  const issues = mine?.issues ?? [];
  const labels = new Map(opts.fields.map((f) => [f.name, f.label]));
  return html`<section aria-labelledby="${opts.id}">
    <h2 id="${opts.id}">${opts.title}</h2>
    ${opts.lead ? html`<p>${opts.lead}</p>` : ''}
    ${
      mine
        ? issueList(
            t(l, 'admin.change.errors', { count: issues.length }),
            issues.map((i) => ({ path: i.field, message: i.message })),
            (path) => labels.get(path),
          )
        : ''
    }
    ${mine ? (opts.detail ?? '') : ''}
    <form method="post" action="${opts.action}" ${opts.multipart ? html` enctype="multipart/form-data"` : ''} novalidate>
      <input type="hidden" name="_csrf" value="${opts.csrf}" />
      ${opts.fields.map((f) => fieldView(l, opts.id, f, mine?.values, issues))}
      <p><button type="submit">${opts.submit}</button></p>
    </form>
  </section>`;
}

/** A page form's answer: on success to the page that shows the change; refused, the page again with the form's errors. */
export async function answerForm(
  request: FastifyRequest,
  reply: FastifyReply,
  form: string,
  act: () => Promise<string>,
  again: (r: Refusal) => Promise<string>,
) {
  try {
    return reply.redirect(await act(), 303);
  } catch (err) {
    if (!(err instanceof FieldRefusal)) throw err;
    const body = await again({ form, values: (request.body ?? {}) as Record<string, unknown>, issues: err.issues });
    return reply.status(400).type('text/html; charset=utf-8').send(body);
  }
}

export const sendPage = (reply: FastifyReply, body: string, status = 200) =>
  reply.status(status).type('text/html; charset=utf-8').send(body);

/** The notice after a change: what was done, announced to screen readers. */
export const doneView = (l: Locale, done: string | undefined) =>
  done ? html`<p role="status"><strong>${t(l, `register.done.${done}` as 'register.done.saved')}</strong></p>` : '';

/** The coordinator's CSRF token: only the coordinator is shown the register's forms. */
export const csrfOf = (request: FastifyRequest) => (request.user?.role === 'coordinator' ? request.user.csrfToken : undefined);
export const retiredBadge = (l: Locale, on: string | null) =>
  on ? html` <span class="badge">${t(l, 'register.retiredOn', { on })}</span>` : '';

/** Seeded to show a programme's shape, not a real party or body: said beside its name wherever it is listed. */
export const exampleBadge = (l: Locale, example: boolean) =>
  example ? html` <strong class="tag">${t(l, 'overview.example')}</strong>` : '';

/** The form to retire something: a day, today when left empty. */
export const retireForm = (l: Locale, csrf: string, action: string, refusal: Refusal | undefined, lead: string) =>
  formView(l, {
    id: 'retire',
    title: t(l, 'register.retire.title'),
    lead,
    action,
    csrf,
    submit: t(l, 'register.retire.submit'),
    refusal,
    fields: [{ name: 'on', label: t(l, 'register.retire.on'), kind: 'date', hint: t(l, 'register.retire.hint') }],
  });

export const periodFields = (l: Locale, from?: number, to?: number): Field[] => [
  { name: 'periodStart', label: t(l, 'register.periodStart'), kind: 'number', required: true, value: from },
  { name: 'periodEnd', label: t(l, 'register.periodEnd'), kind: 'number', required: true, value: to },
];
export const keyField = (l: Locale): Field => ({ name: 'slug', label: t(l, 'register.key'), hint: t(l, 'register.keyHint') });
