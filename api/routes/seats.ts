import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findSeat } from '../../db/queries/directory';
import { UserError } from '../plugins/errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';
import { changeHolder, holderShape, newHolder } from '../holders';

const seats: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;

  app.post(
    '/api/seats/:body/:seat/holders',
    {
      schema: {
        summary: "A new holder of a seat from a date; the seat's open tasks move to them (coordinator)",
        params: z.object({ body: z.string().max(100), seat: z.string().max(100) }),
        body: newHolder.extend({ actor: actorSchema }),
        response: { 201: z.object({ holder: holderShape, previous: holderShape.nullable(), openTasksMoved: z.array(z.uuid()) }) },
      },
    },
    async (request, reply) => {
      requireCoordinator(resolveActor(request, request.body.actor));
      const slug = `${request.params.body}/${request.params.seat}`;
      const seat = await findSeat(db, slug);
      if (!seat) throw new UserError(404, 'seat.unknown', { seat: slug });
      const { actor: _a, ...input } = request.body;
      return reply.status(201).send(await changeHolder(db, temporal, config.taskQueue, seat, input));
    },
  );
};

export default seats;
