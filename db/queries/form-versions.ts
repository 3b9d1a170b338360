import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/**
 * Reopens a submitted form as its next version: a draft with the same values, open to its seat
 * again, while the submitted version stays as it was and is marked superseded. Applying the same
 * decision twice makes one new version.
 */
export async function reopenFormVersion(db: Db, { formId, decisionId }: { formId: string; decisionId: string }) {
  return db.transaction(async (tx) => {
    const [form] = await tx.select().from(t.formInstances).where(eq(t.formInstances.id, formId)).for('update');
    if (!form) return { refused: 'unknownForm' as const };
    const [already] = await tx
      .select({ id: t.formInstances.id })
      .from(t.formInstances)
      .where(and(eq(t.formInstances.prefilledFromId, form.id), eq(t.formInstances.reopenedByDecisionId, decisionId)));
    if (already) return { formId: already.id };
    if (form.state !== 'submitted') return { refused: 'notSubmitted' as const };
    await tx.update(t.formInstances).set({ state: 'superseded', updatedAt: new Date() }).where(eq(t.formInstances.id, form.id));
    const [next] = await tx
      .insert(t.formInstances)
      .values({
        cycleId: form.cycleId,
        stepKey: form.stepKey,
        seatId: form.seatId,
        organisationId: form.organisationId,
        version: form.version + 1,
        state: 'draft',
        values: form.values,
        prefilledFromId: form.id,
        reopenedByDecisionId: decisionId,
      })
      .returning({ id: t.formInstances.id });
    return { formId: next!.id };
  });
}
