import type { FastifyBaseLogger } from 'fastify';
import { writeNotice } from '../../activities/notices';
import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { findSeat, holderOn } from '../../db/queries/directory';
import { revokeSessionsOf } from '../../db/queries/sessions';
import { t } from '../../i18n';
import { seatsHeldBy, type User } from '../plugins/session';
import { UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import type { Ctx } from './context';
import { audit } from './register';

/**
 * Asks for a one-time sign-in link for an address. Only a seat holder's address gets one, but
 * the caller answers the same either way: the answer must not tell who holds a seat.
 */
export async function requestSignIn(ctx: Ctx, address: string, log: FastifyBaseLogger): Promise<void> {
  const email = address.toLowerCase();
  const seats = await seatsHeldBy(ctx.db, email, stockholmDate(new Date()));
  if (!seats.length) return;
  // One link per address and five minutes, however often the form is sent.
  const key = `signin:${email}:${Math.floor(Date.now() / 300_000)}`;
  await writeNotice(ctx.db, ctx.config.publicUrl, {
    key,
    kind: 'signin',
    seatIds: [seats[0]!.seatId],
    at: new Date().toISOString(),
    target: { kind: 'person', id: email },
    title: t(ctx.locale, 'signin.title'),
  });
  // Whether or not the engine answers, the form answers as for an unknown address: a refusal
  // here would tell who holds a seat. The row waits in the outbox; asking again within the
  // five minutes, or the worker's outbox sweep, starts its delivery once the engine is back.
  // The log names no address: the workflow id in an error would.
  await sendLater(ctx.temporal, ctx.config.taskQueue, key).catch((err: unknown) =>
    log.warn({ error: errorName(err) }, 'sign-in mail not handed to the worker'),
  );
}

/** What a failure was, without its message: a failed query's message carries its parameters, the address among them. */
export const errorName = (err: unknown) => {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return [err instanceof Error ? err.name : typeof err, typeof cause?.code === 'string' ? cause.code : undefined].filter(Boolean).join(' ');
};

/** A person ends every session they have, on every device. */
export async function signOutEverywhere(ctx: Ctx, user: User): Promise<void> {
  await revokeSessionsOf(ctx.db, user.email, ctx.now());
}

/** The coordinator ends every session of a seat's holder today, say for a lost phone; audited. */
export async function signOutHolderEverywhere(ctx: Ctx, actor: Actor, seatSlug: string): Promise<void> {
  const seat = await findSeat(ctx.db, seatSlug);
  if (!seat) throw new UserError(404, 'seat.unknown', { seat: seatSlug });
  const holder = await holderOn(ctx.db, seat.id, stockholmDate(new Date()));
  if (!holder) throw new UserError(409, 'dash.vacantSeat');
  const ended = await revokeSessionsOf(ctx.db, holder.email, ctx.now());
  await audit(ctx, actor, 'sessions.revoked', { kind: 'seat', id: seat.id }, { holder: holder.id, ended });
}
