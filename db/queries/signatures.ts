import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { Step } from '../../core/definition';
import { findForm } from './forms';

export type FormInstance = typeof t.formInstances.$inferSelect;
type FormState = FormInstance['state'];

/** What signing needs of a form version: the row, its cycle's stored definition's step, and the filler's organisation. */
export async function formWithStep(db: Db, formId: string) {
  const row = await findForm(db, formId);
  if (!row) return undefined;
  const { form, year, definitionKey, fillerOrganisationId } = row;
  return { form, step: stepOf(row.definition, form.stepKey), year, definitionKey, fillerOrganisationId };
}

/** A step of a stored definition, by key, wherever its phase puts it. */
export function stepOf(definition: unknown, stepKey: string): Step | undefined {
  const phases = (definition as { phases?: { steps: Step[] }[] }).phases ?? [];
  return phases.flatMap((p) => p.steps).find((s) => s.key === stepKey);
}

/** The seats, not retired, of a body that belong to an organisation, with the given mandates if any. */
export async function seatsOfOrganisationIn(db: Db, bodySlug: string, organisationId: string, mandates?: string[]) {
  const rows = await db
    .select({ seat: t.seats })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(eq(t.bodies.slug, bodySlug), eq(t.seats.organisationId, organisationId), isNull(t.seats.retiredOn)))
    .orderBy(asc(t.seats.slug));
  return rows.map((r) => r.seat).filter((s) => !mandates?.length || mandates.includes(s.mandate));
}

/** Every seat of a body not retired, with its organisation's name. */
export async function bodySeatsWithOrganisation(db: Db, bodySlug: string) {
  return db
    .select({
      seatId: t.seats.id,
      seatSlug: t.seats.slug,
      mandate: t.seats.mandate,
      organisationId: t.organisations.id,
      organisation: t.organisations.name,
    })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(and(eq(t.bodies.slug, bodySlug), isNull(t.seats.retiredOn)))
    .orderBy(asc(t.organisations.name));
}

export async function setFormState(db: Db, formId: string, state: FormState, contentSha256?: string | null) {
  await db
    .update(t.formInstances)
    .set({ state, ...(contentSha256 !== undefined && { contentSha256 }), updatedAt: new Date() })
    .where(eq(t.formInstances.id, formId));
}

/**
 * Moves a form from one state to another only if it is still in the first: two signers' clicks, or
 * an edit between the page and the click, change it once.
 */
export async function moveFormState(db: Db, formId: string, from: FormState, to: FormState, sha: string) {
  const moved = await db
    .update(t.formInstances)
    .set({ state: to, updatedAt: new Date() })
    .where(and(eq(t.formInstances.id, formId), eq(t.formInstances.state, from), eq(t.formInstances.contentSha256, sha)))
    .returning({ id: t.formInstances.id });
  return moved.length > 0;
}

export async function recordSignature(db: Db, row: typeof t.signatures.$inferInsert) {
  const [written] = await db.insert(t.signatures).values(row).returning();
  return written!;
}

/** A form version's or a task's signatures and refusals, newest first, with the signer's name. */
export async function signaturesOf(db: Db, subject: { formId: string } | { taskIds: string[] }) {
  if ('taskIds' in subject && !subject.taskIds.length) return [];
  return db
    .select({ signature: t.signatures, holder: t.holders.name })
    .from(t.signatures)
    .leftJoin(t.holders, eq(t.holders.id, t.signatures.holderId))
    .where('formId' in subject ? eq(t.signatures.formId, subject.formId) : inArray(t.signatures.taskId, subject.taskIds))
    .orderBy(desc(t.signatures.at));
}

/** A cycle step's tasks, ad-hoc ones for a joining party included, with each seat's organisation. */
export async function stepTasks(db: Db, cycleId: string, stepKey: string) {
  return db
    .select({ task: t.tasks, organisationId: t.seats.organisationId, organisation: t.organisations.name })
    .from(t.tasks)
    .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    .where(and(eq(t.tasks.cycleId, cycleId), eq(t.tasks.stepKey, stepKey)))
    .orderBy(asc(t.organisations.name), asc(t.tasks.createdAt));
}

/** Holds a form version's row until the transaction ends: two clicks on "send again" mail the signer once. */
export async function lockForm(db: Db, formId: string) {
  await db.select({ id: t.formInstances.id }).from(t.formInstances).where(eq(t.formInstances.id, formId)).for('update');
}

/** When the signer was last mailed a link to sign this form version, by the process's clock; undefined if never. */
export async function lastSigningMailAt(db: Db, formId: string): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: t.mailOutbox.scheduledAt })
    .from(t.mailOutbox)
    .where(and(eq(t.mailOutbox.kind, 'signature_request'), eq(t.mailOutbox.targetKind, 'form'), eq(t.mailOutbox.targetId, formId)))
    .orderBy(desc(t.mailOutbox.scheduledAt))
    .limit(1);
  return row?.at ?? undefined;
}
