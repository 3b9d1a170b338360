/**
 * Calendar arithmetic in Europe/Stockholm. Lives outside workflows: the year plan and every
 * schedule are resolved here and handed to workflows as instants.
 */
import { TIME_ZONE } from './time';

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Stockholm wall-clock fields of an instant. */
export function toLocal(at: Date): LocalDate & { hour: number; minute: number } {
  const f = Object.fromEntries(parts.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: +f.year!, month: +f.month!, day: +f.day!, hour: +f.hour!, minute: +f.minute! };
}

/** The UTC offset of Stockholm at an instant, in minutes (60 in winter, 120 in summer). */
function offsetMinutes(at: Date): number {
  const l = toLocal(at);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** The instant at which Stockholm's clocks show this date and time. */
export function stockholmInstant(date: LocalDate, hour: number, minute: number): Date {
  const naive = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Two passes settle the offset on both sides of a daylight-saving change.
  let at = new Date(naive - offsetMinutes(new Date(naive)) * 60_000);
  at = new Date(naive - offsetMinutes(at) * 60_000);
  return at;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isValidDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const formatLocalDate = (d: LocalDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
