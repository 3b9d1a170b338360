import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorSchema, resolveActor } from '../actor';
import { holderShape, newHolder } from '../holders';
import { ctxOf } from '../services/context';
import { changeSeatHolder } from '../services/holders';

const seats: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/seats/:body/:seat/holders',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: "A new holder of a seat from a date; the seat's open tasks move to them (coordinator)",
        params: z.object({ body: z.string().max(100), seat: z.string().max(100) }),
        body: newHolder.extend({ actor: actorSchema }),
        response: { 201: z.object({ holder: holderShape, previous: holderShape.nullable(), openTasksMoved: z.array(z.uuid()) }) },
      },
    },
    async (request, reply) => {
      const { actor, ...input } = request.body;
      const seat = `${request.params.body}/${request.params.seat}`;
      return reply.status(201).send(await changeSeatHolder(ctxOf(request), resolveActor(request, actor), seat, input));
    },
  );
};

export default seats;
