/** Officials live in Europe/Stockholm: every date shown or compared is a Stockholm date. */
export const TIME_ZONE = 'Europe/Stockholm';

const isoDate = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Stockholm calendar date (YYYY-MM-DD) of an instant. */
export function stockholmDate(at: Date): string {
  return isoDate.format(at);
}

const formatters = {
  sv: new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }),
};

export function formatInstant(at: Date, locale: 'sv' | 'en'): string {
  return formatters[locale].format(at);
}
