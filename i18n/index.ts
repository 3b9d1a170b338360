import { z } from 'zod';
import { DURATION } from '../core/time';
import { SEAT_SLUG, SLUG } from '../core/definition';
import { FIELD_KEY } from '../core/form-fields';
import { en } from './en';
import { sv, type MessageKey } from './sv';

export type Locale = 'sv' | 'en';
export type { MessageKey };
export const locales: Locale[] = ['sv', 'en'];
export const defaultLocale: Locale = 'sv';

const catalogues: Record<Locale, Record<MessageKey, string>> = { sv, en };

export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Zod's own Swedish and English messages, so schema errors read naturally in both languages. */
export const zodErrorMaps: Record<Locale, z.core.$ZodErrorMap> = {
  sv: localised('sv', z.locales.sv().localeError, 'obligatoriskt fält saknas'),
  en: localised('en', z.locales.en().localeError, 'required field is missing'),
};

/** Our own patterns say what they expect, in words. */
const patternMessages = new Map<string, MessageKey>([
  [String(SLUG), 'def.slug'],
  [String(SEAT_SLUG), 'def.seatSlug'],
  [String(DURATION), 'def.duration'],
  [String(FIELD_KEY), 'form.def.fieldKey'],
]);

/**
 * A missing field reads better as "required" than as "expected string, received undefined";
 * custom issues carry an i18n key and arguments instead of a fixed message.
 */
function localised(locale: Locale, base: z.core.$ZodErrorMap, required: string): z.core.$ZodErrorMap {
  return (issue) => {
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined) return required;
    if (issue.code === 'custom' && typeof issue.params?.i18n === 'string') {
      return t(locale, issue.params.i18n as MessageKey, (issue.params.args ?? {}) as Record<string, string>);
    }
    if (issue.code === 'invalid_format' && issue.format === 'regex') {
      const key = patternMessages.get((issue as { pattern?: string }).pattern ?? '');
      if (key) return t(locale, key, { value: String(issue.input) });
    }
    return base(issue);
  };
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
