import { html, type SafeHtml } from '../../web/html';
import { t, type Locale, type MessageKey } from '../../i18n';
import { formatMeetingWhen } from '../../web/format';
import { formatInstant } from '../../core/time';
import { agendaLine } from '../../activities/meeting-mail';
import type { ShownOutput } from '../../db/queries/outputs';
import { agendaSubject } from './outputs';
import { LOCATION_MAX, type Meeting, type Series } from '../meetings';
import { linkPage } from './link-pages';

/** The parts of a meeting's page that the signed-in page and the personal link page share. */

export const meetingWhen = (m: Meeting, l: Locale) => formatMeetingWhen(m.startsAt, m.endsAt, l);
export const meetingStatus = (m: Meeting, l: Locale) => t(l, `meetings.status.${m.status}` as MessageKey);
const orgName = (s: Series, org: string) => s.rotation.order.find((o) => o.slug === org)?.name ?? org;

/** Status, host, place and notice. */
export function meetingFacts(l: Locale, s: Series, m: Meeting): SafeHtml {
  return html`<table>
  <caption class="muted" style="text-align:left">${t(l, 'meetings.details')}</caption>
  <tbody>
  <tr><th scope="row">${t(l, 'meetings.statusHeading')}</th><td>${meetingStatus(m, l)}${m.cancelReason ? html` (${m.cancelReason})` : ''}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.host')}</th><td>${m.host?.name ?? t(l, 'meetings.noHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.where')}</th><td>${m.location || t(l, 'meetings.whereByHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.noticeHeading')}</th><td>${m.noticeSentAt ? formatInstant(m.noticeSentAt, l) : m.noticeAt ? t(l, 'meetings.noticePlanned', { at: formatInstant(m.noticeAt, l) }) : ''}</td></tr>
  ${m.skips.map((x) => html`<tr><th scope="row">${t(l, 'meetings.skipped')}</th><td>${orgName(s, x.org)}: ${x.reason}</td></tr>`)}
  </tbody>
</table>`;
}

/** The agenda; `subjects` names what each decision on it decides on, by the decision's workflow id. */
export const agendaSection = (l: Locale, m: Meeting, subjects?: Map<string, ShownOutput[]>): SafeHtml => html`<h2>${t(l, 'meetings.agenda')}</h2>
${m.agenda.length
  ? html`<ol>${m.agenda.map((a) => html`<li>${agendaLine(a, l)}${agendaSubject(l, a.key ? subjects?.get(a.key) : undefined)}</li>`)}</ol>`
  : html`<p class="muted">${t(l, 'meetings.noAgenda')}</p>`}`;

export const minutesSection = (l: Locale, m: Meeting): SafeHtml => html`<h2>${t(l, 'meetings.minutes')}</h2>
${m.minutes ? html`<p style="white-space:pre-wrap">${m.minutes}</p>` : html`<p class="muted">${m.minutesDueAt ? t(l, 'meetings.minutesDue', { due: formatInstant(m.minutesDueAt, l) }) : t(l, 'meetings.noMinutes')}</p>`}`;

/**
 * The host's form for the room. A refused value comes back in the field with the reason beside
 * it, tied to the field for screen readers.
 */
export function locationForm(l: Locale, opts: { action: string; hidden: SafeHtml; value?: string; error?: string; saved?: boolean }): SafeHtml {
  const error = opts.error;
  return html`<form method="post" action="${opts.action}" class="action" novalidate>${opts.hidden}
<fieldset><legend>${t(l, 'meetings.locationTitle')}</legend>
${error ? html`<p role="alert" class="error" id="location-error"><strong>${error}</strong></p>` : ''}
${opts.saved ? html`<p role="status" class="flash">${t(l, 'meetings.locationSaved')}</p>` : ''}
<label for="location">${t(l, 'meetings.locationLabel')}</label>
<p class="muted" id="location-hint">${t(l, 'meetings.locationHint')}</p>
<input id="location" name="location" maxlength="${LOCATION_MAX}" autocomplete="off" value="${opts.value ?? ''}" aria-describedby="${error ? 'location-error location-hint' : 'location-hint'}"${error ? html` aria-invalid="true"` : ''}>
<button type="submit">${t(l, 'meetings.locationButton')}</button></fieldset></form>`;
}

/**
 * What a member's personal link shows: the meeting as its page does, without signing in; for a
 * coming meeting's host, the form for the room, which posts back to the link.
 */
export function meetingLinkPage(
  l: Locale,
  path: string,
  view: { series: Series; meeting: Meeting; seatTitle: string; until: Date; hosts: boolean },
  csrf: string,
  room: { value?: string; error?: string; saved?: boolean } = {},
): string {
  const { series: s, meeting: m } = view;
  const open = m.status === 'planned' && m.startsAt.getTime() > Date.now();
  const title = `${s.body.name}: ${meetingWhen(m, l)}`;
  return linkPage(
    l,
    path,
    title,
    html`<h1>${title}</h1>
<p class="muted">${t(l, 'meetings.linkLead', { seat: view.seatTitle, until: formatInstant(view.until, l) })}</p>
${meetingFacts(l, s, m)}
${open && view.hosts
  ? locationForm(l, { action: path, hidden: html`<input type="hidden" name="csrf" value="${csrf}">`, value: room.value ?? m.location, error: room.error, saved: room.saved })
  : ''}
${agendaSection(l, m)}
${minutesSection(l, m)}
<p><a href="/meetings/${s.body.slug}/${m.id}?lang=${l}">${t(l, 'meetings.linkFullPage')}</a></p>`,
  );
}
