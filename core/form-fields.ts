import { z } from 'zod';
import { isValidDate } from './time';

/**
 * A form's fields, as a definition carries them, and the one check of what someone filled in. The
 * same rules run for a draft, a submission, the API and the page, so a limit means the same
 * everywhere; wording comes from the caller's catalogue (core/ knows keys, not languages).
 */

/** camelCase, so a field's path (`contacts.1.email`) splits on dots and reads well in the JSON export. */
export const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,59}$/;
const fieldKey = z.string().regex(FIELD_KEY);
const optionValue = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const bilingual = z.strictObject({ sv: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) });
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/;
const MAX_ATTACHMENT = 100_000_000;

const base = {
  key: fieldKey,
  label: bilingual,
  help: bilingual.optional(),
  /** A hidden field is never required, whatever this says. */
  required: z.boolean().default(false),
  /** Shown only while an earlier field on the same level holds this value; otherwise hidden and not kept. */
  showIf: z.strictObject({ field: fieldKey, equals: z.union([z.string().max(200), z.number(), z.boolean()]) }).optional(),
};

const leafFields = [
  z.strictObject({ ...base, kind: z.literal('text'), maxChars: z.int().min(1).max(1000).default(200) }),
  z.strictObject({ ...base, kind: z.literal('longText'), maxChars: z.int().min(1).max(100_000) }),
  z.strictObject({ ...base, kind: z.literal('email') }),
  z.strictObject({
    ...base,
    kind: z.literal('choice'),
    options: z
      .array(z.strictObject({ value: optionValue, label: bilingual }))
      .min(1)
      .max(200),
  }),
  /** A box to tick; required means it must be ticked. */
  z.strictObject({ ...base, kind: z.literal('tick') }),
  z.strictObject({ ...base, kind: z.literal('number'), min: z.number().optional(), max: z.number().optional() }),
  /** A calendar date, `YYYY-MM-DD`. */
  z.strictObject({ ...base, kind: z.literal('date') }),
  z.strictObject({
    ...base,
    kind: z.literal('attachment'),
    /** MIME types, e.g. `application/pdf`. */
    accept: z.array(z.string().regex(MIME)).min(1).max(20),
    maxBytes: z.int().min(1).max(MAX_ATTACHMENT),
  }),
] as const;

export type FormDefinitionKey =
  | 'form.def.fieldKey'
  | 'form.def.duplicateKey'
  | 'form.def.showIfUnknown'
  | 'form.def.showIfLater'
  | 'form.def.showIfKind'
  | 'form.def.showIfOption'
  | 'form.def.duplicateOption'
  | 'form.def.range';

/** Keys, showIf targets, options and ranges of one level: the form itself, or one repeating group's row. */
function checkLevel(fields: { key: string; kind: string; showIf?: ShowIf }[], ctx: z.core.$RefinementCtx) {
  const issue = (path: (string | number)[], key: FormDefinitionKey, args: Record<string, string | number> = {}) =>
    ctx.addIssue({ code: 'custom', path, params: { i18n: key, args } });
  const earlier = new Map<string, FormField>();
  fields.forEach((raw, i) => {
    const f = raw as FormField;
    if (earlier.has(f.key)) issue([i, 'key'], 'form.def.duplicateKey', { key: f.key });
    if (f.showIf) {
      const { field, equals } = f.showIf;
      const target = earlier.get(field);
      if (!target) {
        const later = fields.slice(i).some((g) => g.key === field);
        issue([i, 'showIf', 'field'], later ? 'form.def.showIfLater' : 'form.def.showIfUnknown', { field });
      } else if (target.kind === 'group' || target.kind === 'attachment') {
        issue([i, 'showIf', 'field'], 'form.def.showIfKind', { field });
      } else if (target.kind === 'choice' && !target.options.some((o) => o.value === equals)) {
        issue([i, 'showIf', 'equals'], 'form.def.showIfOption', { field, value: String(equals) });
      }
    }
    if (f.kind === 'choice') {
      const values = f.options.map((o) => o.value);
      values.forEach((v, j) => {
        if (values.indexOf(v) !== j) issue([i, 'options', j, 'value'], 'form.def.duplicateOption', { value: v });
      });
    }
    const range = f.kind === 'number' ? ([f.min, f.max] as const) : f.kind === 'group' ? ([f.minRows, f.maxRows] as const) : undefined;
    if (range && range[0] !== undefined && range[1] !== undefined && range[0] > range[1]) {
      issue([i], 'form.def.range', { min: range[0], max: range[1] });
    }
    earlier.set(f.key, f);
  });
}

const leafField = z.discriminatedUnion('kind', [...leafFields]);
/** Rows of the same fields, e.g. the contacts: name and e-mail, once per person. Groups do not nest. */
const groupField = z.strictObject({
  ...base,
  kind: z.literal('group'),
  fields: z.array(leafField).min(1).max(30).superRefine(checkLevel),
  minRows: z.int().min(0).max(100).default(0),
  maxRows: z.int().min(1).max(100),
});

export const formField = z.discriminatedUnion('kind', [...leafFields, groupField]);
export const formFields = z.array(formField).min(1).max(200).superRefine(checkLevel);

type ShowIf = { field: string; equals: string | number | boolean };
export type FormField = z.infer<typeof formField>;
export type LeafField = z.infer<typeof leafField>;
export type FormFields = z.infer<typeof formFields>;
export type FormFieldsInput = z.input<typeof formFields>;

/**
 * User-perceived characters (grapheme clusters), as the template means "max 1000 tecken": 👩‍👩‍👧 is
 * one, e + a combining accent is one, and a line break is one. A browser's textarea submits each
 * line break as `\r\n`, which is a single grapheme cluster, so it counts once, as the person sees it.
 */
const graphemes = new Intl.Segmenter('sv', { granularity: 'grapheme' });
export function countChars(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

const attachmentRef = z.strictObject({
  /** Where the stored file is found; opaque here. */
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(300),
  type: z.string().max(200),
  size: z.int().min(0),
});
export type AttachmentRef = z.infer<typeof attachmentRef>;
export type LeafValue = string | number | boolean | AttachmentRef;
export type FormRow = Record<string, LeafValue>;
export type FormValues = Record<string, LeafValue | FormRow[]>;

export type FormMessageKey =
  | 'form.required'
  | 'form.tooLong'
  | 'form.notText'
  | 'form.email'
  | 'form.choice'
  | 'form.tick'
  | 'form.number'
  | 'form.min'
  | 'form.max'
  | 'form.date'
  | 'form.rows'
  | 'form.tooFewRows'
  | 'form.tooManyRows'
  | 'form.attachment'
  | 'form.fileType'
  | 'form.fileSize'
  | 'form.rowLabel';
export type FormLocale = 'sv' | 'en';
/** The catalogue lookup, i18n's `t`: passed in because core/ holds no wording of its own. */
export type Translate = (locale: FormLocale, key: FormMessageKey, params: Record<string, string | number>) => string;

export interface FormProblem {
  /** The value's path, e.g. `contacts.1.email` for the second row's e-mail. */
  field: string;
  message: string;
}

export interface FormCheck {
  locale: FormLocale;
  /** A draft may leave required fields empty; every limit and format still holds, so nothing wrong is saved. */
  mode: 'draft' | 'submit';
  t: Translate;
}

type Read = { value?: LeafValue; problem?: [FormMessageKey, Record<string, string | number>] };

const isBlank = (v: unknown) => v === undefined || v === null || v === false || (typeof v === 'string' && v.trim() === '');

/**
 * Long text is kept as typed, so the count here is the browser's count; a short text's surrounding
 * spaces are dropped, which can only bring it under its limit.
 */
function readText(raw: unknown, maxChars: number, kind: 'text' | 'longText'): Read {
  if (typeof raw !== 'string') return { problem: ['form.notText', {}] };
  const value = (kind === 'text' ? raw.trim() : raw).replace(/\r\n?/g, '\n');
  const count = countChars(value);
  return count > maxChars ? { problem: ['form.tooLong', { max: maxChars, count }] } : { value };
}

function readNumber(raw: unknown, f: Extract<LeafField, { kind: 'number' }>, locale: FormLocale): Read {
  // Swedish writes 400 000,5: spaces group thousands and the comma is the decimal sign.
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.replace(/[\s\u00a0]/g, '').replace(',', '.')) : NaN;
  if (!Number.isFinite(value)) return { problem: ['form.number', {}] };
  if (f.min !== undefined && value < f.min) return { problem: ['form.min', { min: new Intl.NumberFormat(locale).format(f.min) }] };
  if (f.max !== undefined && value > f.max) return { problem: ['form.max', { max: new Intl.NumberFormat(locale).format(f.max) }] };
  return { value };
}

function readAttachment(raw: unknown, f: Extract<LeafField, { kind: 'attachment' }>, locale: FormLocale): Read {
  const parsed = attachmentRef.safeParse(raw);
  if (!parsed.success) return { problem: ['form.attachment', {}] };
  const file = parsed.data;
  if (!f.accept.includes(file.type)) return { problem: ['form.fileType', { type: file.type || '?', accepted: f.accept.join(', ') }] };
  if (file.size > f.maxBytes)
    return { problem: ['form.fileSize', { size: megabytes(file.size, locale), max: megabytes(f.maxBytes, locale) }] };
  return { value: file };
}

const megabytes = (bytes: number, locale: FormLocale) =>
  `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1_000_000)} MB`;

function readLeaf(f: LeafField, raw: unknown, locale: FormLocale): Read {
  if (f.kind === 'tick') {
    if (raw === true || raw === 'on' || raw === 'true') return { value: true };
    return isBlank(raw) || raw === 'false' ? { value: false } : { problem: ['form.tick', {}] };
  }
  if (isBlank(raw)) return {};
  switch (f.kind) {
    case 'text':
    case 'longText':
      return readText(raw, f.maxChars, f.kind);
    case 'email': {
      const value = typeof raw === 'string' ? raw.trim() : '';
      return z.email().max(254).safeParse(value).success ? { value } : { problem: ['form.email', { value: String(raw) }] };
    }
    case 'choice':
      return f.options.some((o) => o.value === raw) ? { value: raw as string } : { problem: ['form.choice', { value: String(raw) }] };
    case 'number':
      return readNumber(raw, f, locale);
    case 'date': {
      const m = typeof raw === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim()) : null;
      return m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3])) ? { value: m[0] } : { problem: ['form.date', {}] };
    }
    case 'attachment':
      return readAttachment(raw, f, locale);
  }
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Checks what someone filled in against the fields: returns the values worth keeping (hidden fields
 * and blank group rows dropped, line breaks as `\n`) and every problem, each naming
 * the field by its label. Save only when there are no problems.
 */
export function validateForm(fields: FormFields, values: unknown, check: FormCheck): { values: FormValues; problems: FormProblem[] } {
  const { locale, mode, t } = check;
  const problems: FormProblem[] = [];
  const report = (field: string, label: string, [key, args]: [FormMessageKey, Record<string, string | number>]) =>
    problems.push({ field, message: t(locale, key, { ...args, label }) });
  const missing = (f: { required: boolean }, value: unknown) => mode === 'submit' && f.required && (value === undefined || value === false);

  function level<F extends FormField>(list: F[], input: Record<string, unknown>, prefix: string, labelOf: (f: F) => string) {
    const out: FormValues = {};
    for (const f of list) {
      if (f.showIf && out[f.showIf.field] !== f.showIf.equals) continue;
      const path = prefix + f.key;
      const label = labelOf(f);
      if (f.kind === 'group') {
        const rows = group(f, input[f.key], path, label);
        if (rows.length) out[f.key] = rows;
        continue;
      }
      const read = readLeaf(f, input[f.key], locale);
      if (read.problem) report(path, label, read.problem);
      else if (missing(f, read.value)) report(path, label, ['form.required', {}]);
      if (read.value !== undefined) out[f.key] = read.value;
    }
    return out;
  }

  function group(f: Extract<FormField, { kind: 'group' }>, raw: unknown, path: string, label: string): FormRow[] {
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      report(path, label, ['form.rows', {}]);
      return [];
    }
    const rows: FormRow[] = [];
    (raw ?? []).forEach((row: unknown, i: number) => {
      const cells = asRecord(row);
      if (f.fields.every((g) => isBlank(cells[g.key]))) return;
      const rowLabel = (g: LeafField) => t(locale, 'form.rowLabel', { group: label, row: i + 1, field: g.label[locale] });
      rows.push(level(f.fields, cells, `${path}.${i}.`, rowLabel) as FormRow);
    });
    const needed = Math.max(f.minRows, f.required ? 1 : 0);
    if (rows.length > f.maxRows) report(path, label, ['form.tooManyRows', { max: f.maxRows, count: rows.length }]);
    else if (mode === 'submit' && rows.length === 0 && needed > 0) report(path, label, ['form.required', {}]);
    else if (mode === 'submit' && rows.length < needed) report(path, label, ['form.tooFewRows', { min: needed, count: rows.length }]);
    return rows;
  }

  return { values: level(fields, asRecord(values), '', (f) => f.label[locale]), problems };
}
