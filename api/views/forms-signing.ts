import { formatInstant } from '../../core/time';
import { t, type Locale } from '../../i18n';
import { html, type SafeHtml } from '../../web/html';
import type { FormPageData } from '../services/forms-read';
import type { Viewer } from './page-reply';

/**
 * The form page's part in signing and reopening: how far the signature has come and the buttons
 * that move it on, and on a submitted version the proposal to open it again.
 */

const signerName = (l: Locale, s: NonNullable<FormPageData['signing']>['signer']) =>
  s ? [s.seat, s.organisation, s.holder].filter(Boolean).join(', ') : t(l, 'form.sign.noSigner');

const post = (v: Viewer, action: string, button: SafeHtml, fields: SafeHtml | '' = '') =>
  html`<form method="post" action="${action}?lang=${v.locale}"><input type="hidden" name="_csrf" value="${v.csrf}">${fields}
<p>${button}</p></form>`;

/** Where the signature stands; for the filler the one button that moves it on. */
export function signingSection(v: Viewer, data: FormPageData): SafeHtml | '' {
  const { signing, form, access } = data;
  if (!signing) return '';
  const l = v.locale;
  const f = form.form;
  const base = `/forms/${f.id}`;
  const latest = signing.latest;
  const at = latest ? formatInstant(latest.at, l) : '';
  const who = latest?.holder ?? latest?.seat ?? '';
  const lines: (SafeHtml | string)[] = [];
  if (f.state === 'awaiting_signature') lines.push(html`<p>${t(l, 'form.sign.waiting', { signer: signerName(l, signing.signer) })}</p>`);
  if (f.state === 'awaiting_signature' && (access === 'edit' || v.coordinator))
    lines.push(
      html`<p class="muted">${t(l, 'form.sign.resendHelp')}</p>`,
      post(v, `${base}/signature-resend`, html`<button type="submit">${t(l, 'form.sign.resend')}</button>`),
    );
  if (latest?.outcome === 'signed' && f.state !== 'draft' && f.state !== 'awaiting_signature')
    lines.push(html`<p>${t(l, 'form.sign.signed', { holder: who, at })}</p>`);
  if (latest?.outcome === 'refused' && f.state === 'draft')
    lines.push(html`<p>${t(l, 'form.sign.refused', { holder: who, at, reason: latest.reason ?? '' })}</p>`);
  if (access === 'edit' && f.state === 'draft' && signing.signer)
    lines.push(
      html`<p class="muted">${t(l, 'form.sign.requestHelp', { signer: signerName(l, signing.signer) })}</p>`,
      post(v, `${base}/signature-request`, html`<button type="submit">${t(l, 'form.sign.request')}</button>`),
    );
  if (access === 'edit' && f.state === 'signed')
    lines.push(
      html`<p class="muted">${t(l, 'form.sign.editVoids')}</p>`,
      post(v, base, html`<button type="submit" name="action" value="submit">${t(l, 'form.sign.submitSigned')}</button>`),
    );
  return lines.length
    ? html`<section aria-labelledby="signing-h"><h2 id="signing-h">${t(l, 'form.sign.heading')}</h2>${lines}</section>`
    : '';
}

/** On a submitted version: the receiving body's or the coordinator's proposal to open it again. */
export function reopenSection(v: Viewer, data: FormPageData, error?: string): SafeHtml | '' {
  if (!data.mayReopen) return '';
  const l = v.locale;
  const fields = html`<p><label for="reopen-question">${t(l, 'form.reopen.question', { body: data.mayReopen })}</label><br>
<textarea id="reopen-question" name="question" rows="4" cols="60" required></textarea></p>
<p><label for="reopen-due">${t(l, 'form.reopen.dueAt')}</label><br><input type="date" id="reopen-due" name="dueAt" required></p>`;
  const button = html`<button type="submit">${t(l, 'form.reopen.send')}</button>`;
  return html`<section aria-labelledby="reopen-h"><h2 id="reopen-h">${t(l, 'form.reopen.heading')}</h2>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}${post(v, `/forms/${data.form.form.id}/reopen`, button, fields)}</section>`;
}

/** Which version this one was reopened as, or which decision reopened it. */
export function reopenNotes(l: Locale, data: FormPageData): SafeHtml[] {
  const f = data.form.form;
  const next = data.versions.find((x) => x.prefilledFromId === f.id && x.reopenedByDecisionId);
  const notes: SafeHtml[] = [];
  if (next) notes.push(html`<p><a href="/forms/${next.id}?lang=${l}">${t(l, 'form.reopen.reopenedAs', { version: next.version })}</a></p>`);
  const by = data.reopenedBy;
  if (by) notes.push(html`<p><a href="/decisions/${by.id}?lang=${l}">${t(l, 'form.reopen.reopenedBy', { decision: by.title })}</a></p>`);
  return notes;
}
