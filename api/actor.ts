import { z } from 'zod';
import type { Db } from '../db/client';
import { coordinatorSeat, findSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import type { Actor } from '../workflows/common';
import { UserError } from './plugins/errors';

/**
 * Who is acting: the coordinator, or the holder of a seat. Requests name it in `actor`; sign-in
 * by link will put the same value in the session.
 */
export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('coordinator') }),
  z.strictObject({ kind: z.literal('seat'), seat: z.string().trim().min(1).max(200).describe('Seat id or slug') }),
]);
export type ActorInput = z.infer<typeof actorSchema>;

export async function resolveActor(db: Db, input: ActorInput): Promise<Actor> {
  const day = stockholmDate(new Date());
  const seat = input.kind === 'coordinator' ? await coordinatorSeat(db) : await findSeat(db, input.seat);
  if (!seat) throw new UserError(400, 'seat.notFound', { seat: input.kind === 'seat' ? input.seat : 'coordinator' });
  const holder = await holderOn(db, seat.id, day);
  return { kind: input.kind, seatId: seat.id, holderId: holder?.id };
}

export function requireCoordinator(actor: Actor): void {
  if (actor.kind !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
}
