import { findSeat } from '../../db/queries/directory';
import { revokeSessionsOf } from '../../db/queries/sessions';
import type { Actor } from '../../core/actor';
import { UserError } from '../plugins/errors';
import { requireCoordinator } from '../actor';
import { changeHolder, type NewHolder } from '../holders';
import type { Ctx } from './context';
import { audit } from './register';
import { nextSeatFeedKey } from './feeds';

/**
 * A new holder of the seat named by its slug (`samordningsgrupp/polisen`), from a date; its open
 * work moves to them. Only in the coordinator's capacity, whatever else the person holds.
 */
export async function changeSeatHolder(ctx: Ctx, actor: Actor, seatSlug: string, input: NewHolder) {
  requireCoordinator(actor);
  const seat = await findSeat(ctx.db, seatSlug);
  if (!seat) throw new UserError(404, 'seat.unknown', { seat: seatSlug });
  return changeHolderRecorded(ctx, actor, seat, input);
}

/** Changes a seat's holder and records who did it: every door that changes a holder comes through here. */
export async function changeHolderRecorded(ctx: Ctx, actor: Actor, seat: Parameters<typeof changeHolder>[3], input: NewHolder) {
  const result = await changeHolder(ctx.db, ctx.temporal, ctx.config.taskQueue, seat, input);
  // The former holder is signed out at once, even before their last day: a session that
  // outlived the change would go on acting for a seat that is no longer theirs.
  // Their calendar subscription stops too: the seat's feed key is replaced, and its holder until
  // the change finds the new address on their own page.
  if (result.previous && result.previous.email !== result.holder.email) {
    await revokeSessionsOf(ctx.db, result.previous.email, ctx.now());
    await nextSeatFeedKey(ctx, seat.id);
  }
  const detail = { holder: result.holder.id, validFrom: input.validFrom, moved: result.openTasksMoved.length };
  await audit(ctx, actor, 'holder.change', { kind: 'seat', id: seat.id }, detail);
  return result;
}
