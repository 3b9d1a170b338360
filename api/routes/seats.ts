import { and, eq, gte, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { addDays, formatLocalDate, stockholmInstant } from '../../core/calendar';
import { holderChanged } from '../../workflows/task';
import { UserError } from '../plugins/errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';

const holder = z.object({
  id: z.uuid(),
  seatId: z.uuid(),
  name: z.string(),
  email: z.string(),
  locale: z.enum(['sv', 'en']),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

const seats: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal } = app.deps;

  app.post(
    '/api/seats/:body/:seat/holders',
    {
      schema: {
        summary: "A new holder of a seat from a date; the seat's open tasks move to them (coordinator)",
        params: z.object({ body: z.string().max(100), seat: z.string().max(100) }),
        body: z.object({
          name: z.string().trim().min(1).max(200),
          // Stored in lower case: sign-in finds a person by address, whatever case they type.
          email: z.email().max(320).transform((e) => e.toLowerCase()),
          locale: z.enum(['sv', 'en']).default('sv'),
          validFrom: z.iso.date().describe('First day on the seat (Europe/Stockholm)'),
          actor: actorSchema,
        }),
        response: { 201: z.object({ holder, previous: holder.nullable(), openTasksMoved: z.array(z.uuid()) }) },
      },
    },
    async (request, reply) => {
      requireCoordinator(resolveActor(request, request.body.actor));
      const slug = `${request.params.body}/${request.params.seat}`;
      const seat = await findSeat(db, slug);
      if (!seat) throw new UserError(404, 'seat.unknown', { seat: slug });
      const { validFrom } = request.body;
      const [y, m, d] = validFrom.split('-').map(Number) as [number, number, number];
      const dayBefore = formatLocalDate(addDays({ year: y, month: m, day: d }, -1));

      const { created, previous } = await db.transaction(async (tx) => {
        const [previous] = await tx
          .update(schema.holders)
          .set({ validTo: dayBefore })
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
          .values({ seatId: seat.id, name: request.body.name, email: request.body.email, locale: request.body.locale, validFrom })
          .onConflictDoUpdate({
            target: [schema.holders.seatId, schema.holders.validFrom],
            set: { name: request.body.name, email: request.body.email, locale: request.body.locale, validTo: null },
          })
          .returning();
        return { created: created!, previous };
      });

      // Every open task tells the new holder, from their first day, what the seat owes; later mail
      // finds them by date anyway.
      const open = await db
        .select({ id: schema.tasks.id, workflowId: schema.tasks.workflowId })
        .from(schema.tasks)
        .where(and(eq(schema.tasks.seatId, seat.id), eq(schema.tasks.status, 'open')));
      const effectiveAt = stockholmInstant({ year: y, month: m, day: d }, 0, 0).toISOString();
      await Promise.all(
        open.map((task) =>
          temporal.workflow
            .getHandle(task.workflowId)
            .signal(holderChanged, { effectiveAt })
            // A task that closed in the meantime owes nothing more.
            .catch((err) => {
              if (!(err instanceof WorkflowNotFoundError)) throw err;
            }),
        ),
      );
      const shape = (h: typeof created) => ({ id: h.id, seatId: h.seatId, name: h.name, email: h.email, locale: h.locale, validFrom: h.validFrom, validTo: h.validTo });
      return reply.status(201).send({ holder: shape(created), previous: previous ? shape(previous) : null, openTasksMoved: open.map((o) => o.id) });
    },
  );
};

export default seats;
