import ical from 'ical-generator';
import { toLocal } from '../../core/time';
import { formatDue } from '../../web/format';
import { t, type Locale } from '../../i18n';
import type { FeedItems } from '../../db/queries/admin';
import { agendaLine } from '../../activities/meeting-mail';

const DAY = 86_400_000;

/** A deadline as an all-day event on its Stockholm date. */
function deadline(at: Date) {
  const l = toLocal(at);
  const start = new Date(Date.UTC(l.year, l.month - 1, l.day));
  return { start, end: new Date(start.getTime() + DAY), allDay: true };
}

/**
 * The feed as iCalendar. UIDs are fixed per task, decision and meeting, so a calendar that
 * refreshes replaces events rather than adding them; closed work drops out. Meeting times are
 * written in UTC, which every calendar program shows in its own zone.
 */
export function feedCalendar(l: Locale, name: string, items: FeedItems, bodyName: string): string {
  const cal = ical({ name, prodId: { company: 'Årshjul', product: 'arshjul', language: l.toUpperCase() }, ttl: 3600 });
  for (const task of items.tasks) {
    cal.createEvent({
      id: `feed-task-${task.id}@arshjul`,
      ...deadline(task.dueAt),
      summary: t(l, 'admin.ics.task', { title: task.title }),
      description: [
        t(l, 'notice.due', { due: formatDue(task.dueAt, l) }),
        t(l, 'admin.ics.seatTask', { seat: task.seatTitle }),
        task.instructions,
      ]
        .filter(Boolean)
        .join('\n'),
    });
  }
  for (const decision of items.decisions) {
    cal.createEvent({
      id: `feed-decision-${decision.id}@arshjul`,
      ...deadline(decision.dueAt),
      summary: t(l, 'admin.ics.decision', { title: decision.title || decision.question }),
      description: [t(l, 'notice.due', { due: formatDue(decision.dueAt, l) }), decision.question].join('\n'),
    });
  }
  for (const meeting of items.meetings) {
    cal.createEvent({
      id: `feed-meeting-${meeting.id}@arshjul`,
      start: meeting.startsAt,
      end: meeting.endsAt,
      sequence: meeting.sequence,
      summary: meeting.seriesTitle ?? t(l, 'admin.ics.meeting', { body: bodyName }),
      location: meeting.location || undefined,
      description:
        [meeting.host ? t(l, 'admin.ics.host', { host: meeting.host }) : '', ...meeting.agenda.map((item) => `– ${agendaLine(item, l)}`)]
          .filter(Boolean)
          .join('\n') || undefined,
    });
  }
  return cal.toString();
}
