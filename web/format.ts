import { formatStockholm, toLocal } from '../core/time';
import { t, type Locale } from '../i18n';

/**
 * Pages show the same few deadlines many times over, and time-zone formatting is slow: the
 * texts are remembered (a bounded memo, emptied when it grows large).
 */
export function memo(compute: (at: Date, locale: Locale) => string): (at: Date, locale: Locale) => string {
  const seen = new Map<string, string>();
  return (at, locale) => {
    const key = `${locale}${at.getTime()}`;
    let text = seen.get(key);
    if (text === undefined) {
      text = compute(at, locale);
      if (seen.size >= 10_000) seen.clear();
      seen.set(key, text);
    }
    return text;
  };
}

/** "14 mars 2027" for an end-of-day deadline, with the time when it is another time of day. */
export const formatDue = memo((at, locale) => {
  const l = toLocal(at);
  return formatStockholm(at, locale, l.hour === 23 && l.minute === 59 ? 'date' : 'dateTime');
});

/** "14 mars 2027": the Stockholm date only. */
export function formatDate(at: Date, locale: Locale): string {
  return formatStockholm(at, locale, 'date');
}

/** "tisdag 9 mars 2027 kl. 09:00–12:00", Stockholm time. */
export function formatMeetingWhen(startsAt: Date, endsAt: Date, locale: Locale): string {
  const clock = (at: Date) => formatStockholm(at, locale, 'clock');
  return t(locale, 'meetings.whenFormat', {
    date: formatStockholm(startsAt, locale, 'weekday'),
    start: clock(startsAt),
    end: clock(endsAt),
  });
}
