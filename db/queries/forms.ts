import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { Door } from '../../core/actor';
import type { FormValues } from '../../core/form-fields';

/** Forms as seats fill them in: versions, their values, and who changed what. */

export type FormRow = typeof t.formInstances.$inferSelect;

/** A form with what its pages name: its cycle's definition and year, its seat, organisation and task. */
export async function findForm(db: Db, id: string) {
  const [row] = await db
    .select({
      form: t.formInstances,
      year: t.cycles.year,
      definitionKey: t.cycleDefinitions.key,
      definition: t.cycleDefinitions.definition,
      seatSlug: t.seats.slug,
      seatTitle: t.seats.title,
      organisation: t.organisations.name,
      fillerOrganisationId: t.seats.organisationId,
    })
    .from(t.formInstances)
    .innerJoin(t.cycles, eq(t.cycles.id, t.formInstances.cycleId))
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .innerJoin(t.seats, eq(t.seats.id, t.formInstances.seatId))
    .leftJoin(t.organisations, eq(t.organisations.id, t.formInstances.organisationId))
    .where(eq(t.formInstances.id, id));
  return row;
}
export type FoundForm = NonNullable<Awaited<ReturnType<typeof findForm>>>;

export async function formOfTask(db: Db, taskId: string): Promise<FormRow | undefined> {
  const [row] = await db.select().from(t.formInstances).where(eq(t.formInstances.taskId, taskId)).orderBy(desc(t.formInstances.version));
  return row;
}

/** The cycle's definition key and year, to find an earlier year's form. */
export async function cycleOf(db: Db, cycleId: string) {
  const [row] = await db
    .select({ year: t.cycles.year, definitionKey: t.cycleDefinitions.key, definition: t.cycleDefinitions.definition })
    .from(t.cycles)
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(eq(t.cycles.id, cycleId));
  return row;
}

/** The seat's latest submitted form of the same step of the same definition in an earlier year. */
export async function previousSubmission(db: Db, q: { definitionKey: string; stepKey: string; seatId: string; beforeYear: number }) {
  const [row] = await db
    .select({ id: t.formInstances.id, values: t.formInstances.values })
    .from(t.formInstances)
    .innerJoin(t.cycles, eq(t.cycles.id, t.formInstances.cycleId))
    .innerJoin(t.cycleDefinitions, eq(t.cycleDefinitions.id, t.cycles.definitionId))
    .where(
      and(
        eq(t.cycleDefinitions.key, q.definitionKey),
        eq(t.formInstances.stepKey, q.stepKey),
        eq(t.formInstances.seatId, q.seatId),
        eq(t.formInstances.state, 'submitted'),
        lt(t.cycles.year, q.beforeYear),
      ),
    )
    .orderBy(desc(t.cycles.year), desc(t.formInstances.version))
    .limit(1);
  return row;
}

/** Version 1 of a task's form; a second opening at the same moment finds the first one's row. */
export async function createFirstVersion(
  db: Db,
  row: { cycleId: string; stepKey: string; seatId: string; taskId: string; values: FormValues; prefilledFromId?: string },
): Promise<string> {
  const [seat] = await db.select({ organisationId: t.seats.organisationId }).from(t.seats).where(eq(t.seats.id, row.seatId));
  await db
    .insert(t.formInstances)
    .values({ ...row, organisationId: seat?.organisationId, version: 1, state: 'draft' })
    .onConflictDoNothing();
  const [found] = await db
    .select({ id: t.formInstances.id })
    .from(t.formInstances)
    .where(
      and(
        eq(t.formInstances.cycleId, row.cycleId),
        eq(t.formInstances.stepKey, row.stepKey),
        eq(t.formInstances.seatId, row.seatId),
        eq(t.formInstances.version, 1),
      ),
    );
  return found!.id;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * Saves new values with one row per changed field, in one transaction; refuses (returns false)
 * when the form has moved on to a state that may not be edited since it was read.
 */
export async function saveValues(
  db: Db,
  id: string,
  save: {
    values: FormValues;
    changes: FieldChange[];
    seatId?: string;
    holderId?: string;
    door: Door;
    editable: FormRow['state'][];
    /** The service's clock, as the audit has it: who changed what reads the same time as the audit row. */
    at: Date;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(t.formInstances).where(eq(t.formInstances.id, id)).for('update');
    if (!row || !save.editable.includes(row.state)) return false;
    // Any edit voids a signature asked for or given: the signer signed other content.
    await tx
      .update(t.formInstances)
      .set({ values: save.values, state: 'draft', contentSha256: null, savedByHolderId: save.holderId ?? null, updatedAt: new Date() })
      .where(eq(t.formInstances.id, id));
    if (save.changes.length)
      await tx.insert(t.formChanges).values(
        save.changes.map((c) => ({
          formId: id,
          path: c.path,
          before: c.before ?? null,
          after: c.after ?? null,
          seatId: save.seatId,
          holderId: save.holderId,
          door: save.door,
          at: save.at,
        })),
      );
    return true;
  });
}

export async function markSubmitted(db: Db, id: string, by: { holderId?: string; at: Date }) {
  await db
    .update(t.formInstances)
    .set({ state: 'submitted', submittedAt: by.at, submittedByHolderId: by.holderId ?? null, updatedAt: new Date() })
    .where(eq(t.formInstances.id, id));
}

/** Who changed what, oldest first, with the holder's name. */
export function changesOf(db: Db, formId: string) {
  return db
    .select({
      path: t.formChanges.path,
      before: t.formChanges.before,
      after: t.formChanges.after,
      door: t.formChanges.door,
      at: t.formChanges.at,
      holder: t.holders.name,
      seat: t.seats.slug,
    })
    .from(t.formChanges)
    .leftJoin(t.holders, eq(t.holders.id, t.formChanges.holderId))
    .leftJoin(t.seats, eq(t.seats.id, t.formChanges.seatId))
    .where(eq(t.formChanges.formId, formId))
    .orderBy(asc(t.formChanges.at), asc(t.formChanges.path));
}

/** Every version of the same seat's form of the same step. */
export function versionsOf(db: Db, form: Pick<FormRow, 'cycleId' | 'stepKey' | 'seatId'>) {
  return db
    .select({
      id: t.formInstances.id,
      version: t.formInstances.version,
      state: t.formInstances.state,
      prefilledFromId: t.formInstances.prefilledFromId,
      reopenedByDecisionId: t.formInstances.reopenedByDecisionId,
    })
    .from(t.formInstances)
    .where(
      and(eq(t.formInstances.cycleId, form.cycleId), eq(t.formInstances.stepKey, form.stepKey), eq(t.formInstances.seatId, form.seatId)),
    )
    .orderBy(asc(t.formInstances.version));
}

export function signaturesOf(db: Db, formId: string) {
  return db
    .select({
      outcome: t.signatures.outcome,
      reason: t.signatures.reason,
      contentSha256: t.signatures.contentSha256,
      at: t.signatures.at,
      seat: t.seats.slug,
      holder: t.holders.name,
    })
    .from(t.signatures)
    .innerJoin(t.seats, eq(t.seats.id, t.signatures.seatId))
    .leftJoin(t.holders, eq(t.holders.id, t.signatures.holderId))
    .where(eq(t.signatures.formId, formId))
    .orderBy(asc(t.signatures.at));
}

/** The seats of the named bodies today: a receiving body's members read its submissions. */
export async function seatIdsOfBody(db: Db, slug: string): Promise<string[]> {
  const rows = await db
    .select({ id: t.seats.id })
    .from(t.seats)
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(eq(t.bodies.slug, slug));
  return rows.map((r) => r.id);
}

/** The decision that reopened a form version, for its page to name. */
export async function decisionTitle(db: Db, id: string) {
  const [row] = await db
    .select({ title: t.decisions.title, question: t.decisions.question })
    .from(t.decisions)
    .where(eq(t.decisions.id, id));
  return row && (row.title || row.question);
}

/** The task a seat's form of a step was first given with: a reopened version, which has none, keeps its files there. */
export async function taskOfSeatForm(db: Db, form: FormRow): Promise<string | undefined> {
  if (form.taskId) return form.taskId;
  const [first] = await db
    .select({ taskId: t.formInstances.taskId })
    .from(t.formInstances)
    .where(
      and(eq(t.formInstances.cycleId, form.cycleId), eq(t.formInstances.stepKey, form.stepKey), eq(t.formInstances.seatId, form.seatId)),
    )
    .orderBy(asc(t.formInstances.version));
  return first?.taskId ?? undefined;
}
