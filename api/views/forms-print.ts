import { countChars, type FormField, type FormValues, type LeafField } from '../../core/form-fields';
import { t, type Locale } from '../../i18n';
import { formatInstant } from '../../core/time';
import { html, type SafeHtml } from '../../web/html';
import { STYLESHEET } from '../../web/assets';
import type { FormPageData } from '../services/forms-read';
import type { formChanges } from '../services/forms-read';

/** A form as read, not filled in: the print view, the read-only page, and who changed what. */

function leafValue(l: Locale, field: LeafField | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return t(l, 'form.page.empty');
  if (typeof value === 'boolean') return t(l, value ? 'form.page.yes' : 'form.page.no');
  if (typeof value === 'object') return (value as { name?: string }).name ?? t(l, 'form.page.empty');
  if (field?.kind === 'choice') return field.options.find((o) => o.value === value)?.label[l] ?? String(value);
  if (typeof value === 'number') return new Intl.NumberFormat(l).format(value);
  return String(value);
}

/** A limited text's count as the template means it, so the printed form and the PDF say what the page said. */
function leafItem(l: Locale, field: LeafField, value: unknown): SafeHtml {
  const limited = (field.kind === 'text' || field.kind === 'longText') && typeof value === 'string' && value !== '';
  const count = limited ? html`<dd class="hint">${t(l, 'form.page.count', { count: countChars(value), max: field.maxChars })}</dd>` : '';
  return html`<dt>${field.label[l]}</dt><dd class="pre-wrap">${leafValue(l, field, value)}</dd>${count}`;
}

export function readOnlyValues(l: Locale, fields: FormField[], values: FormValues): SafeHtml {
  const items = fields.map((f) => {
    const value = values[f.key];
    if (f.kind !== 'group') return leafItem(l, f, value);
    const rows = Array.isArray(value) ? value : [];
    const inner = rows.map(
      (row, i) => html`<h3>${t(l, 'form.page.row', { row: i + 1 })}</h3><dl>${f.fields.map((g) => leafItem(l, g, row[g.key]))}</dl>`,
    );
    return html`<dt>${f.label[l]}</dt><dd>${rows.length ? inner : t(l, 'form.page.empty')}</dd>`;
  });
  return html`<dl class="facts">${items}</dl>`;
}

export function meta(l: Locale, data: FormPageData) {
  const f = data.form.form;
  const state = t(l, `form.state.${f.state}` as never);
  return t(l, 'form.page.meta', {
    organisation: data.form.organisation ?? data.form.seatTitle,
    year: data.form.year,
    version: f.version,
    state,
  });
}

/** What prints: the form's title, whose it is, and every field's value; no buttons. */
export function formPrintPage(l: Locale, data: FormPageData): SafeHtml {
  const f = data.form.form;
  return html`<p class="noprint"><a href="/forms/${f.id}?lang=${l}">${t(l, 'form.page.backToForm')}</a></p>
<h1>${data.form.title}</h1>
<p>${meta(l, data)}</p>
${f.submittedAt ? html`<p>${t(l, 'form.state.submitted')}: ${formatInstant(f.submittedAt, l)}</p>` : ''}
${readOnlyValues(l, data.form.step.fields, f.values)}`;
}

/** The print view as a page of its own, the stylesheet inlined, for Chromium to print as PDF. */
export function standaloneFormHtml(l: Locale, data: FormPageData): string {
  return `<!doctype html>${html`<html lang="${l}">
<head><meta charset="utf-8"><title>${data.form.title}</title></head>
<body class="print-only"><main>${formPrintPage(l, data)}</main></body>
</html>`}`.replace('</head>', () => `<style>${STYLESHEET.replace(/<\/style/gi, '<\\/style')}</style></head>`);
}

type Changes = Awaited<ReturnType<typeof formChanges>>;

export function formChangesPage(l: Locale, data: Changes): SafeHtml {
  const f = data.form.form;
  const field = (path: string) => {
    const [key, , sub] = path.split('.');
    const top = data.form.step.fields.find((x) => x.key === key);
    return top?.kind === 'group' ? top.fields.find((g) => g.key === sub) : (top as LeafField | undefined);
  };
  const rows = data.changes.map(
    (c) => html`<tr><td>${c.label}</td><td class="pre-wrap">${leafValue(l, field(c.path), c.before)}</td>
<td class="pre-wrap">${leafValue(l, field(c.path), c.after)}</td><td>${c.holder ?? c.seat ?? ''}</td>
<td>${formatInstant(new Date(c.at), l)}</td></tr>`,
  );
  const table = html`<div class="table-scroll"><table><thead><tr><th scope="col">${t(l, 'form.page.col.field')}</th>
<th scope="col">${t(l, 'form.page.col.before')}</th><th scope="col">${t(l, 'form.page.col.after')}</th>
<th scope="col">${t(l, 'form.page.col.who')}</th><th scope="col">${t(l, 'form.page.col.when')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  return html`<p><a href="/forms/${f.id}?lang=${l}">${t(l, 'form.page.backToForm')}</a></p>
<h1>${t(l, 'form.page.changesTitle', { title: data.form.title })}</h1>
${data.changes.length ? table : html`<p>${t(l, 'form.page.noChanges')}</p>`}`;
}
