import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { reportDocumentHtml } from '../../web/report-html';
import { t, type Locale } from '../../i18n';
import type { ReportVersion } from '../../db/schema';
import type { CycleRef, VersionSummary } from '../services/report-compile';

/**
 * A version of the lägesrapport as a page: while the worker compiles it, how far it has come
 * (the page reloads itself, as pages carry no script); once compiled, the document itself, ready
 * to print, with its PDF and Word files; failed, why.
 */

export interface VersionView {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
}

const back = (l: Locale, ref: CycleRef) =>
  html`<p class="noprint"><a href="/cycles/${ref.definition}/${ref.year}?lang=${l}">${t(l, 'report.page.back')}</a></p>`;

function progress(l: Locale, s: VersionSummary) {
  const words = t(l, 'report.page.progress', { done: s.progress.done, total: s.progress.total });
  return html`<p><label for="compile-progress">${words}</label></p>
    <progress id="compile-progress" max="${s.progress.total}" value="${s.progress.done}">${words}</progress>
    <p class="muted">${t(l, 'report.page.refreshes')}</p>`;
}

function files(l: Locale, s: VersionSummary) {
  return html`<nav class="noprint" aria-label="${t(l, 'report.page.files')}">
    <ul>
      <li><a href="${s.links.pdf}" download>${t(l, 'report.page.pdf')}</a>
        <br /><span class="small break-all">${t(l, 'report.page.sha', { sha: s.pdfSha256 ?? '' })}</span></li>
      <li><a href="${s.links.docx}" download>${t(l, 'report.page.docx')}</a>
        <br /><span class="small break-all">${t(l, 'report.page.sha', { sha: s.docxSha256 ?? '' })}</span></li>
    </ul>
  </nav>`;
}

export function versionPage(l: Locale, ref: CycleRef, v: ReportVersion, s: VersionSummary): VersionView {
  const title = t(l, 'report.page.title', { number: v.number });
  if (v.status === 'compiling') {
    return {
      title,
      head: html`<meta http-equiv="refresh" content="2">`,
      body: html`${back(l, ref)}<h1>${t(l, 'report.page.compiling', { number: v.number })}</h1>${progress(l, s)}`,
    };
  }
  if (v.status === 'failed' || !v.document) {
    return {
      title,
      body: html`${back(l, ref)}<h1>${title}</h1>
        <p role="alert">${t(l, 'report.page.failed', { failure: t(l, 'report.failure.generic') })}</p>
        ${v.failure ? html`<p class="muted break-all">${v.failure}</p>` : ''}`,
    };
  }
  const compiled = v.compiledAt ? html`<p class="muted noprint">${formatInstant(v.compiledAt, l)}</p>` : '';
  return { title, body: html`${back(l, ref)}${compiled}${files(l, s)}${reportDocumentHtml(l, v.document)}` };
}
