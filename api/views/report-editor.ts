import { html, type SafeHtml } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type Locale } from '../../i18n';
import type { ReportAnalysis } from '../../core/report';
import type { VersionRow } from '../../db/queries/reports';
import { MAX_TEXT, reportPath, type ReportOverview } from '../services/report-drafts';
import type { FieldIssue } from '../services/register';
import { csrfField, headRow } from './dashboard';

/**
 * The lägesrapport's editor: the coordinator's draft as a form (the readers see its text), the
 * versions compiled from it with their pages, files, comments and changes, and the compile button.
 */

export interface EditorView {
  locale: Locale;
  csrf: string;
  coordinator: boolean;
  /** Just saved: the page says so. */
  saved: boolean;
  /** A refused save: what was sent, and each field's problem. */
  refusal?: { analysis: ReportAnalysis; issues: FieldIssue[] };
}

interface Field {
  id: string;
  name: string;
  label: string;
  text: string;
}

function fieldsOf(l: Locale, o: ReportOverview, analysis: ReportAnalysis): Field[] {
  return [
    { id: 'draft-summary', name: 'summary', label: t(l, 'review.field.summary'), text: analysis.summary },
    { id: 'draft-overall', name: 'overall', label: t(l, 'review.field.overall'), text: analysis.overall },
    ...o.scope.goals.map((g) => ({
      id: `draft-goal-${g.number}`,
      name: `goals.${g.number}`,
      label: t(l, 'review.field.goal', { number: g.number, title: g.title }),
      text: analysis.goals[String(g.number)] ?? '',
    })),
  ];
}

function savedNote(l: Locale, o: ReportOverview, justSaved: boolean): SafeHtml {
  const { savedAt, savedBy } = o.draft;
  const words = !savedAt
    ? t(l, 'review.neverSaved')
    : savedBy
      ? t(l, 'review.saved', { at: formatInstant(savedAt, l), who: savedBy })
      : t(l, 'review.savedAt', { at: formatInstant(savedAt, l) });
  return justSaved ? html`<div class="flash ok" role="status"><p>${words}</p></div>` : html`<p class="muted" id="draft-saved">${words}</p>`;
}

function refusalBox(l: Locale, issues: FieldIssue[]): SafeHtml {
  return html`<div class="flash error" role="alert"><p>${t(l, 'review.refused')}</p>
<ul>${issues.map((i) => html`<li>${i.message}</li>`)}</ul></div>`;
}

function draftForm(l: Locale, o: ReportOverview, v: EditorView, analysis: ReportAnalysis): SafeHtml {
  const action = `${reportPath(o.scope.ref)}/draft?lang=${l}`;
  return html`<form method="post" action="${action}" class="action"><fieldset><legend>${t(l, 'review.draft')}</legend>
${csrfField(v.csrf)}
${fieldsOf(l, o, analysis).map(
  (f) => html`<label for="${f.id}">${f.label}</label>
<textarea id="${f.id}" name="${f.name}" rows="${f.name === 'summary' ? 5 : 8}" maxlength="${MAX_TEXT}">${f.text}</textarea>`,
)}
<button type="submit">${t(l, 'review.save')}</button></fieldset></form>`;
}

function draftText(l: Locale, o: ReportOverview): SafeHtml {
  return html`<section aria-labelledby="draft-h"><h2 id="draft-h">${t(l, 'review.draft')}</h2>
${fieldsOf(l, o, o.draft.analysis).map(
  (f) => html`<h3>${f.label}</h3>
${f.text.trim() ? html`<p class="prose">${f.text}</p>` : html`<p class="muted">${t(l, 'review.empty')}</p>`}`,
)}</section>`;
}

function versionRow(l: Locale, base: string, v: VersionRow): SafeHtml {
  const page = `${base}/versions/${v.number}`;
  const compiled = v.compiledAt
    ? v.compiledBy
      ? t(l, 'review.compiledBy', { at: formatInstant(v.compiledAt, l), who: v.compiledBy })
      : formatInstant(v.compiledAt, l)
    : '–';
  const links = [
    html`<a href="${page}?lang=${l}">${t(l, 'review.versionLink', { number: v.number })}</a>`,
    v.hasPdf ? html`<a href="${page}/lagesrapport.pdf">${t(l, 'review.link.pdf')}</a>` : '',
    v.hasDocx ? html`<a href="${page}/lagesrapport.docx">${t(l, 'review.link.docx')}</a>` : '',
    v.status !== 'compiling' && v.status !== 'failed' ? html`<a href="${page}/comments?lang=${l}">${t(l, 'review.link.comments')}</a>` : '',
    v.number > 1 ? html`<a href="${base}/diff?from=${v.number - 1}&amp;to=${v.number}&amp;lang=${l}">${t(l, 'review.link.diff')}</a>` : '',
  ].filter(Boolean);
  return html`<tr><th scope="row">${t(l, 'review.version', { number: v.number })}</th>
<td>${t(l, `review.status.${v.status}`)}</td><td>${compiled}</td>
<td><ul>${links.map((a) => html`<li>${a}</li>`)}</ul></td></tr>`;
}

function versionsSection(l: Locale, o: ReportOverview, v: EditorView): SafeHtml {
  const base = reportPath(o.scope.ref);
  const table = o.versions.length
    ? html`<table><caption class="visually-hidden">${t(l, 'review.versions')}</caption>
${headRow(l, 'review.col.version', 'review.col.status', 'review.col.compiled', 'review.col.links')}
<tbody>${o.versions.map((x) => versionRow(l, base, x))}</tbody></table>`
    : html`<p class="muted">${t(l, 'review.noVersions')}</p>`;
  const compile = v.coordinator
    ? html`<form method="post" action="${base}/compile?lang=${l}" class="action"><fieldset><legend>${t(l, 'review.compile')}</legend>
${csrfField(v.csrf)}<p>${t(l, 'review.compileHelp')}</p>
<button type="submit">${t(l, 'review.compile')}</button></fieldset></form>`
    : '';
  return html`<section aria-labelledby="versions-h"><h2 id="versions-h">${t(l, 'review.versions')}</h2>${table}${compile}</section>`;
}

export const editorTitle = (l: Locale, o: ReportOverview) => t(l, 'review.editorTitle', { year: o.scope.ref.year });

export function reportEditorPage(v: EditorView, o: ReportOverview): SafeHtml {
  const l = v.locale;
  const { ref, definitionName } = o.scope;
  return html`<h1>${editorTitle(l, o)}</h1>
<p><a href="/cycles/${ref.definition}/${ref.year}?lang=${l}">${t(l, 'review.cycleLink', { name: definitionName, year: ref.year })}</a></p>
<p>${t(l, v.coordinator ? 'review.editorIntro' : 'review.readIntro')}</p>
${v.refusal ? refusalBox(l, v.refusal.issues) : savedNote(l, o, v.saved)}
${v.coordinator ? draftForm(l, o, v, v.refusal?.analysis ?? o.draft.analysis) : draftText(l, o)}
${versionsSection(l, o, v)}`;
}
