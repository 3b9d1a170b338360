import { countChars, type FormField, type FormProblem, type LeafField } from '../../core/form-fields';
import { t, type Locale } from '../../i18n';
import { html, type SafeHtml } from '../../web/html';
import { FORM_COUNTER_PATH, FORM_SHOW_IF_PATH } from '../../web/assets';
import type { FormPageData } from '../services/forms-read';
import { meta, readOnlyValues } from './forms-print';
import type { Viewer } from './page-reply';
import { reopenNotes, reopenSection, signingSection } from './forms-signing';

/**
 * A seat's form: every field with its label and help, limits counted as the server counts them,
 * each problem beside its field and in a summary at the top. Works without script; the counter
 * script only updates the count while typing, and the showIf script only hides what does not apply.
 */

type Raw = Record<string, unknown>;
const idOf = (path: string) => `f-${path.replace(/\./g, '-')}`;
const asText = (v: unknown) => (v === undefined || v === null || typeof v === 'object' ? '' : String(v));

export interface FormPageState {
  /** What was posted, shown again when it could not be saved. */
  values?: Raw;
  problems?: FormProblem[];
  /** A group the reader asked to add a row to. */
  addRow?: string;
  error?: string;
  /** Why a proposal to reopen was refused. */
  reopenError?: string;
}

export const formHead = html`<script src="${FORM_COUNTER_PATH}" defer></script>
<script src="${FORM_SHOW_IF_PATH}" defer></script>`;

export function formPage(v: Viewer, data: FormPageData, state: FormPageState = {}): SafeHtml {
  const l = v.locale;
  const { form, access } = data;
  const f = form.form;
  const editable = access === 'edit' && ['draft', 'awaiting_signature', 'signed'].includes(f.state);
  const values = state.values ?? (f.values as Raw);
  const problems = new Map((state.problems ?? []).map((p) => [p.field, p.message]));
  const base = `/forms/${f.id}`;
  return html`<h1>${form.title}</h1>
<p>${meta(l, data)}</p>
${done(l, v.done)}${state.error ? html`<div class="flash error" role="alert"><p>${state.error}</p></div>` : ''}
${summary(l, state.problems ?? [])}
${f.prefilledFromId && f.version === 1 ? html`<p class="muted">${t(l, 'form.page.prefilled')}</p>` : ''}
${reopenNotes(l, data)}
${
  editable
    ? html`<form method="post" action="${base}?lang=${l}" novalidate>
<input type="hidden" name="_csrf" value="${v.csrf}">
<p><button type="submit" name="action" value="save">${t(l, 'form.page.save')}</button></p>
${form.step.fields.map((field) => fieldHtml(l, field, form.step.fields, values, problems, state.addRow))}
<p><button type="submit" name="action" value="save">${t(l, 'form.page.save')}</button>${
        form.step.signedBy
          ? ''
          : html`
<button type="submit" name="action" value="submit">${t(l, 'form.page.submit')}</button>`
      }</p>
</form>${uploadForms(l, v.csrf, base, form.step.fields)}`
    : html`<p class="muted">${t(l, 'form.page.readOnly')}</p>${readOnlyValues(l, form.step.fields, f.values)}`
}
${signingSection(v, data)}${reopenSection(v, data, state.reopenError)}
<ul class="compact-list">
<li><a href="${base}/print?lang=${l}">${t(l, 'form.page.print')}</a></li>
<li><a href="${base}.pdf?lang=${l}">${t(l, 'form.page.pdf')}</a></li>
<li><a href="${base}/changes?lang=${l}">${t(l, 'form.page.changes')}</a></li>
<li><a href="/api/forms/${f.id}">${t(l, 'form.page.json')}</a></li>
${f.taskId ? html`<li><a href="/tasks/${f.taskId}?lang=${l}">${t(l, 'form.page.task')}</a></li>` : ''}
</ul>
${versionList(l, data)}`;
}

/** One upload form per attachment field, which the field's file input and button name. */
function uploadForms(l: Locale, csrf: string, base: string, fields: FormField[]) {
  return fields
    .filter((f) => f.kind === 'attachment')
    .map(
      (f) => html`<form id="u-${f.key}" method="post" action="${base}/files/${f.key}?lang=${l}" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${csrf}"></form>`,
    );
}

function done(l: Locale, what?: string) {
  if (what === 'saved') return html`<div class="flash" role="status"><p>${t(l, 'form.page.saved')}</p></div>`;
  if (what === 'submitted') return html`<div class="flash" role="status"><p>${t(l, 'form.page.submittedDone')}</p></div>`;
  if (what === 'resent') return html`<div class="flash" role="status"><p>${t(l, 'form.sign.resent')}</p></div>`;
  return '';
}

function summary(l: Locale, problems: FormProblem[]) {
  if (!problems.length) return '';
  const items = problems.map((p) => html`<li><a href="#${idOf(p.field)}">${p.message}</a></li>`);
  return html`<div class="flash error" role="alert"><p><strong>${t(l, 'form.page.problems')}</strong></p><ul>${items}</ul></div>`;
}

function versionList(l: Locale, data: FormPageData) {
  if (data.versions.length < 2) return '';
  const items = data.versions.map(
    (x) =>
      html`<li>${
        x.id === data.form.form.id
          ? html`<span aria-current="page">${x.version}</span>`
          : html`<a href="/forms/${x.id}?lang=${l}">${x.version}</a>`
      }: ${t(l, `form.state.${x.state}` as never)}</li>`,
  );
  return html`<h2>${t(l, 'form.page.versions')}</h2><ul>${items}</ul>`;
}

function fieldHtml(l: Locale, field: FormField, level: FormField[], values: Raw, problems: Map<string, string>, addRow?: string): SafeHtml {
  const path = field.key;
  const note = field.showIf ? html`<p class="muted">${showIfNote(l, field, level)}</p>` : '';
  if (field.kind === 'group') return conditional(field, '', groupHtml(l, field, values[field.key], path, problems, addRow, note));
  return conditional(field, '', leafHtml(l, field, values[field.key], path, problems.get(path), note, field.label[l]));
}

/** A field that applies only on an earlier field's value names that field's control, for the showIf script. */
function conditional(field: FormField, prefix: string, inner: SafeHtml): SafeHtml {
  if (!field.showIf) return inner;
  const { field: key, equals } = field.showIf;
  return html`<div data-show-if="${idOf(prefix + key)}" data-show-if-equals="${JSON.stringify(equals)}">${inner}</div>`;
}

/** Without script every field shows; a note says when a field applies. */
function showIfNote(l: Locale, field: FormField, level: FormField[]) {
  const { field: key, equals } = field.showIf!;
  const target = level.find((f) => f.key === key);
  const option = target?.kind === 'choice' ? target.options.find((o) => o.value === equals)?.label[l] : undefined;
  const value = option ?? (typeof equals === 'boolean' ? t(l, equals ? 'form.page.yes' : 'form.page.no') : String(equals));
  return t(l, 'form.page.showIf', { field: target?.label[l] ?? key, value });
}

function groupHtml(
  l: Locale,
  field: Extract<FormField, { kind: 'group' }>,
  raw: unknown,
  path: string,
  problems: Map<string, string>,
  addRow: string | undefined,
  note: SafeHtml | '',
) {
  const rows = Array.isArray(raw) ? (raw as Raw[]) : [];
  const shown = Math.min(field.maxRows, Math.max(field.minRows, rows.length + (addRow === field.key ? 1 : 0), 1));
  const error = problems.get(path);
  const fieldsets = Array.from({ length: shown }, (_, i) => {
    const row = rows[i] ?? {};
    const cells = field.fields.map((g) =>
      conditional(
        g,
        `${path}.${i}.`,
        leafHtml(l, g, row[g.key], `${path}.${i}.${g.key}`, problems.get(`${path}.${i}.${g.key}`), '', g.label[l]),
      ),
    );
    return html`<fieldset><legend>${t(l, 'form.page.row', { row: i + 1 })}</legend>${cells}
<p><input type="checkbox" id="${idOf(`remove.${path}.${i}`)}" name="remove.${field.key}.${i}" value="on">
<label for="${idOf(`remove.${path}.${i}`)}">${t(l, 'form.page.removeRow', { row: i + 1 })}</label></p>
</fieldset>`;
  });
  const add =
    shown < field.maxRows
      ? html`<p><button type="submit" name="action" value="add:${field.key}">${t(l, 'form.page.addRow')}</button></p>`
      : '';
  return html`<fieldset id="${idOf(path)}"${error ? html` aria-describedby="e-${idOf(path)}"` : ''}>
<legend>${field.label[l]}${field.required ? html` (${t(l, 'form.page.required')})` : ''}</legend>${note}${help(l, field, path)}
${error ? html`<p class="error" id="e-${idOf(path)}">${error}</p>` : ''}${fieldsets}${add}</fieldset>`;
}

const help = (l: Locale, field: FormField, path: string) =>
  field.help ? html`<p class="muted" id="h-${idOf(path)}">${field.help[l]}</p>` : '';

function leafHtml(l: Locale, field: LeafField, raw: unknown, path: string, error: string | undefined, note: SafeHtml | '', label: string) {
  const id = idOf(path);
  const name = `v.${path}`;
  const counted = field.kind === 'text' || field.kind === 'longText';
  const described = [field.help && `h-${id}`, counted && `c-${id}`, error && `e-${id}`].filter(Boolean).join(' ');
  const invalid = error ? html` aria-invalid="true"` : '';
  const attrs = html` id="${id}" name="${name}"${described ? html` aria-describedby="${described}"` : ''}${invalid}`;
  const required = field.required ? html` (${t(l, 'form.page.required')})` : '';
  const labelHtml = html`<label for="${id}">${label}${required}</label>`;
  const value = asText(raw);
  let control: SafeHtml;
  switch (field.kind) {
    case 'text':
    case 'longText':
      control = html`${
        field.kind === 'text'
          ? html`<input type="text"${attrs} value="${value}" data-max="${field.maxChars}">`
          : html`<textarea${attrs} rows="8" data-max="${field.maxChars}">${value}</textarea>`
      }
<p class="muted counter" id="c-${id}" data-template="${t(l, 'form.page.count', { count: '{count}', max: '{max}' })}">${t(
        l,
        'form.page.count',
        {
          count: countChars(value),
          max: field.maxChars,
        },
      )}</p>`;
      break;
    case 'email':
      control = html`<input type="email" autocomplete="email"${attrs} value="${value}">`;
      break;
    case 'number':
      control = html`<input type="text" inputmode="decimal"${attrs} value="${value}">`;
      break;
    case 'date':
      control = html`<input type="date"${attrs} value="${value}">`;
      break;
    case 'choice':
      control = html`<select${attrs}><option value="">${t(l, 'form.page.choose')}</option>${field.options.map(
        (o) => html`<option value="${o.value}"${o.value === value ? ' selected' : ''}>${o.label[l]}</option>`,
      )}</select>`;
      break;
    case 'tick':
      return html`<div>${note}<input type="checkbox"${attrs} value="on"${raw === true || raw === 'on' ? ' checked' : ''}> ${labelHtml}
${help(l, field, path)}${error ? html`<p class="error" id="e-${id}">${error}</p>` : ''}</div>`;
    case 'attachment': {
      const file = raw && typeof raw === 'object' ? (raw as { id?: string; name?: string }) : undefined;
      const fileName = file?.name ? html`<a href="/api/attachments/${file.id ?? ''}">${file.name}</a>` : t(l, 'form.page.noAttachment');
      // The file input belongs to the field's own upload form, placed after this one: forms do not nest.
      const upload =
        path === field.key
          ? html`<p><label for="${id}-file">${t(l, 'form.page.uploadLabel', { label })}</label>
<input type="file" id="${id}-file" name="file" form="u-${field.key}" accept="${field.accept.join(',')}"${
              described ? html` aria-describedby="${described}"` : ''
            }>
<button type="submit" form="u-${field.key}">${t(l, 'form.page.upload')}</button></p>`
          : '';
      return html`<div>${note}<p id="${id}"><strong>${label}</strong>${required}: ${fileName}</p>${help(l, field, path)}
${error ? html`<p class="error" id="e-${id}">${error}</p>` : ''}${upload}</div>`;
    }
  }
  return html`<div>${labelHtml}${note}${help(l, field, path)}${error ? html`<p class="error" id="e-${id}">${error}</p>` : ''}
${control}</div>`;
}
