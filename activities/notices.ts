import ical from 'ical-generator';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { holderOn } from '../db/queries/directory';
import { newToken, type LinkAction } from '../db/queries/links';
import { stockholmDate, TIME_ZONE, toLocal } from '../core/time';
import { t as tr, type Locale, type MessageKey } from '../i18n';
import { formatDue } from '../web/format';
import { html as h, joinHtml, type SafeHtml } from '../web/html';
import type { Notice } from '../core/notice';
import { renderMeetingNotice, type ShownMeetingDetail } from './meeting-mail';
import { agendaAsOf, type MeetingDetail } from '../core/meetings';
import { agendaFacts } from '../db/queries/meetings';
import { coordinatorMessage, mailButton, mailHtml } from '../web/mail';
import { workContext, type WorkContext } from '../db/queries/rounds';
import { roundReasonText, roundTitle } from '../web/rounds';
import { noticeShows, type ShownOutput } from '../db/queries/outputs';
import { type MeasureRef } from '../db/queries/measures';
import { shownDecision, shownFieldLines, shownFields } from '../web/shown-form';

export type { Notice };

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
  ics?: string;
}

/** Notices that ask the reader to act carry a personal link for that action. */
const actionOf: Partial<Record<Notice['kind'], LinkAction>> = {
  task: 'complete',
  late_task: 'complete',
  reminder: 'complete',
  overdue_reminder: 'complete',
  follow_up_reminder: 'complete',
  handover: 'complete',
  decision_request: 'vote',
  late_decision: 'vote',
  decision_reminder: 'vote',
  signin: 'signin',
  meeting_notice: 'meeting',
  meeting_update: 'meeting',
  meeting_cancelled: 'meeting',
  meeting_host_reminder: 'meeting',
  meeting_minutes: 'meeting',
  signature_request: 'sign',
};

/**
 * The action of a seat's link: a shared task's co-owners add their part, as the projection names
 * them when the mail is written (a renewed link too); only the lead owner's link completes it.
 */
function linkActionFor(n: Notice, seatId?: string, context?: WorkContext): LinkAction | undefined {
  const action = n.kind === 'link_renewed' ? (n.target.kind === 'task' ? 'complete' : 'vote') : actionOf[n.kind];
  return action === 'complete' && seatId && context?.coSeatIds.includes(seatId) ? 'part' : action;
}

/** Deadlines go into the reader's calendar. */
const withCalendar = new Set<Notice['kind']>(['task', 'handover', 'decision_request']);

/** What a task or decision shows, for its mail: the pages behind the link have all of it. */
export interface NoticeShows {
  outputs: ShownOutput[];
  candidates: MeasureRef[];
}

/** How much of each shown text a mail quotes. */
export const SUMMARY_CHARS = 300;

/** The start of a text, cut at a word where one is near, with an ellipsis when cut. */
export function excerpt(text: string, max = SUMMARY_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The summary a mail carries of what its step shows: each output's title, version, start and files, and the candidates. */
function showsSummary(locale: Locale, shows: NoticeShows | undefined): { text: string[]; html: SafeHtml | '' } {
  if (!shows || (!shows.outputs.length && !shows.candidates.length)) return { text: [], html: '' };
  const outputs = shows.outputs.map((o) => ({
    heading: tr(locale, 'out.mail.shows', { title: o.stepTitle, version: o.version }),
    excerpt: excerpt(o.text),
    // A submitted form's text only names it: the mail quotes its fields so a voter sees what they vote on.
    fields: shownFieldLines(
      o.form ? shownFields(locale, o.form.fields, o.form.values) : o.decision ? shownDecision(locale, o.decision, o.measures) : [],
    ).map((line) => excerpt(line)),
    files: o.attachments.length ? tr(locale, 'out.mail.attachments', { count: o.attachments.length }) : '',
  }));
  const candidates = shows.candidates.map((m) => `${m.code} ${m.title}`);
  const more = tr(locale, 'out.mail.more');
  const text = [
    ...outputs.flatMap((o) => ['', o.heading, ...(o.excerpt ? [o.excerpt] : []), ...o.fields, ...(o.files ? [o.files] : [])]),
    ...(candidates.length ? ['', tr(locale, 'out.mail.candidates'), ...candidates.map((c) => `- ${c}`)] : []),
    '',
    more,
  ];
  const outputsHtml = outputs.map(
    (o) =>
      h`<h2 style="font-size:1.05rem">${o.heading}</h2>${o.excerpt ? h`<p>${o.excerpt}</p>` : ''}${
        o.fields.length ? h`<ul>${o.fields.map((f) => h`<li>${f}</li>`)}</ul>` : ''
      }${o.files ? h`<p>${o.files}</p>` : ''}`,
  );
  const candidatesHtml = candidates.length
    ? h`<p>${tr(locale, 'out.mail.candidates')}</p><ul>${candidates.map((c) => h`<li>${c}</li>`)}</ul>`
    : '';
  const html = h`${joinHtml(outputsHtml, '\n')}
${candidatesHtml}
<p>${more}</p>`;
  return { text, html };
}

/**
 * A task's or decision's mail: what to do (the step's instructions) or decide (the question), a
 * summary of what the step shows, and from the second round on, the round in the subject and
 * heading with the reason for it.
 */
export function renderNotice(
  n: Notice,
  locale: Locale,
  holderName: string,
  link: string,
  context?: WorkContext,
  shows?: NoticeShows,
  action = linkActionFor(n),
): RenderedNotice {
  const due = n.dueAt ? formatDue(new Date(n.dueAt), locale) : '';
  const outcome = typeof n.detail?.outcome === 'string' ? tr(locale, `outcome.${n.detail.outcome}` as MessageKey) : '';
  const title = roundTitle(locale, n.title, context?.round ?? 1);
  const args = { title, due, outcome, level: String(n.detail?.level ?? ''), reason: String(n.detail?.reason ?? '') };
  const subject = tr(locale, `notice.${n.kind}.subject` as MessageKey, args);
  const lead = tr(locale, `notice.${n.kind}.lead` as MessageKey, args);
  const button = tr(locale, action ? (`notice.button.${action}` as MessageKey) : 'notice.button.open');
  const greeting = tr(locale, 'notice.greeting', { name: holderName });
  const dueLine = due ? tr(locale, 'notice.due', { due }) : '';
  const reason = context?.reason ? roundReasonText(locale, context.reason) : '';
  const shared = action === 'part' ? tr(locale, 'notice.partNote') : coordinatorMessage(locale, n.detail?.message);
  const body = context?.text.trim() ?? '';
  const footer = tr(locale, 'notice.footer');
  const summary = showsSummary(locale, shows);
  const text = [
    greeting,
    '',
    lead,
    '',
    title,
    ...(dueLine ? [dueLine] : []),
    ...(reason ? ['', reason] : []),
    ...(shared ? ['', shared] : []),
    ...(body ? ['', body] : []),
    ...summary.text,
    '',
    `${button}: ${link}`,
    '',
    footer,
  ].join('\n');
  const html = mailHtml(
    locale,
    subject,
    greeting,
    lead,
    h`<h1 style="font-size:1.2rem">${title}</h1>
${dueLine ? h`<p>${dueLine}</p>` : ''}
${reason ? h`<p><strong>${reason}</strong></p>` : ''}
${shared ? h`<p style="white-space:pre-line">${shared}</p>` : ''}
${body ? h`<p style="white-space:pre-line">${body}</p>` : ''}
${summary.html}
${mailButton(link, button)}`,
    footer,
  );
  return {
    subject,
    text,
    html,
    ics: n.dueAt && withCalendar.has(n.kind) ? deadlinesIcs(locale, [{ target: n.target, title, dueAt: n.dueAt, link }]) : undefined,
  };
}

/** A deadline in the reader's calendar: the UID is stable per target, so a later mail updates it. */
export interface Deadline {
  target: { kind: string; id: string };
  title: string;
  dueAt: string;
  link: string;
}

/** Deadlines as all-day events on their Stockholm dates. */
export function deadlinesIcs(locale: Locale, deadlines: Deadline[]): string {
  const cal = ical({ prodId: { company: 'Årshjul', product: 'arshjul', language: locale.toUpperCase() }, timezone: TIME_ZONE });
  for (const d of deadlines) {
    const due = new Date(d.dueAt);
    const l = toLocal(due);
    const day = new Date(Date.UTC(l.year, l.month - 1, l.day));
    cal.createEvent({
      id: `${d.target.kind}-${d.target.id}@arshjul`,
      start: day,
      end: new Date(day.getTime() + 86_400_000),
      allDay: true,
      summary: tr(locale, 'notice.ics.summary', { title: d.title }),
      description: `${tr(locale, 'notice.due', { due: formatDue(due, locale) })}\n${d.link}`,
      url: d.link,
    });
  }
  return cal.toString();
}

/**
 * Writes the notice to the outbox, once per seat: the row's key is the notice key plus the seat,
 * so a retried activity finds its row and writes nothing twice. The holder is the one on the
 * seat on the notice's Stockholm date: tasks follow the seat, mail follows the holder. A notice
 * that asks for an action carries a personal link, created with the row and never again.
 */
export async function writeNotice(db: Db, publicUrl: string, n: Notice, organizer = 'arshjul@example.org'): Promise<number> {
  const day = stockholmDate(new Date(n.at));
  // Read once for every seat; the projection is written before its notice, in the same transaction.
  const context = await workContext(db, n.target);
  const shows = context ? await noticeShows(db, n.target) : undefined;
  const meeting = n.target.kind === 'meeting' ? await shownMeeting(db, n.detail as unknown as MeetingDetail) : undefined;
  let written = 0;
  for (const seatId of n.seatIds) {
    const holder = await holderOn(db, seatId, day);
    if (!holder) continue;
    const action = linkActionFor(n, seatId, context);
    const minted = action ? newToken() : undefined;
    const link = minted ? `${publicUrl}/l/${minted.token}` : `${publicUrl}${n.path ?? '/'}`;
    const { subject, text, html, ics } = meeting
      ? renderMeetingNotice(n, holder.locale, holder, publicUrl, organizer, minted && link, meeting)
      : renderNotice(n, holder.locale, holder.name, link, context, shows, action);
    const rows = await db
      .insert(t.mailOutbox)
      .values({
        key: `${n.key}:${seatId}`,
        kind: n.kind,
        seatId,
        holderId: holder.id,
        targetKind: n.target.kind,
        targetId: n.target.id,
        scheduledAt: new Date(n.at),
        toAddress: holder.email,
        toName: holder.name,
        locale: holder.locale,
        subject,
        text,
        html,
        ics: ics ?? null,
      })
      .onConflictDoNothing({ target: t.mailOutbox.key })
      .returning({ id: t.mailOutbox.id });
    if (rows.length === 0) continue;
    written++;
    if (action && minted) {
      const until = meeting ? meeting.endsAt : n.dueAt;
      await storeLink(db, minted.hash, {
        seatId,
        holderId: holder.id,
        action,
        targetKind: n.target.kind,
        targetId: n.target.id,
        expiresAt: linkExpiry(action, n.at, until),
      });
    }
  }
  return written;
}

/** The meeting's agenda as the records stand when the mail is written: cycles named, decided items off. */
async function shownMeeting(db: Db, d: MeetingDetail): Promise<ShownMeetingDetail> {
  const keys = d.agenda.flatMap((a) => (a.key ? [a.key] : []));
  return { ...d, agenda: agendaAsOf(d.agenda, new Date(d.startsAt), await agendaFacts(db, keys)) };
}

const SIGNIN_MS = 30 * 60_000;

/**
 * Task links outlive the deadline (late work is still welcome), and a meeting's its end (the
 * minutes come later); votes end with the decision; a sign-in link lives half an hour.
 */
export function linkExpiry(action: LinkAction, at: string, dueAt: string | undefined): Date {
  if (action === 'signin') return new Date(Date.parse(at) + SIGNIN_MS);
  const horizon = Math.max(Date.parse(dueAt ?? at), Date.parse(at));
  return new Date(horizon + (action === 'vote' ? 86_400_000 : 30 * 86_400_000));
}

export interface LinkBinding {
  seatId: string;
  holderId: string;
  action: LinkAction;
  targetKind: string;
  targetId: string;
  expiresAt: Date;
}

export const storeLink = (db: Db, tokenHash: string, binding: LinkBinding) => db.insert(t.linkTokens).values({ tokenHash, ...binding });

/** A sign-in link handed out directly, for a local run whose mail never leaves the outbox. */
export async function issueSigninLink(db: Db, seatId: string, holder: { id: string; email: string }): Promise<string> {
  const { token, hash } = newToken();
  await storeLink(db, hash, {
    seatId,
    holderId: holder.id,
    action: 'signin',
    targetKind: 'person',
    targetId: holder.email,
    expiresAt: new Date(Date.now() + SIGNIN_MS),
  });
  return token;
}
