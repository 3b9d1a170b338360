import type { FastifyBaseLogger } from 'fastify';
import { writeNotice } from '../../activities/notices';
import { stockholmDate } from '../../core/time';
import { t } from '../../i18n';
import { seatsHeldBy } from '../plugins/session';
import { sendLater } from '../mail';
import type { Ctx } from './context';

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
  await sendLater(ctx.temporal, ctx.config.taskQueue, key).catch((err) =>
    log.warn({ err: String(err) }, 'sign-in mail not handed to the worker'),
  );
}
