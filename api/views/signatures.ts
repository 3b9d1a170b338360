import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale } from '../../i18n';
import type { ShownField } from '../services/signatures';
import type { SignLinkView } from '../services/signature-links';
import { linkFields, linkPage, otherNotice, type SignedInAs } from './link-pages';

/** What a signer reads and the two answers: sign, or refuse with a reason. Pages, the link and the step's table. */

function fieldList(fields: ShownField[]): SafeHtml {
  return html`<dl class="facts">${fields.map(
    (f) =>
      html`<dt>${f.label}</dt><dd>${
        f.rows
          ? f.rows.length
            ? html`<ol>${f.rows.map((row) => html`<li>${fieldList(row)}</li>`)}</ol>`
            : '—'
          : html`<span class="pre-wrap">${f.value ?? ''}</span>`
      }</dd>`,
  )}</dl>`;
}

const shaLine = (l: Locale, sha: string) => html`<p>${t(l, 'sign.sha')}: <code class="wrap-anywhere">${sha}</code></p>`;

/** The content signed: a form's every field and value, or a signature step's text, and its hash. */
export function signedContent(l: Locale, view: SignLinkView): SafeHtml {
  if (view.kind === 'task')
    return html`<section aria-labelledby="content-heading"><h2 id="content-heading">${t(l, 'sign.text')}</h2>
<blockquote class="pre-wrap">${view.task.text}</blockquote>${shaLine(l, view.task.contentSha256)}</section>`;
  const f = view.form;
  return html`<section aria-labelledby="content-heading"><h2 id="content-heading">${t(l, 'sign.content', { version: f.version })}</h2>
${fieldList(f.fields)}${shaLine(l, f.contentSha256)}</section>`;
}

const awaits = (view: SignLinkView) => (view.kind === 'task' ? view.task.status === 'open' : view.form.awaiting);
const shaOf = (view: SignLinkView) => (view.kind === 'task' ? view.task.contentSha256 : view.form.contentSha256);

/** Sign, or refuse with a reason (required): two forms, each carrying the hash the signer read. */
export function signForms(l: Locale, action: string, view: SignLinkView, fields: SafeHtml): SafeHtml {
  if (!awaits(view)) return html`<p class="flash">${t(l, 'sign.notAwaitingNow')}</p>`;
  const sha = html`<input type="hidden" name="contentSha256" value="${shaOf(view)}">`;
  return html`<form method="post" action="${action}">${fields}${sha}<input type="hidden" name="outcome" value="signed">
<p><button type="submit">${t(l, 'sign.sign')}</button></p></form>
<form method="post" action="${action}">${fields}${sha}<input type="hidden" name="outcome" value="refused">
<p><label for="reason">${t(l, 'sign.reason')}</label><br><textarea id="reason" name="reason" rows="4" cols="60" required></textarea></p>
<p><button type="submit">${t(l, 'sign.refuse')}</button></p></form>`;
}

const titleOf = (l: Locale, view: SignLinkView) =>
  t(l, 'sign.title', { title: view.kind === 'task' ? view.task.title : `${view.form.title} ${view.form.year}` });

const alertOf = (error?: string) => (error ? html`<p role="alert" class="error"><strong>${error}</strong></p>` : '');

/** The mailed link's page. */
export function signLinkPage(l: Locale, path: string, view: SignLinkView, csrf: string, error?: string, other?: SignedInAs): string {
  const title = titleOf(l, view);
  return linkPage(
    l,
    path,
    title,
    html`<h1>${title}</h1>
${otherNotice(l, other)}
<p>${t(l, 'sign.intro')}</p>
${signedContent(l, view)}
${alertOf(error)}
${signForms(l, path, view, linkFields(l, csrf, other))}`,
  );
}

/** The signed-in page of a form's signer or a signature task's seat; only the signer gets the forms. */
export function signPageBody(l: Locale, action: string, view: SignLinkView, csrf: string, signs: boolean, error?: string) {
  const fields = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  return {
    title: titleOf(l, view),
    body: html`<h1>${titleOf(l, view)}</h1>
<p>${t(l, 'sign.intro')}</p>
${signedContent(l, view)}
${alertOf(error)}
${signs ? signForms(l, action, view, fields) : html`<p>${t(l, 'sign.readOnly')}</p>`}`,
  };
}

export type StepSignatures = {
  title: string;
  text: string;
  contentSha256: string;
  rows: {
    taskId: string;
    organisation: string;
    status: string;
    signed?: { holder: string; at: Date; contentSha256: string };
    refusals: { holder: string; at: Date; reason: string }[];
  }[];
  joining: { seat: string; organisation: string }[];
};

function signatureCell(l: Locale, row: StepSignatures['rows'][number]): SafeHtml {
  if (!row.signed) return html`${t(l, 'sign.notYet')}`;
  const who = t(l, 'sign.signedBy', { name: row.signed.holder, at: formatInstant(row.signed.at, l) });
  return html`${who}<br><code class="wrap-anywhere">${row.signed.contentSha256}</code>`;
}

const refusalItem = (l: Locale, x: StepSignatures['rows'][number]['refusals'][number]) =>
  html`<li>${t(l, 'sign.refusedBy', { name: x.holder, at: formatInstant(x.at, l) })}: <span class="pre-wrap">${x.reason}</span></li>`;

/** A signature step's page: who has signed for each organisation, the refusals and their reasons, and who is not yet asked. */
export function stepSignaturesBody(l: Locale, action: string, s: StepSignatures, coordinator: boolean, csrf: string, error?: string) {
  const title = t(l, 'sign.step.title', { title: s.title });
  const ask = (j: StepSignatures['joining'][number]) =>
    coordinator
      ? html`<form method="post" action="${action}"><input type="hidden" name="_csrf" value="${csrf}">
<input type="hidden" name="seat" value="${j.seat}">
<button type="submit">${t(l, 'sign.ask', { organisation: j.organisation })}</button></form>`
      : '';
  return {
    title,
    body: html`<h1>${title}</h1>
<details><summary>${t(l, 'sign.text')}</summary><blockquote class="pre-wrap">${s.text}</blockquote></details>
${shaLine(l, s.contentSha256)}
${alertOf(error)}
<table><caption>${t(l, 'sign.step.caption')}</caption>
<thead><tr><th scope="col">${t(l, 'sign.col.organisation')}</th><th scope="col">${t(l, 'sign.col.signature')}</th>
<th scope="col">${t(l, 'sign.col.refusals')}</th></tr></thead>
<tbody>${s.rows.map(
      (r) =>
        html`<tr><th scope="row"><a href="/tasks/${r.taskId}/sign">${r.organisation}</a></th><td>${signatureCell(l, r)}</td>
<td>${r.refusals.length ? html`<ul>${r.refusals.map((x) => refusalItem(l, x))}</ul>` : '—'}</td></tr>`,
    )}</tbody></table>
${
  s.joining.length ? html`<h2>${t(l, 'sign.joining')}</h2><ul>${s.joining.map((j) => html`<li>${j.organisation} ${ask(j)}</li>`)}</ul>` : ''
}`,
  };
}

/** A refusal where no signing page is at hand (the form page's request for a signature). */
export const signPageError = (l: Locale, message: string, back: string) =>
  html`<h1>${t(l, 'sign.refusedTitle')}</h1>${alertOf(message)}<p><a href="${back}">${t(l, 'sign.back')}</a></p>`;

/** What the reader just did, confirmed above the page. */
export const withDone = (l: Locale, done: 'signed' | 'refused' | undefined, body: SafeHtml) =>
  done ? html`<p class="flash" role="status">${t(l, done === 'signed' ? 'sign.done.signed' : 'sign.done.refused')}</p>${body}` : body;
