import { findSeat } from '../../db/queries/directory';
import type { Actor } from '../../core/actor';
import { UserError } from '../plugins/errors';
import { requireCoordinator } from '../actor';
import { changeHolder, type NewHolder } from '../holders';
import type { Ctx } from './context';

/**
 * A new holder of the seat named by its slug (`samordningsgrupp/polisen`), from a date; its open
 * work moves to them. Only in the coordinator's capacity, whatever else the person holds.
 */
export async function changeSeatHolder(ctx: Ctx, actor: Actor, seatSlug: string, input: NewHolder) {
  requireCoordinator(actor);
  const seat = await findSeat(ctx.db, seatSlug);
  if (!seat) throw new UserError(404, 'seat.unknown', { seat: seatSlug });
  return changeHolder(ctx.db, ctx.temporal, ctx.config.taskQueue, seat, input);
}
