import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { Notice } from '../core/notice';
import type { Locale, MessageKey } from '../i18n';
import { t as tr } from '../i18n';
import { html as h } from '../web/html';
import type { AgendaFacts, MeetingDetail } from '../core/meetings';
import { formatMeetingWhen } from '../web/format';
import type { RenderedNotice } from './notices';
import { mailButton, mailHtml } from '../web/mail';

export type { MeetingDetail };

/**
 * An agenda item as read: items from the cycle say whether a decision or a phase review, and of
 * which cycle and year; a decision already taken says so.
 */
export function agendaLine(a: { title: string; kind?: 'decision' | 'review' } & AgendaFacts, locale: Locale): string {
  let line = a.kind ? tr(locale, `meetings.item.${a.kind}`, { title: a.title }) : a.title;
  if (a.cycle) line = tr(locale, 'meetings.item.inCycle', { item: line, cycle: a.cycle });
  if (a.decided) {
    line = a.decided.outcome
      ? tr(locale, 'meetings.item.decided', { item: line, outcome: tr(locale, `outcome.${a.decided.outcome}` as MessageKey) })
      : tr(locale, 'meetings.item.withdrawn', { item: line });
  }
  return line;
}

export const meetingUid = (meetingId: string) => `meeting-${meetingId}@arshjul`;
export const meetingPath = (bodySlug: string, meetingId: string) => `/meetings/${encodeURIComponent(bodySlug)}/${meetingId}`;

/** Kinds whose mail carries the meeting as an invite, an update or a cancellation. */
const invites = new Set<Notice['kind']>(['meeting_notice', 'meeting_update', 'meeting_cancelled']);

/** A meeting's agenda as a mail shows it: items with what the records say of them. */
export type ShownMeetingDetail = Omit<MeetingDetail, 'agenda'> & { agenda: (MeetingDetail['agenda'][number] & AgendaFacts)[] };

/**
 * A meeting's notice, update, cancellation, host reminder or minutes: subject saying what and
 * when, text and HTML, and for invitations an `.ics` whose UID stays the same for the meeting and
 * whose SEQUENCE rises with every change, so calendars update the event instead of adding one.
 * The button is the reader's personal link when there is one; the invite carries the meeting
 * page's plain address, since calendars are shared and synced where a mail is not.
 */
export function renderMeetingNotice(
  n: Notice,
  locale: Locale,
  holder: { name: string; email: string },
  publicUrl: string,
  organizer: string,
  personalLink?: string,
  shown?: ShownMeetingDetail,
): RenderedNotice {
  const d: ShownMeetingDetail = shown ?? (n.detail as unknown as MeetingDetail);
  const when = formatMeetingWhen(new Date(d.startsAt), new Date(d.endsAt), locale);
  const args = { body: d.bodyName, when, host: d.host || tr(locale, 'meetings.noHost') };
  const k = (part: string) => `meetings.mail.${n.kind}.${part}` as MessageKey;
  const subject = tr(locale, k('subject'), args);
  const lead = tr(locale, k('lead'), args);
  const link = `${publicUrl}${meetingPath(d.bodySlug, d.meetingId)}`;
  const button = { href: personalLink ?? link, text: tr(locale, 'meetings.mail.open') };
  const facts: [string, string][] = [
    [tr(locale, 'meetings.when'), when],
    [tr(locale, 'meetings.where'), d.location || tr(locale, 'meetings.whereByHost')],
    [tr(locale, 'meetings.host'), args.host],
  ];
  if (d.reason) facts.push([tr(locale, 'meetings.reason'), d.reason]);
  const agendaTitle = tr(locale, 'meetings.agenda');
  const agenda = n.kind === 'meeting_cancelled' ? [] : d.agenda.map((a) => agendaLine(a, locale));
  const minutesTitle = tr(locale, 'meetings.minutes');
  const greeting = tr(locale, 'notice.greeting', { name: holder.name });
  const footer = [...(personalLink ? [tr(locale, 'meetings.mail.personalLink')] : []), tr(locale, 'meetings.mail.footer')].join(' ');
  const text = [
    greeting,
    '',
    lead,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    ...(agenda.length ? ['', `${agendaTitle}:`, ...agenda.map((a, i) => `${i + 1}. ${a}`)] : []),
    ...(d.minutes ? ['', `${minutesTitle}:`, d.minutes] : []),
    '',
    `${button.text}: ${button.href}`,
    '',
    footer,
  ].join('\n');
  const factRows = facts.map(
    ([label, value]) => h`<tr><th scope="row" style="text-align:left;padding-right:1rem">${label}</th><td>${value}</td></tr>`,
  );
  const html = mailHtml(
    locale,
    subject,
    greeting,
    lead,
    h`<table role="presentation">${factRows}</table>
${agenda.length ? h`<h2 style="font-size:1.1rem">${agendaTitle}</h2><ol>${agenda.map((a) => h`<li>${a}</li>`)}</ol>` : ''}
${d.minutes ? h`<h2 style="font-size:1.1rem">${minutesTitle}</h2><p style="white-space:pre-wrap">${d.minutes}</p>` : ''}
${mailButton(button.href, button.text)}`,
    footer,
  );
  return { subject, text, html, ics: invites.has(n.kind) ? meetingIcs(n, d, locale, holder, organizer, link) : undefined };
}

/**
 * The invite. Times are UTC instants (`…Z`): unambiguous on both sides of a daylight-saving
 * change, and shown by every calendar in its reader's zone (09:00 in Stockholm all year).
 */
function meetingIcs(
  n: Notice,
  d: ShownMeetingDetail,
  locale: Locale,
  holder: { name: string; email: string },
  organizer: string,
  link: string,
): string {
  const cancelled = n.kind === 'meeting_cancelled';
  const cal = ical({
    prodId: { company: 'Årshjul', product: 'arshjul', language: locale.toUpperCase() },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  cal.createEvent({
    id: meetingUid(d.meetingId),
    sequence: d.sequence,
    stamp: new Date(n.at),
    start: new Date(d.startsAt),
    end: new Date(d.endsAt),
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    summary: tr(locale, 'meetings.ics.summary', { body: d.bodyName }),
    location: d.location || undefined,
    description: [
      tr(locale, 'meetings.host') + ': ' + (d.host || tr(locale, 'meetings.noHost')),
      ...d.agenda.map((a, i) => `${i + 1}. ${agendaLine(a, locale)}`),
      link,
    ].join('\n'),
    url: link,
    organizer: { name: d.bodyName, email: organizer },
    attendees: [{ name: holder.name, email: holder.email, rsvp: false }],
  });
  return cal.toString();
}

/** A body's meetings as one calendar to subscribe to or import: the invites' UIDs and SEQUENCEs. */
export function bodyCalendar(
  series: {
    body: { name: string };
    meetings: {
      id: string;
      startsAt: Date;
      endsAt: Date;
      status: string;
      sequence: number;
      location: string;
      host: { name: string } | null;
    }[];
  },
  locale: Locale,
  link: string,
): string {
  const cal = ical({ prodId: { company: 'Årshjul', product: 'arshjul', language: locale.toUpperCase() }, name: series.body.name });
  for (const m of series.meetings) {
    cal.createEvent({
      id: meetingUid(m.id),
      sequence: m.sequence,
      start: m.startsAt,
      end: m.endsAt,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      summary: tr(locale, 'meetings.ics.summary', { body: series.body.name }),
      location: m.location || undefined,
      description: `${tr(locale, 'meetings.host')}: ${m.host?.name ?? tr(locale, 'meetings.noHost')}`,
      url: `${link}/${m.id}`,
    });
  }
  return cal.toString();
}
