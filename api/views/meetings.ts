import { html, type SafeHtml } from '../../web/html';
import { t, type Locale, type MessageKey } from '../../i18n';
import { formatMeetingWhen } from '../../web/format';
import { formatInstant } from '../../core/time';
import { agendaLine } from '../../activities/meeting-mail';
import type { ShownOutput } from '../../db/queries/outputs';
import { agendaSubject } from './outputs';
import type { Meeting, Series } from '../meeting-schemas';
import { LOCATION_MAX } from '../services/meetings';
import type { MeetingPage } from '../services/meeting-pages';
import type { User } from '../plugins/session';
import { linkFields, linkPage, otherNotice, type SignedInAs } from './link-pages';
import { page } from './layout';
import { csrfField, historyAndMail } from './dashboard';

/** The parts of a meeting's page that the signed-in page and the personal link page share. */

export const meetingWhen = (m: Meeting, l: Locale) => formatMeetingWhen(m.startsAt, m.endsAt, l);
export const meetingStatus = (m: Meeting, l: Locale) => t(l, `meetings.status.${m.status}` as MessageKey);
const orgName = (s: Series, org: string) => s.rotation.order.find((o) => o.slug === org)?.name ?? org;

/** Status, host, place and notice. */
export function meetingFacts(l: Locale, s: Series, m: Meeting): SafeHtml {
  const status = html`${meetingStatus(m, l)}${m.cancelReason ? html` (${m.cancelReason})` : ''}`;
  const planned = m.noticeAt ? t(l, 'meetings.noticePlanned', { at: formatInstant(m.noticeAt, l) }) : '';
  return html`<table>
  <caption class="muted">${t(l, 'meetings.details')}</caption>
  <tbody>
  <tr><th scope="row">${t(l, 'meetings.statusHeading')}</th><td>${status}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.host')}</th><td>${m.host?.name ?? t(l, 'meetings.noHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.where')}</th><td>${m.location || t(l, 'meetings.whereByHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.noticeHeading')}</th><td>${m.noticeSentAt ? formatInstant(m.noticeSentAt, l) : planned}</td></tr>
  ${m.skips.map((x) => html`<tr><th scope="row">${t(l, 'meetings.skipped')}</th><td>${orgName(s, x.org)}: ${x.reason}</td></tr>`)}
  </tbody>
</table>`;
}

/** The agenda; `subjects` names what each decision on it decides on, by the decision's workflow id. */
export const agendaSection = (
  l: Locale,
  m: Meeting,
  subjects?: Map<string, ShownOutput[]>,
): SafeHtml => html`<h2>${t(l, 'meetings.agenda')}</h2>
${
  m.agenda.length
    ? html`<ol>${m.agenda.map((a) => html`<li>${agendaLine(a, l)}${agendaSubject(l, a.key ? subjects?.get(a.key) : undefined)}</li>`)}</ol>`
    : html`<p class="muted">${t(l, 'meetings.noAgenda')}</p>`
}`;

const minutesPending = (l: Locale, m: Meeting) =>
  m.minutesPublishedAt
    ? t(l, 'meetings.minutesBodyOnly')
    : m.minutesDueAt
      ? t(l, 'meetings.minutesDue', { due: formatInstant(m.minutesDueAt, l) })
      : t(l, 'meetings.noMinutes');

export const minutesSection = (l: Locale, m: Meeting): SafeHtml => html`<h2>${t(l, 'meetings.minutes')}</h2>
${m.minutes ? html`<p class="pre-wrap">${m.minutes}</p>` : html`<p class="muted">${minutesPending(l, m)}</p>`}`;

/**
 * The host's form for the room. A refused value comes back in the field with the reason beside
 * it, tied to the field for screen readers.
 */
export function locationForm(
  l: Locale,
  opts: { action: string; hidden: SafeHtml; value?: string; error?: string; saved?: boolean },
): SafeHtml {
  const error = opts.error;
  return html`<form method="post" action="${opts.action}" class="action" novalidate>${opts.hidden}
<fieldset><legend>${t(l, 'meetings.locationTitle')}</legend>
${error ? html`<p role="alert" class="error" id="location-error"><strong>${error}</strong></p>` : ''}
${opts.saved ? html`<p role="status" class="flash">${t(l, 'meetings.locationSaved')}</p>` : ''}
<label for="location">${t(l, 'meetings.locationLabel')}</label>
<p class="muted" id="location-hint">${t(l, 'meetings.locationHint')}</p>
<input id="location" name="location" maxlength="${LOCATION_MAX}" autocomplete="off" value="${opts.value ?? ''}" aria-describedby="${
    error ? 'location-error location-hint' : 'location-hint'
  }"${error ? html` aria-invalid="true"` : ''}>
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
  other?: SignedInAs,
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
${open && view.hosts ? otherNotice(l, other) : ''}
${meetingFacts(l, s, m)}
${
  open && view.hosts
    ? locationForm(l, {
        action: path,
        hidden: linkFields(l, csrf, other),
        value: room.value ?? m.location,
        error: room.error,
        saved: room.saved,
      })
    : ''
}
${agendaSection(l, m)}
${minutesSection(l, m)}
<p><a href="/meetings/${s.body.slug}/${m.id}?lang=${l}">${t(l, 'meetings.linkFullPage')}</a></p>`,
  );
}

const csrf = (user: User | null) => csrfField(user?.csrfToken ?? '');

/** A body's meeting series: who hosts next, the rotation, coming and past meetings, and the coordinator's swap. */
export function seriesPageView(
  l: Locale,
  user: User | null,
  data: { series: Series; others: { bodySlug: string; title: string }[] },
): string {
  const { series: s, others } = data;
  const upcoming = s.meetings.filter((m) => m.endsAt.getTime() > Date.now());
  const past = s.meetings.filter((m) => m.endsAt.getTime() <= Date.now()).reverse();
  const coordinator = user?.role === 'coordinator';
  const row = (m: Meeting) => html`<tr>
  <td><a href="/meetings/${s.body.slug}/${m.id}">${meetingWhen(m, l)}</a></td>
  <td>${m.host?.name ?? t(l, 'meetings.noHost')}${m.hostPinned ? html` <span class="muted">(${t(l, 'meetings.swapped')})</span>` : ''}</td>
  <td>${m.location || html`<span class="muted">${t(l, 'meetings.whereByHost')}</span>`}</td>
  <td>${meetingStatus(m, l)}</td>
</tr>`;
  const heads = ['meetings.when', 'meetings.host', 'meetings.where', 'meetings.statusHeading'] as const;
  /** A table named by the heading above it; none when there is nothing to list. */
  const table = (rows: Meeting[], headingId: string) =>
    rows.length
      ? html`<table aria-labelledby="${headingId}">
  <thead><tr>${heads.map((k) => html`<th scope="col">${t(l, k)}</th>`)}</tr></thead>
  <tbody>${rows.map(row)}</tbody>
</table>`
      : html`<p class="muted">${t(l, 'meetings.none')}</p>`;
  const convenor = s.meetings.find((m) => m.host)?.host?.name;
  const coming = upcoming.filter((m) => m.status === 'planned');
  const option = (m: Meeting) => html`<option value="${m.id}">${meetingWhen(m, l)}: ${m.host?.name ?? ''}</option>`;
  const body = html`<h1>${s.title}</h1>
${
  s.hosting === 'convenor'
    ? html`<p>${t(l, 'meetings.convenorHosts', { organisation: convenor ?? t(l, 'meetings.noHost') })}</p>`
    : html`<p>${t(l, 'meetings.nextHost')}: <strong>${s.nextHost?.name ?? t(l, 'meetings.noHost')}</strong></p>
<h2>${t(l, 'meetings.rotation')}</h2>
<p class="muted">${t(l, 'meetings.rotationExplained', { round: s.rotation.round })}</p>
<ol>${s.rotation.order
        .filter((o) => o.member)
        .map(
          (o) =>
            html`<li>${o.name}${o.hostedThisRound ? html` <span class="muted">(${t(l, 'meetings.hostedThisRound')})</span>` : ''}</li>`,
        )}</ol>`
}
<h2 id="upcoming">${t(l, 'meetings.upcoming')}</h2>
${table(upcoming, 'upcoming')}
${
  coordinator && s.hosting === 'rotating' && coming.length > 1
    ? html`<form method="post" action="/meetings/${s.body.slug}/swap">${csrf(user)}
<fieldset><legend>${t(l, 'meetings.swapTitle')}</legend>
<p><label for="swap-a">${t(l, 'meetings.meetingA')}</label> <select id="swap-a" name="a">${coming.map(option)}</select></p>
<p><label for="swap-b">${t(l, 'meetings.meetingB')}</label> <select id="swap-b" name="b">${coming.map(option)}</select></p>
<p><label for="swap-reason">${t(l, 'meetings.reason')}</label> <input id="swap-reason" name="reason" required maxlength="2000"></p>
<button type="submit">${t(l, 'meetings.swap')}</button></fieldset></form>`
    : ''
}
<h2 id="past">${t(l, 'meetings.past')}</h2>
${table(past, 'past')}
<p><a href="/api/meetings/${s.body.slug}/calendar.ics">${t(l, 'meetings.calendarFile')}</a></p>
${
  others.length
    ? html`<nav aria-labelledby="other-series"><h2 id="other-series">${t(l, 'meetings.otherSeries')}</h2>
<ul>${others.map((x) => html`<li><a href="/meetings/${x.bodySlug}">${x.title}</a></li>`)}</ul></nav>`
    : ''
}`;
  return page({ locale: l, title: s.title, body, path: `/meetings/${s.body.slug}`, user });
}

/** A member's form to propose an agenda item, as their first seat in the body (the coordinator as themselves). */
function proposeForm(l: Locale, user: User | null, base: string, seats: { slug: string }[]): SafeHtml {
  return html`<form method="post" action="${base}/agenda">${csrf(user)}
<fieldset><legend>${t(l, 'meetings.propose')}</legend>
${seats.length ? html`<input type="hidden" name="seat" value="${seats[0]!.slug}">` : ''}
<p><label for="item-title">${t(l, 'meetings.itemTitle')}</label> <input id="item-title" name="title" required maxlength="300"></p>
<button type="submit">${t(l, 'meetings.proposeButton')}</button></fieldset></form>`;
}

/** The coordinator's forms for a coming meeting: skip the host (in a rotation), move, cancel. */
function coordinatorForms(l: Locale, user: User | null, s: Series, m: Meeting, base: string): SafeHtml {
  const reasonField = (id: string) =>
    html`<p><label for="${id}">${t(l, 'meetings.reason')}</label> <input id="${id}" name="reason" required maxlength="2000"></p>`;
  const parties = s.rotation.order
    .filter((o) => o.member)
    .map((o) => html`<option value="${o.slug}"${o.slug === m.host?.slug ? ' selected' : ''}>${o.name}</option>`);
  return html`<h2>${t(l, 'meetings.coordinatorActions')}</h2>
${
  s.hosting === 'rotating'
    ? html`<form method="post" action="${base}/skip">${csrf(user)}<fieldset><legend>${t(l, 'meetings.skipTitle')}</legend>
<p><label for="skip-organisation">${t(l, 'meetings.party')}</label> <select id="skip-organisation" name="organisation">${
        parties
      }</select></p>
${reasonField('skip-reason')}
<button type="submit">${t(l, 'meetings.skip')}</button></fieldset></form>`
    : ''
}
<form method="post" action="${base}/move">${csrf(user)}<fieldset><legend>${t(l, 'meetings.moveTitle')}</legend>
<p><label for="move-start">${t(l, 'meetings.newStart')}</label> <input id="move-start" name="startsAt" type="datetime-local" required></p>
${reasonField('move-reason')}
<button type="submit">${t(l, 'meetings.move')}</button></fieldset></form>
<form method="post" action="${base}/cancel">${csrf(user)}<fieldset><legend>${t(l, 'meetings.cancelTitle')}</legend>
${reasonField('cancel-reason')}
<button type="submit">${t(l, 'meetings.cancel')}</button></fieldset></form>`;
}

/**
 * A meeting's page for the signed-in: the facts, the host's form for the room, the agenda with
 * a form to propose an item, the minutes, the coordinator's actions, and the history and mail.
 */
export function meetingPageView(
  l: Locale,
  user: User | null,
  data: MeetingPage,
  opts: { readableMail: boolean; room?: { value?: string; error?: string; saved?: boolean } },
): string {
  const { series: s, meeting: m, open, roomAs, seats, subjects, history } = data;
  const room = opts.room ?? {};
  const coordinator = user?.role === 'coordinator';
  const base = `/meetings/${s.body.slug}/${m.id}`;
  const title = `${s.body.name}: ${meetingWhen(m, l)}`;
  const body = html`<h1>${title}</h1>
${room.error && !roomAs ? html`<div class="flash error" role="alert"><p>${room.error}</p></div>` : ''}
${meetingFacts(l, s, m)}
${
  roomAs
    ? locationForm(l, {
        action: `${base}/location?lang=${l}`,
        hidden: html`${csrf(user)}${roomAs.seat ? html`<input type="hidden" name="seat" value="${roomAs.seat}">` : ''}`,
        value: room.value ?? m.location,
        error: room.error,
        saved: room.saved,
      })
    : ''
}
${agendaSection(l, m, subjects)}
${open && (seats.length || coordinator) ? proposeForm(l, user, base, seats) : ''}
${minutesSection(l, m)}
${open && coordinator ? coordinatorForms(l, user, s, m, base) : ''}
${historyAndMail(l, history, coordinator && opts.readableMail, `/api/meetings/${s.body.slug}/${m.id}`)}
<p><a href="/meetings/${s.body.slug}">${t(l, 'meetings.back', { body: s.body.name })}</a></p>`;
  return page({ locale: l, title, body, path: base, user });
}
