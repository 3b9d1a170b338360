import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { formatInstant } from '../../core/time';
import { roundTitle } from '../../web/rounds';
import { t, type Locale } from '../../i18n';
import type { TaskPageData } from '../services/tasks';
import { csrfField, flash, historyAndMail, roundNote, statusBadge, todayInput } from './dashboard';
import { measureChoices, measureSection, partsSection, previousRoundSection, shownSection, uploadSection } from './outputs';
import type { Viewer } from './page-reply';
import { complementForm, followUpFields, followUpSection } from './follow-up-forms';
import { handoffSection, submitVersionForm } from './report-handoff';

/** The task page: what is asked, of whom, by when, the work it shows, and the forms to act. */
export function taskPage(v: Viewer, data: TaskPageData, error?: string): SafeHtml {
  const l = v.locale;
  const { item, row, work } = data;
  const mine = v.seats.some((s) => s.seatId === item.seatId);
  const isOpen = item.status === 'open';
  const owned = v.seats.map((s) => s.seatId).filter((id) => id === row.seatId || row.coSeatIds.includes(id));
  // A report task with compiled versions completes by putting one forward; any other task with its text.
  const completion = () =>
    data.versions.length
      ? submitVersionForm(l, item.id, item.seatId, v.csrf, data.versions)
      : completeForm(l, item.id, item.seatId, v.csrf, work.proposable, row.measureId ? (data.followUp ?? null) : false);
  return html`<h1>${roundTitle(l, item.title, row.round)}</h1>
${flash(l, v.done, error)}
${roundNote(l, data.roundReason)}
<dl class="facts">
<dt>${t(l, 'dash.status')}</dt><dd>${statusBadge(l, item)}</dd>
<dt>${t(l, 'dash.party')}</dt><dd><a href="/parties/${item.organisationSlug}?lang=${l}">${item.organisationName}</a></dd>
<dt>${t(l, 'dash.seat')}</dt><dd>${item.seatTitle}</dd>
<dt>${t(l, 'dash.due')}</dt><dd>${formatDue(item.dueAt, l)}</dd>
${cycleFacts(l, row.cycleId)}
${row.completedAt ? html`<dt>${t(l, 'dash.completedAt')}</dt><dd>${formatInstant(row.completedAt, l)}</dd>` : ''}
</dl>
${row.instructions ? html`<h2>${t(l, 'dash.instructions')}</h2><p class="prose">${row.instructions}</p>` : ''}
${data.reportEditor ? html`<p><a href="${data.reportEditor}?lang=${l}">${t(l, 'review.editorLink')}</a></p>` : ''}
${row.kind === 'form' ? html`<p><a href="/tasks/${item.id}/form?lang=${l}">${t(l, 'form.page.open')}</a></p>` : ''}
${previousRoundSection(l, row.round, work.previous)}
${shownSection(l, work.shows)}
${measureSection(l, work.measure)}
${
  row.coSeatIds.length
    ? partsSection(l, { taskId: item.id, parts: work.parts, owners: work.owners, mine: owned, open: isOpen, csrf: v.csrf })
    : ''
}
${uploadSection(l, { taskId: item.id, files: work.files, canUpload: isOpen && (owned.length > 0 || v.coordinator), csrf: v.csrf })}
${row.report ? html`<h2>${t(l, 'dash.report')}</h2><p class="prose">${row.report}</p>` : ''}
${row.measureId ? followUpSection(l, data.followUp) : ''}
${data.handoff ? handoffSection(l, data.handoff, v.csrf, v.coordinator) : ''}
${
  // A signature task is signed or refused on its signing page, which shows the text and its hash; a form task is filled in on its form.
  row.kind === 'signature'
    ? html`<p><a href="/tasks/${item.id}/sign?lang=${l}">${t(l, 'sign.openTask')}</a></p>`
    : isOpen && mine && row.kind !== 'form'
      ? completion()
      : ''
}
${row.measureId && item.status === 'done' && (owned.length > 0 || v.coordinator) ? complementForm(l, item.id, v.csrf, data.followUp) : ''}
${
  isOpen && v.coordinator
    ? coordinatorForms(
        l,
        item.id,
        v.csrf,
        data.seats.filter((s) => s.id !== item.seatId),
      )
    : ''
}
${historyAndMail(l, data, v.coordinator && v.outbox, `/api/tasks/${item.id}`)}`;
}

/** The cycle a task belongs to, named by its definition and year, linked to its overview. */
function cycleFacts(l: Locale, cycleId: string | null): SafeHtml | string {
  if (!cycleId) return '';
  const [, definition, year] = cycleId.split('/');
  const href = `/cycles/${definition}/${year}?lang=${l}`;
  return html`<dt>${t(l, 'dash.cycle')}</dt><dd><a href="${href}">${definition} ${year}</a></dd>`;
}

function completeForm(
  l: Locale,
  id: string,
  seatId: string,
  csrf: string,
  proposable: TaskPageData['work']['proposable'],
  followUp: TaskPageData['followUp'] | null | false,
) {
  const legend = t(l, 'dash.complete');
  return html`<form method="post" action="/tasks/${id}/complete?lang=${l}" class="action"><fieldset><legend>${legend}</legend>
${csrfField(csrf)}<input type="hidden" name="seat" value="${seatId}">
<label for="report">${t(l, 'dash.reportLabel')}</label>
<textarea id="report" name="report" rows="5" required></textarea>
${measureChoices(l, proposable)}
${followUp === false ? '' : followUpFields(l, followUp)}
<button type="submit">${t(l, 'dash.complete')}</button></fieldset></form>`;
}

/** Extend, reassign and resend: the coordinator's forms on an open task. */
function coordinatorForms(l: Locale, id: string, csrf: string, seats: TaskPageData['seats']): SafeHtml {
  const options = seats.map((s) => html`<option value="${s.slug}">${s.org} – ${s.title}</option>`);
  return html`<h2>${t(l, 'dash.coordinatorActions')}</h2>
<form method="post" action="/tasks/${id}/extend?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.extend')}</legend>
${csrfField(csrf)}
<label for="extend-due">${t(l, 'dash.newDue')}</label>
<input id="extend-due" name="dueAt" type="date" required min="${todayInput()}">
<label for="extend-reason">${t(l, 'dash.reason')}</label>
<textarea id="extend-reason" name="reason" rows="2" required></textarea>
<button type="submit">${t(l, 'dash.extend')}</button></fieldset></form>
<form method="post" action="/tasks/${id}/reassign?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.reassign')}</legend>
${csrfField(csrf)}
<label for="reassign-seat">${t(l, 'dash.toSeat')}</label>
<select id="reassign-seat" name="seat" required><option value="">${t(l, 'dash.choose')}</option>${options}</select>
<label for="reassign-reason">${t(l, 'dash.reason')}</label>
<textarea id="reassign-reason" name="reason" rows="2" required></textarea>
<button type="submit">${t(l, 'dash.reassign')}</button></fieldset></form>
<form method="post" action="/tasks/${id}/resend?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.resend')}</legend>
${csrfField(csrf)}<p>${t(l, 'dash.resendHelp')}</p>
<button type="submit">${t(l, 'dash.resend')}</button></fieldset></form>`;
}
