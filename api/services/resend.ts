import type { Actor } from '../../core/actor';
import { stockholmDate } from '../../core/time';
import { holderOn } from '../../db/queries/directory';
import { outboxHas, supersedeLinksTo } from '../../db/queries/link-tokens';
import { appendAudit } from '../../activities/audit';
import { writeNotice } from '../../activities/notices';
import { UserError } from '../plugins/errors';
import { sendLater } from '../mail';
import type { Ctx } from './context';

export interface ResendTarget {
  kind: 'task' | 'decision';
  id: string;
  workflowId: string;
  title: string;
  dueAt: Date;
}

/** Mails the seat's current holder a fresh link to the task or decision; old links stop working. */
export async function resendLink(ctx: Ctx, actor: Actor, target: ResendTarget, seatId: string): Promise<void> {
  const { db, config } = ctx;
  const holder = await holderOn(db, seatId, stockholmDate(new Date()));
  if (!holder) throw new UserError(409, 'dash.vacantSeat');
  const key = `link-resend:${target.kind}:${target.id}:${seatId}:${Math.floor(Date.now() / 300_000)}`;
  await db.transaction(async (tx) => {
    // A second click within five minutes finds the mail already written and changes nothing.
    if (await outboxHas(tx, `${key}:${seatId}`)) return;
    await supersedeLinksTo(tx, target.id, seatId);
    const at = new Date().toISOString();
    await writeNotice(tx, config.publicUrl, {
      key,
      kind: 'link_renewed',
      seatIds: [seatId],
      at,
      target,
      title: target.title,
      dueAt: target.dueAt.toISOString(),
    });
    const by = { ...actor, kind: 'coordinator' as const };
    await appendAudit(
      tx,
      { action: 'link.resent', actor: by, detail: { seatId }, dedupeKey: key, at },
      { kind: target.kind, id: target.id },
    );
  });
  // A second click finds the row written and asks again: the way to hand it over once the engine is back.
  await sendLater(ctx.temporal, config.taskQueue, key);
}
