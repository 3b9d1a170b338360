import { html } from '../../web/html';
import { t, type Locale } from '../../i18n';
import type { ReceiptView } from '../services/report-receipt';
import { linkFields, linkPage, otherNotice, type SignedInAs } from './link-pages';
import { versionCard } from './report-handoff';

/** The receipt link's page: the version handed off, its checksums, and the one button that confirms receipt. */
export function receiptPage(l: Locale, path: string, view: ReceiptView, csrf: string, error?: string, other?: SignedInAs): string {
  const title = t(l, 'report.receipt.title', { title: view.title });
  const alert = error ? html`<p role="alert" class="error"><strong>${error}</strong></p>` : '';
  return linkPage(
    l,
    path,
    title,
    html`<h1>${title}</h1>
<p class="muted">${view.seat}</p>
${otherNotice(l, other)}
<p>${t(l, 'report.receipt.intro', { number: view.number, seat: view.seat })}</p>
${versionCard(l, view.version, 'h2')}
<dl class="facts">
<dt>${t(l, 'report.sha.pdf')}</dt><dd><code class="wrap-anywhere">${view.pdfSha256}</code></dd>
<dt>${t(l, 'report.sha.docx')}</dt><dd><code class="wrap-anywhere">${view.docxSha256}</code></dd>
</dl>
${alert}
<form method="post" action="${path}">${linkFields(l, csrf, other)}
<p><button type="submit">${t(l, 'report.receipt.button')}</button></p></form>`,
  );
}
