import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../core/actor';
import { UserError } from './plugins/errors';

/**
 * Who is acting: the signed-in person, as the coordinator or through one of the seats they hold
 * today (a person may hold several). The request names which; the session decides whether it may.
 */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('coordinator') }),
  z.strictObject({ kind: z.literal('seat'), seat: z.string().trim().min(1).max(200).describe('Seat id or slug') }),
]);
export type ActorInput = z.infer<typeof actorSchema>;

export function resolveActor(request: FastifyRequest, input: ActorInput): Actor {
  const user = request.user;
  if (!user) throw new UserError(401, 'auth.required');
  if (input.kind === 'coordinator') {
    const seat = user.seats.find((s) => s.coordinator);
    if (!seat) throw new UserError(403, 'actor.coordinatorOnly');
    return { kind: 'coordinator', seatId: seat.seatId, holderId: seat.holderId };
  }
  const seat = user.seats.find((s) => s.slug === input.seat || s.seatId === input.seat);
  if (!seat) throw new UserError(403, 'auth.notYourSeat', { seat: input.seat });
  return { kind: 'seat', seatId: seat.seatId, holderId: seat.holderId };
}

export function requireCoordinator(actor: Actor): void {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
}
