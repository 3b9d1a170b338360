import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { reportDocumentHtml } from '../../web/report-html';
import { PROGRESS_SCRIPT_PATH } from '../../web/assets';
import { t, type Locale } from '../../i18n';
import type { ReportVersion } from '../../db/schema';
import type { CommentRow } from '../../db/queries/reports';
import { sectionComments } from './report-review';
import type { CycleRef, VersionSummary } from '../services/report-compile';

/**
 * A version of the lägesrapport as a page: while the worker compiles it, how far it has come
 * (followed by the page's one script, or reloaded by hand); once compiled, the document itself, ready
 * to print, with its PDF and Word files; failed, why.
 */

export interface VersionView {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
}

const back = (l: Locale, ref: CycleRef) =>
  html`<p class="noprint"><a href="/cycles/${ref.definition}/${ref.year}?lang=${l}">${t(l, 'report.page.back')}</a></p>`;

/** The bar follows the JSON status through the page's one script; without it, the link reloads by hand. */
function progress(l: Locale, ref: CycleRef, s: VersionSummary) {
  const words = t(l, 'report.page.progress', { done: s.progress.done, total: s.progress.total });
  const template = t(l, 'report.page.progress', { done: '{done}', total: '{total}' });
  const json = `/api/cycles/${ref.definition}/${ref.year}/report/versions/${s.number}`;
  const stalled = s.stalled ? html`<p class="error" role="alert">${t(l, 'report.page.stalled')}</p>` : '';
  return html`${stalled}<p id="compile-words" role="status">${words}</p>
    <progress aria-label="${t(l, 'report.page.progressLabel')}" aria-describedby="compile-words" max="${s.progress.total}"
      value="${s.progress.done}" data-status-url="${json}" data-words="${template}">${words}</progress>
    <p class="muted">${t(l, 'report.page.refreshes')} <a href="${s.links.page}?lang=${l}">${t(l, 'report.page.reload')}</a></p>`;
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

/** Under each section, what the samordningsgrupp's review said of it, and the way to say more. */
const reviewOf = (l: Locale, s: VersionSummary, comments: CommentRow[]) => (section: string) =>
  html`<aside class="noprint review" aria-label="${t(l, 'report.page.comments')}">
    ${sectionComments(l, comments, section)}
    <p><a href="${s.links.page}/comments?lang=${l}#comment-${section}">${t(l, 'report.page.comment')}</a></p>
  </aside>`;

export function versionPage(l: Locale, ref: CycleRef, v: ReportVersion, s: VersionSummary, comments: CommentRow[] = []): VersionView {
  const title = t(l, 'report.page.title', { number: v.number });
  if (v.status === 'compiling') {
    return {
      title,
      head: html`<script src="${PROGRESS_SCRIPT_PATH}" defer></script>`,
      body: html`${back(l, ref)}<h1>${t(l, 'report.page.compiling', { number: v.number })}</h1>${progress(l, ref, s)}`,
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
  const document = reportDocumentHtml(l, v.document, { afterSection: reviewOf(l, s, comments) });
  return { title, body: html`${back(l, ref)}${compiled}${files(l, s)}${document}` };
}
