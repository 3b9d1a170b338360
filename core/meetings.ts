import { addDays, durationDays, formatLocalDate, stockholmInstant, toLocal, type LocalDate } from './time';
import { scheduleFor, type ResolvedEscalation, type Schedule } from './schedule';
import type { MeetingRule, ReminderPolicy } from './definition';
import type { Member } from './rotation';

/**
 * Meeting dates and the instants around each meeting, in Europe/Stockholm. Lives outside
 * workflows: the series workflow receives instants from an activity and only waits for them.
 */

/** What a series needs to know to plan and run a body's meetings; resolved when it starts. */
export interface MeetingPolicy {
  rule: MeetingRule;
  hosting: 'rotating' | 'convenor';
  hostMandates: string[];
  location: string;
  noticeDays: number;
  hostReminderDays: number;
  minutes: { title: string; dueDays: number; reminders: ReminderPolicy; escalation: ResolvedEscalation[] };
}

/** Every instant of one meeting, as ISO strings. */
export interface MeetingTimes {
  startsAt: string;
  endsAt: string;
  /** The Stockholm date of the meeting, `YYYY-MM-DD`. */
  date: string;
  noticeAt: string;
  hostReminderAt: string;
  minutes: Schedule;
}

const REMINDER_HOUR = 8;
const at8 = (d: LocalDate) => stockholmInstant(d, REMINDER_HOUR, 0);

/** The nth (1–4) or last (-1) ISO weekday of a month. */
export function nthWeekday(year: number, month: number, weekday: number, nth: number): LocalDate {
  if (nth === -1) {
    const last = new Date(Date.UTC(year, month, 0));
    const iso = last.getUTCDay() === 0 ? 7 : last.getUTCDay();
    return addDays({ year, month, day: last.getUTCDate() }, -((iso - weekday + 7) % 7));
  }
  const first = new Date(Date.UTC(year, month - 1, 1));
  const iso = first.getUTCDay() === 0 ? 7 : first.getUTCDay();
  return { year, month, day: 1 + ((weekday - iso + 7) % 7) + (nth - 1) * 7 };
}

/** A body's meetings in a year by its rule: start and end instants. */
export function meetingDates(rule: MeetingRule, year: number): { startsAt: Date; endsAt: Date }[] {
  const [hour, minute] = rule.start.split(':').map(Number) as [number, number];
  return [...new Set(rule.months)]
    .sort((a, b) => a - b)
    .map((month) => {
      const startsAt = stockholmInstant(nthWeekday(year, month, rule.weekday, rule.nth), hour, minute);
      return { startsAt, endsAt: new Date(startsAt.getTime() + rule.minutes * 60_000) };
    });
}

/** The notice, the host's reminder and the minutes' deadline around one meeting. */
export function meetingTimes(
  startsAt: Date,
  endsAt: Date,
  policy: Pick<MeetingPolicy, 'noticeDays' | 'hostReminderDays'> & { minutes: Omit<MeetingPolicy['minutes'], 'title'> },
): MeetingTimes {
  const day = toLocal(startsAt);
  const local = { year: day.year, month: day.month, day: day.day };
  const end = toLocal(endsAt);
  const minutesDue = stockholmInstant(addDays({ year: end.year, month: end.month, day: end.day }, policy.minutes.dueDays), 23, 59);
  return {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    date: formatLocalDate(local),
    noticeAt: at8(addDays(local, -policy.noticeDays)).toISOString(),
    hostReminderAt: at8(addDays(local, -policy.hostReminderDays)).toISOString(),
    minutes: scheduleFor(minutesDue, policy.minutes.reminders, policy.minutes.escalation),
  };
}

/** The year's meetings with all their instants. */
export const planMeetingYear = (policy: MeetingPolicy, year: number): MeetingTimes[] =>
  meetingDates(policy.rule, year).map((m) => meetingTimes(m.startsAt, m.endsAt, policy));

/** The first meeting that starts on or after an instant, in a list of planned dates. */
export function firstMeetingFrom(rule: MeetingRule, after: Date, years: number[]): { startsAt: Date; endsAt: Date } | undefined {
  return years.flatMap((y) => meetingDates(rule, y)).find((m) => m.startsAt.getTime() >= after.getTime());
}

export const durations = (step: { noticeBefore: string; hostReminderBefore: string; minutes: { due: string } }) => ({
  noticeDays: durationDays(step.noticeBefore),
  hostReminderDays: durationDays(step.hostReminderBefore),
  minutesDueDays: durationDays(step.minutes.due),
});

/** An item on a meeting's agenda: proposed by a member, or put there by a cycle. */
export interface AgendaItem {
  id: string;
  title: string;
  source: 'member' | 'cycle';
  /** Items from the cycle: a decision to take, or a phase to review. */
  kind?: 'decision' | 'review';
  seatId?: string;
  /** For items from the cycle: the decision or phase, so a repeat adds nothing. */
  key?: string;
  at: string;
}

/** The body as a series sees it: every seat (for notices) and the organisations taking turns. */
export interface MeetingBody {
  bodyName: string;
  /** The Stockholm date of the moment asked about. */
  today: string;
  convenor: string | null;
  seats: { id: string; org: string; mandate: string }[];
  /** Organisations with a hosting seat, with their membership dates, ordered by short name. */
  members: Member[];
  names: Record<string, string>;
}

export interface MeetingRecord {
  id: string;
  key: string;
  number: number;
  startsAt: string;
  endsAt: string;
  host: string | null;
  hostPinned: boolean;
  skips: { org: string; reason: string; at: string }[];
  location: string;
  status: 'planned' | 'held' | 'cancelled';
  sequence: number;
  agenda: AgendaItem[];
  noticeAt: string;
  noticeSentAt?: string;
  hostReminderAt: string;
  hostRemindedAt?: string;
  minutesWorkflowId?: string;
  minutesDueAt?: string;
  minutes?: string;
  minutesPublishedAt?: string;
  cancelReason?: string;
}

/** What a meeting notice carries about its meeting, in `Notice.detail`. */
export interface MeetingDetail {
  meetingId: string;
  bodySlug: string;
  bodyName: string;
  /** iCalendar SEQUENCE: raised on every change sent to invitees. */
  sequence: number;
  startsAt: string;
  endsAt: string;
  host: string;
  location: string;
  /** Items from a cycle carry their key from the series' patch `meetings-notice-agenda-keys` on. */
  agenda: { title: string; kind?: 'decision' | 'review'; key?: string }[];
  minutes?: string;
  reason?: string;
}

/** What the records say about an item a cycle put on an agenda. */
export interface AgendaFacts {
  /** The cycle's name and year, e.g. "Operation Kvinnofrids årshjul 2027". */
  cycle?: string;
  /** A decision that has closed, with its outcome, or was cancelled (no outcome), and when. */
  decided?: { outcome: string | null; at: Date };
}

/**
 * The cycle an item belongs to, from its key: a decision's key is its workflow id
 * (`decision/<definition>/<year>/<step>[/r<round>]`), a phase review's `cycle/<definition>/<year>/<phase>`.
 */
export function cycleOfItem(key: string): string | undefined {
  const [kind, definition, year] = key.split('/');
  return (kind === 'decision' || kind === 'cycle') && definition && /^\d{4}$/.test(year ?? '') ? `cycle/${definition}/${year}` : undefined;
}

/**
 * A meeting's agenda as the records stand: items name their cycle and year, and a decision closed
 * before the meeting starts is off its agenda; the meeting where it was decided shows it as decided.
 */
export function agendaAsOf<T extends { kind?: 'decision' | 'review'; key?: string }>(
  items: T[],
  startsAt: Date,
  facts: ReadonlyMap<string, AgendaFacts>,
): (T & AgendaFacts)[] {
  return items.flatMap((item) => {
    const known = item.key ? facts.get(item.key) : undefined;
    if (!known) return [item];
    if (known.decided && known.decided.at.getTime() < startsAt.getTime()) return [];
    return [{ ...item, ...known }];
  });
}
