import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { ReportVersionRef } from '../../db/queries/report-handoff';
import type { HandoffView } from '../services/report-handoff';
import { csrfField } from './dashboard';

/**
 * The lägesrapport's versions where work travels: the version a report task's output put forward
 * (on the vote page, the task page and the link page), the report task's choice of a compiled
 * version, and the hand-off task's frozen version with its checksums and receipt.
 */

export const versionStatus = (l: Locale, v: Pick<ReportVersionRef, 'status'>) => t(l, `report.status.${v.status}` as MessageKey);

/** The version page and its files, as the compile step serves them. */
function versionLinks(l: Locale, v: ReportVersionRef): SafeHtml {
  const n = { number: v.number };
  return html`<ul class="version-links">
<li><a href="${v.path}?lang=${l}">${t(l, 'report.version.page', n)}</a></li>
<li><a href="${v.path}/lagesrapport.pdf" download>${t(l, 'report.version.pdf', n)}</a></li>
<li><a href="${v.path}/lagesrapport.docx" download>${t(l, 'report.version.docx', n)}</a></li>
</ul>`;
}

/** "Utkast N" with its status, when it was compiled, its summary and its links: what a voter votes on. */
export function versionCard(l: Locale, v: ReportVersionRef, level: 'h2' | 'h3' | 'h4' = 'h4'): SafeHtml {
  const heading = t(l, 'report.version.heading', { number: v.number, title: v.title });
  const summary = v.summary.trim()
    ? html`<div class="prose">${v.summary}</div>`
    : html`<p class="muted">${t(l, 'report.version.noSummary')}</p>`;
  return html`<section class="report-version" aria-label="${heading}">
${level === 'h2' ? html`<h2>${heading}</h2>` : level === 'h3' ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`}
<dl class="facts">
<dt>${t(l, 'report.version.status')}</dt><dd>${versionStatus(l, v)}</dd>
${v.compiledAt ? html`<dt>${t(l, 'report.version.compiledAt')}</dt><dd>${formatInstant(v.compiledAt, l)}</dd>` : ''}
</dl>
<p><strong>${t(l, 'report.version.summary')}</strong></p>
${summary}
${versionLinks(l, v)}
</section>`;
}

/** The report task's completion on its page: one button per compiled version, newest first, and an optional note. */
export function submitVersionForm(l: Locale, taskId: string, seatId: string, csrf: string, versions: ReportVersionRef[]): SafeHtml {
  const hidden = html`${csrfField(csrf)}<input type="hidden" name="seat" value="${seatId}">`;
  return versionChoice(l, { action: `/tasks/${taskId}/complete?lang=${l}`, hidden, versions });
}

/** The compiled versions to put forward, each with its own button, and a note beside: on the task page and its link page. */
export function versionChoice(l: Locale, f: { action: string; hidden: SafeHtml; versions: ReportVersionRef[] }): SafeHtml {
  const { versions } = f;
  return html`<form method="post" action="${f.action}" class="action"><fieldset>
<legend>${t(l, 'report.submit.legend')}</legend>
${f.hidden}
<p>${t(l, 'report.submit.intro')}</p>
${versions.map((v) => versionCard(l, v))}
<label for="report">${t(l, 'report.submit.comment')}</label>
<textarea id="report" name="report" rows="3"></textarea>
${versions.map(
  (v) =>
    html`<p><button type="submit" name="version" value="${v.number}">${t(l, 'report.submit.button', { number: v.number })}</button></p>`,
)}
</fieldset></form>`;
}

/** The hand-off task's report: the approved version and the button that freezes and sends it, or how it went. */
export function handoffSection(l: Locale, view: HandoffView, csrf: string, coordinator: boolean): SafeHtml {
  const { version: v } = view;
  const body = !v
    ? html`<p>${t(l, 'report.handoff.none')}</p>`
    : html`${versionCard(l, v.ref, 'h3')}
${v.status === 'frozen' ? frozenFacts(l, view) : coordinator && view.open ? handoffForm(l, view, csrf) : ''}`;
  return html`<section aria-labelledby="handoff-heading" class="handoff">
<h2 id="handoff-heading">${t(l, 'report.handoff.heading')}</h2>
${body}
</section>`;
}

function handoffForm(l: Locale, view: HandoffView, csrf: string): SafeHtml {
  const v = view.version!;
  return html`<form method="post" action="${v.ref.path}/hand-off?lang=${l}" class="action"><fieldset>
<legend>${t(l, 'report.handoff.button')}</legend>
${csrfField(csrf)}
<p>${t(l, 'report.handoff.intro', { seat: view.recipient ?? '' })}</p>
<button type="submit">${t(l, 'report.handoff.button')}</button></fieldset></form>`;
}

function frozenFacts(l: Locale, view: HandoffView): SafeHtml {
  const v = view.version!;
  const at = (d: Date | null) => (d ? formatInstant(d, l) : '');
  return html`<p>${t(l, 'report.handoff.sent', { at: at(v.handedOffAt), seat: view.recipient ?? '' })}</p>
<dl class="facts">
<dt>${t(l, 'report.sha.pdf')}</dt><dd><code class="wrap-anywhere">${v.pdfSha256 ?? ''}</code></dd>
<dt>${t(l, 'report.sha.docx')}</dt><dd><code class="wrap-anywhere">${v.docxSha256 ?? ''}</code></dd>
</dl>
<p>${
    v.receiptAt ? t(l, 'report.handoff.received', { at: at(v.receiptAt), name: view.receiptBy ?? '' }) : t(l, 'report.handoff.awaiting')
  }</p>`;
}
