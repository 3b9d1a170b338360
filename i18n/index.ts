import { z } from 'zod';
import { en } from './en';
import { sv, type MessageKey } from './sv';

export type Locale = 'sv' | 'en';
export type { MessageKey };
export const locales: Locale[] = ['sv', 'en'];
export const defaultLocale: Locale = 'sv';

const catalogues: Record<Locale, Record<MessageKey, string>> = { sv, en };

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** Zod's own Swedish and English messages, so schema errors read naturally in both languages. */
export const zodErrorMaps: Record<Locale, z.core.$ZodErrorMap> = {
  sv: withRequired(z.locales.sv().localeError, 'obligatoriskt fält saknas'),
  en: withRequired(z.locales.en().localeError, 'required field is missing'),
};

/** A missing field reads better as "required" than as "expected string, received undefined". */
function withRequired(base: z.core.$ZodErrorMap, required: string): z.core.$ZodErrorMap {
  return (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? required : base(issue));
}

/** `?lang=` first, then the `lang` cookie, then Accept-Language; Swedish when nothing matches. */
export function pickLocale(query: unknown, cookieHeader: string | undefined, acceptLanguage: string | undefined): Locale {
  const fromQuery = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  if (fromQuery === 'sv' || fromQuery === 'en') return fromQuery;
  const cookie = /(?:^|;\s*)lang=(sv|en)\b/.exec(cookieHeader ?? '')?.[1];
  if (cookie === 'sv' || cookie === 'en') return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'sv' || tag === 'en') return tag;
  }
  return defaultLocale;
}
