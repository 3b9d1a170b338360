import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale } from '../../i18n';
import type { CommentRow } from '../../db/queries/reports';
import { reportPath } from '../services/report-drafts';
import type { IndicatorChange, MeasureChange, ReportDiff, VersionComments } from '../services/report-review';
import { csrfField } from './dashboard';
import { diffBlock } from './outputs';
import { hasChanges } from '../../core/line-diff';

/** Reviewing the lägesrapport: one version against another, and the samordningsgrupp's comments per section. */

const backLink = (l: Locale, ref: ReportDiff['scope']['ref']) =>
  html`<p><a href="${reportPath(ref)}?lang=${l}">${t(l, 'review.editorTitle', { year: ref.year })}</a></p>`;

const followUpWord = (l: Locale, s: MeasureChange['before']) =>
  s === undefined ? t(l, 'review.absent') : s === null ? t(l, 'report.status.none') : t(l, `fu.status.${s}`);
const targetWord = (l: Locale, s: IndicatorChange['before']) => (s === undefined ? t(l, 'review.absent') : t(l, `ind.status.${s}`));

/** A table of what moved between the versions: one row per item, its status in each. */
function changeTable(l: Locale, d: ReportDiff, caption: string, heads: string[], rows: string[][]): SafeHtml {
  const cols = [...heads, t(l, 'review.col.before', { number: d.from }), t(l, 'review.col.after', { number: d.to })];
  return html`<table><caption class="visually-hidden">${caption}</caption>
<thead><tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}

function measureTable(l: Locale, d: ReportDiff): SafeHtml {
  if (!d.measures.length) return html`<p class="muted">${t(l, 'review.noMeasureChanges')}</p>`;
  const heads = [t(l, 'review.col.measure'), t(l, 'review.col.organisation')];
  const rows = d.measures.map((m) => [`${m.code} ${m.title}`, m.organisation, followUpWord(l, m.before), followUpWord(l, m.after)]);
  return changeTable(l, d, t(l, 'review.diffMeasures'), heads, rows);
}

function indicatorTable(l: Locale, d: ReportDiff): SafeHtml {
  if (!d.indicators.length) return html`<p class="muted">${t(l, 'review.noIndicatorChanges')}</p>`;
  const rows = d.indicators.map((i) => [i.name, targetWord(l, i.before), targetWord(l, i.after)]);
  return changeTable(l, d, t(l, 'review.diffIndicators'), [t(l, 'review.col.indicator')], rows);
}

export const diffTitle = (l: Locale, d: ReportDiff) => t(l, 'review.diffTitle', { from: d.from, to: d.to });

/** What changed from one version to another, the analysis section by section and then the statuses. */
export function reportDiffPage(l: Locale, d: ReportDiff): SafeHtml {
  const changedSections = d.sections.filter((s) => hasChanges(s.lines));
  const same = d.sections.filter((s) => !hasChanges(s.lines));
  return html`<h1>${diffTitle(l, d)}</h1>
${backLink(l, d.scope.ref)}
<section aria-labelledby="diff-analysis-h"><h2 id="diff-analysis-h">${t(l, 'review.diffAnalysis')}</h2>
${changedSections.map((s) => diffBlock(l, { stepTitle: s.title, fromVersion: d.from, toVersion: d.to, lines: s.lines }))}
${same.length ? html`<p class="muted">${t(l, 'review.unchangedSections', { sections: same.map((s) => s.title).join('; ') })}</p>` : ''}
</section>
<section aria-labelledby="diff-measures-h"><h2 id="diff-measures-h">${t(l, 'review.diffMeasures')}</h2>
${measureTable(l, d)}</section>
<section aria-labelledby="diff-indicators-h"><h2 id="diff-indicators-h">${t(l, 'review.diffIndicators')}</h2>
${indicatorTable(l, d)}</section>`;
}

function commentItem(l: Locale, c: CommentRow): SafeHtml {
  const seat = [c.organisationName, c.seatTitle].filter(Boolean).join(', ');
  const by = t(l, 'review.commentBy', { who: c.holderName ?? '–', seat: seat || '–', at: formatInstant(c.at, l) });
  return html`<li><p class="muted">${by}</p><p class="prose">${c.text}</p></li>`;
}

/** The comments made on one section of a version, for the comments page and for the version's own page under each section. */
export function sectionComments(l: Locale, comments: CommentRow[], section: string): SafeHtml {
  const mine = comments.filter((c) => c.section === section);
  if (!mine.length) return html`<p class="muted">${t(l, 'review.noComments')}</p>`;
  return html`<ul class="comments">${mine.map((c) => commentItem(l, c))}</ul>`;
}

function commentForm(l: Locale, action: string, csrf: string, s: { id: string; title: string }): SafeHtml {
  const id = `comment-${s.id}`;
  return html`<form method="post" action="${action}" class="action"><fieldset><legend>${t(l, 'review.commentSubmit')}</legend>
${csrfField(csrf)}<input type="hidden" name="section" value="${s.id}">
<label for="${id}">${t(l, 'review.commentLabel', { section: s.title })}</label>
<textarea id="${id}" name="text" rows="3" required maxlength="4000"></textarea>
<button type="submit">${t(l, 'review.commentSubmit')}</button></fieldset></form>`;
}

export interface CommentsView {
  locale: Locale;
  csrf: string;
  /** The reader may comment: a member of the samordningsgrupp, or the coordinator. */
  canComment: boolean;
  done?: boolean;
  error?: string;
}

export const commentsTitle = (l: Locale, c: VersionComments) => t(l, 'review.commentsTitle', { number: c.number });

/** A version's sections each with its comments and, while the version is not frozen, a form to add one. */
export function commentsPage(v: CommentsView, c: VersionComments): SafeHtml {
  const l = v.locale;
  const base = `${reportPath(c.scope.ref)}/versions/${c.number}`;
  const action = `${base}/comments?lang=${l}`;
  const status = v.error
    ? html`<div class="flash error" role="alert"><p>${v.error}</p></div>`
    : v.done
      ? html`<div class="flash ok" role="status"><p>${t(l, 'review.commented')}</p></div>`
      : '';
  return html`<h1>${commentsTitle(l, c)}</h1>
${backLink(l, c.scope.ref)}
<p><a href="${base}?lang=${l}">${t(l, 'review.versionLink', { number: c.number })}</a></p>
${status}
<p>${t(l, 'review.commentsIntro')}</p>
${c.frozen ? html`<p class="muted">${t(l, 'review.frozenNote')}</p>` : ''}
${c.sections.map(
  (s) => html`<section aria-labelledby="section-${s.id}-h"><h2 id="section-${s.id}-h">${s.title}</h2>
${sectionComments(l, c.comments, s.id)}
${v.canComment && !c.frozen ? commentForm(l, action, v.csrf, s) : ''}
</section>`,
)}`;
}

/** The JSON API's shape of a version's comments. */
export const commentsJson = (c: VersionComments) => ({
  number: c.number,
  status: c.status,
  sections: c.sections.map((s) => ({ ...s, comments: c.comments.filter((x) => x.section === s.id) })),
});
