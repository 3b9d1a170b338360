import type { Actor } from '../../core/actor';
import { FIELD_KEY } from '../../core/form-fields';
import type { Ctx } from './context';
import { loadForm, saveForm, submitForm } from './forms';

/**
 * What the form page posts: fields named `v.<path>` (`v.contacts.1.email`), rows ticked for removal
 * (`remove.contacts.1`), and which button was pressed: save, submit, or add a repeating group's row
 * (which saves what was typed). Save comes first in the form, so Enter in a field saves.
 */

type Raw = Record<string, unknown>;

/** The posted fields as the values the form keeps: `v.contacts.1.email` becomes `contacts[1].email`. */
export function valuesFromPage(body: Record<string, unknown>): Raw {
  const out: Raw = {};
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('v.')) continue;
    const [key, row, sub, ...rest] = name.slice(2).split('.');
    if (!key || !FIELD_KEY.test(key) || rest.length) continue;
    if (row === undefined) out[key] = value;
    else if (/^\d{1,3}$/.test(row) && sub && FIELD_KEY.test(sub)) {
      const rows = (Array.isArray(out[key]) ? out[key] : (out[key] = [])) as Raw[];
      (rows[Number(row)] ??= {})[sub] = value;
    }
  }
  for (const value of Object.values(out)) if (Array.isArray(value)) for (let i = 0; i < value.length; i++) value[i] ??= {};
  return out;
}

export type PageAction =
  { kind: 'save' } | { kind: 'submit' } | { kind: 'add'; group: string } | { kind: 'remove'; group: string; row: number };

export function pageActionOf(action: string): PageAction {
  const [kind, group, row] = action.split(':');
  if (kind === 'submit') return { kind: 'submit' };
  if (kind === 'add' && group && FIELD_KEY.test(group)) return { kind: 'add', group };
  if (kind === 'remove' && group && FIELD_KEY.test(group) && /^\d{1,3}$/.test(row ?? ''))
    return { kind: 'remove', group, row: Number(row) };
  return { kind: 'save' };
}

/**
 * Acts on what the page posted; the raw values are returned so the page can show them again with
 * the problems when nothing could be saved. An attachment is not posted by the page and is kept.
 */
export async function actOnPage(ctx: Ctx, actor: Actor, id: string, body: Record<string, unknown>, action: PageAction) {
  const form = await loadForm(ctx, id);
  const raw = valuesFromPage(body);
  for (const f of form.step.fields)
    if (f.kind === 'attachment' && form.form.values[f.key] !== undefined) raw[f.key] = form.form.values[f.key];
  // Rows ticked for removal go with whatever button was pressed, the last first so the indexes hold.
  const removed = Object.keys(body)
    .map((name) => /^remove\.([a-z][a-zA-Z0-9]*)\.(\d{1,3})$/.exec(name))
    .filter((m) => m !== null)
    .sort((a, b) => Number(b[2]) - Number(a[2]));
  for (const [, group, row] of removed) if (Array.isArray(raw[group!])) (raw[group!] as Raw[]).splice(Number(row), 1);
  // A signed form is submitted as it was signed, from its own button with no fields beside it.
  if (action.kind === 'submit' && form.step.signedBy) return { raw: undefined, run: () => submitForm(ctx, actor, id) };
  return {
    raw,
    run: () => (action.kind === 'submit' ? submitForm(ctx, actor, id, raw) : saveForm(ctx, actor, id, raw)),
  };
}
