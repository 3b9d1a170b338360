import { addDays, durationDays, stockholmInstant, toLocal, type LocalDate } from './time';
import { DUE, type ReminderPolicy } from './definition';

/**
 * The calendar arithmetic of one step's work: its due date from a definition's spec, and its
 * reminders and escalations on Stockholm calendar days, also for work that starts late. Pure.
 */

export interface ResolvedEscalation {
  afterDays: number;
  seatIds: string[];
}

/** Every instant of one step's work, as ISO strings. */
export interface Schedule {
  dueAt: string;
  remindAt: string[];
  escalations: { at: string; level: number; seatIds: string[] }[];
}

const DEFAULT_DUE_HOUR = 23;
const DEFAULT_DUE_MINUTE = 59;
const REMINDER_HOUR = 8;
const MAX_REPEATS = 12;

/** A due date without an hour is due at the end of its Stockholm day. */
export const endOfDay = (date: LocalDate) => stockholmInstant(date, DEFAULT_DUE_HOUR, DEFAULT_DUE_MINUTE);
const at8 = (date: LocalDate) => stockholmInstant(date, REMINDER_HOUR, 0);
export const localDay = (at: Date): LocalDate => {
  const l = toLocal(at);
  return { year: l.year, month: l.month, day: l.day };
};

/** A due spec as an instant: relative to the cycle year, or to the step's start. */
export function resolveDue(spec: string, year: number, start?: Date): Date | undefined {
  const g = DUE.exec(spec)?.groups;
  if (!g) throw new Error(`invalid due spec ${spec}`);
  if (g.after) {
    if (!start) return undefined;
    return endOfDay(addDays(localDay(start), durationDays(g.after)));
  }
  const date = { year: year + Number(g.shift ?? 0), month: Number(g.month), day: Number(g.day) };
  return g.hour ? stockholmInstant(date, Number(g.hour), Number(g.minute)) : endOfDay(date);
}

/** Reminders at 08:00 on Stockholm calendar days around the due date; escalations after it. */
export function scheduleFor(dueAt: Date, reminders: ReminderPolicy, escalation: ResolvedEscalation[]): Schedule {
  const dueDay = localDay(dueAt);
  const times = new Set<number>();
  for (const before of reminders.before) times.add(at8(addDays(dueDay, -durationDays(before))).getTime());
  if (reminders.onTheDay) times.add(at8(dueDay).getTime());
  if (reminders.thenEvery) {
    const every = durationDays(reminders.thenEvery);
    for (let k = 1; k <= MAX_REPEATS; k++) times.add(at8(addDays(dueDay, every * k)).getTime());
  }
  const remindAt = [...times]
    .filter((t) => t !== dueAt.getTime())
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
  return {
    dueAt: dueAt.toISOString(),
    remindAt,
    escalations: escalation.map((e, i) => ({
      at: at8(addDays(dueDay, e.afterDays)).toISOString(),
      level: i + 1,
      seatIds: e.seatIds,
    })),
  };
}

/**
 * The schedule of work that starts on or after its due date: still due when it was due (so it is
 * overdue from its first moment), with the reminders already past dropped, and each escalation
 * moved to the same number of days after the start as it lay after the due date, at 08:00. Nothing
 * lies before `start`.
 */
export function lateSchedule(schedule: Schedule, start: Date): Schedule {
  const dueDay = localDay(new Date(schedule.dueAt));
  const startDay = localDay(start);
  const daysAfterDue = (at: string) => {
    const d = localDay(new Date(at));
    return Math.round((Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(dueDay.year, dueDay.month - 1, dueDay.day)) / 86_400_000);
  };
  return {
    dueAt: schedule.dueAt,
    remindAt: schedule.remindAt.filter((at) => Date.parse(at) > start.getTime()),
    escalations: schedule.escalations.map((e) => {
      const days = Math.max(daysAfterDue(e.at), 0);
      let at = at8(addDays(startDay, days));
      if (at.getTime() <= start.getTime()) at = at8(addDays(startDay, days + 1));
      return { ...e, at: at.toISOString() };
    }),
  };
}

/** Only what lies after `at`: nothing is scheduled in the past. */
export function after(schedule: Schedule, at: Date): Schedule {
  const ahead = (x: string) => Date.parse(x) > at.getTime();
  return { dueAt: schedule.dueAt, remindAt: schedule.remindAt.filter(ahead), escalations: schedule.escalations.filter((e) => ahead(e.at)) };
}
