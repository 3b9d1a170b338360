import { and, eq, gte, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import * as schema from '../db/schema';
import type { Db } from '../db/client';
import { addDays, formatLocalDate, stockholmInstant } from '../core/time';
import { handoverWorkflow } from '../workflows/handover';
import { UserError } from './plugins/errors';

/** Who takes a seat, and from which day: the same for the JSON API and the admin form. */
export const newHolder = z.object({
  name: z.string().trim().min(1).max(200),
  // Stored in lower case: sign-in finds a person by address, whatever case they type.
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  locale: z.enum(['sv', 'en']).default('sv'),
  validFrom: z.iso.date().describe('First day on the seat (Europe/Stockholm)'),
});
export type NewHolder = z.infer<typeof newHolder>;

export const holderShape = z.object({
  id: z.uuid(),
  seatId: z.uuid(),
  name: z.string(),
  email: z.string(),
  locale: z.enum(['sv', 'en']),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

const shape = (h: schema.Holder): z.infer<typeof holderShape> => ({
  id: h.id,
  seatId: h.seatId,
  name: h.name,
  email: h.email,
  locale: h.locale,
  validFrom: h.validFrom,
  validTo: h.validTo,
});

/** The day before a Stockholm date (YYYY-MM-DD): the sitting holder's last day. */
export function dayBefore(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return formatLocalDate(addDays({ year: y, month: m, day: d }, -1));
}

/**
 * A new holder starts after the latest one did: an earlier day would overlap two holders' periods.
 * The same day corrects that holder. Returns the refusal, if any, for the form and the API alike.
 */
export function tooEarly(holders: Pick<schema.Holder, 'validFrom'>[], validFrom: string): UserError | undefined {
  const latest = holders
    .map((h) => h.validFrom)
    .sort()
    .at(-1);
  return latest && validFrom < latest ? new UserError(400, 'admin.change.tooEarly', { from: latest }) : undefined;
}

/**
 * Puts a new holder on a seat from a Stockholm date: the sitting holder's period ends the day
 * before. Mail about the seat's work finds its holder by date, so it goes to the new holder from
 * their first day; that day they get one mail listing all the seat owes (`handoverWorkflow`).
 */
export async function changeHolder(db: Db, temporal: Client, taskQueue: string, seat: schema.Seat, input: NewHolder) {
  const { validFrom } = input;
  const [y, m, d] = validFrom.split('-').map(Number) as [number, number, number];
  const lastDayOfPrevious = dayBefore(validFrom);
  const refusal = tooEarly(
    await db.select({ validFrom: schema.holders.validFrom }).from(schema.holders).where(eq(schema.holders.seatId, seat.id)),
    validFrom,
  );
  if (refusal) throw refusal;

  const { created, previous } = await db.transaction(async (tx) => {
    const [previous] = await tx
      .update(schema.holders)
      .set({ validTo: lastDayOfPrevious })
      .where(
        and(
          eq(schema.holders.seatId, seat.id),
          lt(schema.holders.validFrom, validFrom),
          or(isNull(schema.holders.validTo), gte(schema.holders.validTo, validFrom)),
        ),
      )
      .returning();
    const [created] = await tx
      .insert(schema.holders)
      .values({ seatId: seat.id, name: input.name, email: input.email, locale: input.locale, validFrom })
      .onConflictDoUpdate({
        target: [schema.holders.seatId, schema.holders.validFrom],
        set: { name: input.name, email: input.email, locale: input.locale, validTo: null },
      })
      .returning();
    return { created: created!, previous };
  });

  const open = await db
    .select({ id: schema.tasks.id })
    .from(schema.tasks)
    .where(and(eq(schema.tasks.seatId, seat.id), eq(schema.tasks.status, 'open')));
  const effectiveAt = stockholmInstant({ year: y, month: m, day: d }, 0, 0).toISOString();
  try {
    await temporal.workflow.start(handoverWorkflow, {
      workflowId: `handover/${seat.id}/${created.id}`,
      taskQueue,
      args: [{ seatId: seat.id, holderId: created.id, effectiveAt }],
    });
  } catch (err) {
    // A correction of the same holder: the running handover reads the seat on the first day anyway.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { holder: shape(created), previous: previous ? shape(previous) : null, openTasksMoved: open.map((o) => o.id) };
}
