import * as q from '../../db/queries/forms';
import type { FormField } from '../../core/form-fields';
import type { User } from '../plugins/session';
import type { Ctx } from './context';
import { contentHash } from './form-hash';
import { reopenerOf, signingOf, type Signing } from './forms-signing';
import { readableForm, type FormAccess, type LoadedForm } from './forms';

/** What the form's pages and its JSON export read: the form, the versions, the signatures and who changed what. */

export interface FormPageData {
  form: LoadedForm;
  access: FormAccess;
  versions: Awaited<ReturnType<typeof q.versionsOf>>;
  /** Who signs and how far it has come, when the step is signed. */
  signing?: Signing;
  /** The reader may propose reopening this submitted version, to this body. */
  mayReopen?: string;
  /** The decision that reopened this version, by its title. */
  reopenedBy?: { id: string; title: string };
}

export async function formPageData(ctx: Ctx, user: User | null, id: string): Promise<FormPageData> {
  const { form, access } = await readableForm(ctx, user, id);
  const decisionId = form.form.reopenedByDecisionId;
  const [versions, signing, reopener, decision] = await Promise.all([
    q.versionsOf(ctx.db, form.form),
    signingOf(ctx, form),
    reopenerOf(ctx, user, form),
    decisionId ? q.decisionTitle(ctx.db, decisionId) : undefined,
  ]);
  return {
    form,
    access,
    versions,
    signing,
    mayReopen: reopener && form.step.receiver,
    reopenedBy: decisionId && decision ? { id: decisionId, title: decision } : undefined,
  };
}

/** A field's label by its path, `contacts.1.email` as "Kontakter, rad 2, E-post". */
export function labelOfPath(fields: FormField[], path: string, locale: 'sv' | 'en'): string {
  const [key, row, sub] = path.split('.');
  const field = fields.find((f) => f.key === key);
  if (!field) return path;
  if (field.kind !== 'group' || row === undefined) return field.label[locale];
  const inner = field.fields.find((f) => f.key === sub);
  return `${field.label[locale]}, ${Number(row) + 1}, ${inner?.label[locale] ?? sub}`;
}

export async function formChanges(ctx: Ctx, user: User | null, id: string) {
  const { form } = await readableForm(ctx, user, id);
  const rows = await q.changesOf(ctx.db, id);
  return {
    form,
    changes: rows.map((r) => ({ ...r, label: labelOfPath(form.step.fields, r.path, ctx.locale), at: r.at.toISOString() })),
  };
}

/** The JSON export: everything the form is and was, for the receiver's own records. */
export async function formExport(ctx: Ctx, user: User | null, id: string) {
  const { form } = await readableForm(ctx, user, id);
  const f = form.form;
  const [versions, signatures, changes] = await Promise.all([q.versionsOf(ctx.db, f), q.signaturesOf(ctx.db, id), q.changesOf(ctx.db, id)]);
  return {
    id,
    definition: form.definitionKey,
    year: form.year,
    step: f.stepKey,
    seat: form.seatSlug,
    organisation: form.organisation,
    version: f.version,
    state: f.state,
    fields: form.step.fields,
    values: f.values,
    contentSha256: f.contentSha256 ?? contentHash(form.step.fields, f.values),
    submittedAt: f.submittedAt?.toISOString() ?? null,
    signatures: signatures.map((s) => ({ ...s, at: s.at.toISOString() })),
    versions,
    changes: changes.map((c) => ({ ...c, at: c.at.toISOString() })),
  };
}
