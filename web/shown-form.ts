import type { FormField, FormFields, FormValues, LeafField, LeafValue } from '../core/form-fields';
import { t, type Locale } from '../i18n';

/**
 * A filled-in form as a reader reads it, in their language: what a signer signs, and what a
 * decision or task shows of a submitted form, so a voter sees what they vote on.
 */

/** One field as read: its label and its value in words, a group as its rows. */
export interface ShownField {
  label: string;
  value?: string;
  rows?: ShownField[][];
}

function shownLeaf(l: Locale, f: LeafField, v: LeafValue | undefined): string {
  if (v === undefined || v === '') return '—';
  if (f.kind === 'tick') return t(l, v === true ? 'sign.yes' : 'sign.no');
  if (f.kind === 'choice') return f.options.find((o) => o.value === v)?.label[l] ?? String(v);
  if (typeof v === 'object') return `${v.name} (${v.type}, ${v.size} B)`;
  return String(v);
}

export function shownFields(l: Locale, fields: FormFields, values: FormValues): ShownField[] {
  return fields.map((f: FormField) => {
    if (f.kind !== 'group') return { label: f.label[l], value: shownLeaf(l, f, values[f.key] as LeafValue | undefined) };
    const rows = (values[f.key] as Record<string, LeafValue>[] | undefined) ?? [];
    return { label: f.label[l], rows: rows.map((row) => f.fields.map((g) => ({ label: g.label[l], value: shownLeaf(l, g, row[g.key]) }))) };
  });
}

/** The fields as plain lines for a mail's text part: "Label: value", a group's rows numbered. */
export function shownFieldLines(fields: ShownField[], prefix = ''): string[] {
  return fields.flatMap((f) =>
    f.rows ? f.rows.flatMap((row, i) => shownFieldLines(row, `${prefix}${f.label} ${i + 1}, `)) : [`${prefix}${f.label}: ${f.value ?? ''}`],
  );
}
