import type { FormField, FormFields, FormValues, LeafField, LeafValue } from '../core/form-fields';
import { t, type Locale } from '../i18n';
import { formatDate } from './format';

/**
 * A filled-in form as a reader reads it, in their language: what a signer signs, and what a
 * decision or task shows of a submitted form, so a voter sees what they vote on. A decision's
 * result reads the same way, so the page and the mail show what was decided alike.
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

/** A decision as a later step shows it: the question, the outcome, the date, and the measures it selected if it selected. */
export function shownDecision(
  l: Locale,
  d: { question: string; outcome: 'approved' | 'rejected' | 'changes_requested'; decidedAt: Date },
  selected: { code: string; title: string }[],
): ShownField[] {
  return [
    { label: t(l, 'out.decision.question'), value: d.question },
    { label: t(l, 'out.decision.outcome'), value: t(l, `outcome.${d.outcome}`) },
    { label: t(l, 'out.decision.at'), value: formatDate(d.decidedAt, l) },
    ...(selected.length ? [{ label: t(l, 'out.decision.selected'), value: selected.map((m) => `${m.code} ${m.title}`).join('; ') }] : []),
  ];
}
