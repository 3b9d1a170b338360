/**
 * Stockholm time, in one place. Officials live in Europe/Stockholm: every date shown, compared or
 * planned is a Stockholm date, and this module is the only one that knows the zone. It turns
 * instants into Stockholm wall-clock fields and back, and holds every date formatter. Lives outside
 * workflows: the year plan and every schedule are resolved here and handed to workflows as instants.
 */
import { TZDate } from '@date-fns/tz';

export const TIME_ZONE = 'Europe/Stockholm';

/** A calendar day, with no time zone of its own. */
export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

/** Stockholm wall-clock fields of an instant. */
export function toLocal(at: Date): LocalDate & { hour: number; minute: number } {
  const local = new TZDate(at.getTime(), TIME_ZONE);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
  };
}

/**
 * The instant at which Stockholm's clocks show this date and time. A time the spring change skips
 * (02:30 on the last Sunday of March) is the instant the clocks then show 03:30; a time the autumn
 * change shows twice is the second of them, in winter time.
 */
export function stockholmInstant(date: LocalDate, hour: number, minute: number): Date {
  return new Date(new TZDate(date.year, date.month - 1, date.day, hour, minute, TIME_ZONE).getTime());
}

/** The Stockholm calendar date (YYYY-MM-DD) of an instant. */
export function stockholmDate(at: Date): string {
  return formatLocalDate(toLocal(at));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isValidDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export const formatLocalDate = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** Durations in definitions: a whole number of days or weeks ("14d", "2w"), counted in Stockholm calendar days. */
export const DURATION = /^(\d{1,3})([dw])$/;

export function durationDays(spec: string): number {
  const m = DURATION.exec(spec);
  if (!m) throw new Error(`not a duration: ${spec}`);
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

export const DAY_MS = 86_400_000;

/** How an instant is written in Stockholm time; the words around it belong to the views. */
const styles = {
  /** "14 mars 2027 kl. 09:00" */
  long: { dateStyle: 'long', timeStyle: 'short' },
  /** "14 mars 2027" */
  date: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "14 mars 2027 09:00" */
  dateTime: { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** "tisdag 9 mars 2027" */
  weekday: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  /** "09:00", the same in both languages */
  clock: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof styles;
type Language = 'sv' | 'en';

const tags: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };
// A formatter is slow to make and quick to use: each is made once, when first asked for.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant in Stockholm time, in a language and a style. */
export function formatStockholm(at: Date, locale: Language, style: DateStyle): string {
  const key = `${locale} ${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(tags[locale], { timeZone: TIME_ZONE, ...styles[style] });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
}

export function formatInstant(at: Date, locale: Language): string {
  return formatStockholm(at, locale, 'long');
}
