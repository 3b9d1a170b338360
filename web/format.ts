import { toLocal } from '../core/calendar';
import { TIME_ZONE } from '../core/time';

const dateOnly = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' }),
};
const withTime = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};

/**
 * Pages show the same few deadlines many times over, and time-zone formatting is slow: the
 * texts are remembered (a bounded memo, emptied when it grows large).
 */
export function memo(compute: (at: Date, locale: 'sv' | 'en') => string): (at: Date, locale: 'sv' | 'en') => string {
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
  return l.hour === 23 && l.minute === 59 ? dateOnly[locale].format(at) : withTime[locale].format(at);
});

/** "14 mars 2027": the Stockholm date only. */
export function formatDate(at: Date, locale: 'sv' | 'en'): string {
  return dateOnly[locale].format(at);
}
