import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Actor, Door } from '../core/actor';
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

/** Addresses are kept only to the network: the last IPv4 octet or all but three IPv6 groups go. */
export const networkOf = (ip: string) =>
  ip.includes(':') && !ip.startsWith('::ffff:')
    ? `${ip.split(':').slice(0, 3).join(':')}::`
    : ip.replace(/^::ffff:/, '').replace(/\.\d+$/, '.0');

/** The door a request came in by, from its address alone, so that no route has to say it. */
export const doorOf = (request: FastifyRequest): Door =>
  request.url.startsWith('/api/') ? 'api' : request.url.startsWith('/l/') ? 'link' : 'page';

/**
 * Where an action came from, for the audit: the door and the client's network. `request.ip` is the
 * proxy's client only when TRUST_PROXY names the proxy, so a forwarded header cannot put words here.
 */
export const originOf = (request: FastifyRequest) => ({ door: doorOf(request), ip: networkOf(request.ip) });

export function resolveActor(request: FastifyRequest, input: ActorInput): Actor {
  const user = request.user;
  if (!user) throw new UserError(401, 'auth.required');
  if (input.kind === 'coordinator') {
    const seat = user.seats.find((s) => s.coordinator);
    if (!seat) throw new UserError(403, 'actor.coordinatorOnly');
    return { kind: 'coordinator', seatId: seat.seatId, holderId: seat.holderId, ...originOf(request) };
  }
  const seat = user.seats.find((s) => s.slug === input.seat || s.seatId === input.seat);
  if (!seat) throw new UserError(403, 'auth.notYourSeat', { seat: input.seat });
  return { kind: 'seat', seatId: seat.seatId, holderId: seat.holderId, ...originOf(request) };
}

export function requireCoordinator(actor: Actor): void {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
}
