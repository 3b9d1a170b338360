import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { requestedNoticeKinds } from '../workflows/mail';
import { askedNoticeKinds } from '../core/notice';
import { sendLater } from '../api/mail';

/**
 * A request writes its notice to the outbox and then starts `mailWorkflow`. Should it stop in
 * between (the API crashed, Temporal did not answer), the row would wait for ever. The sweep
 * hands such rows to the worker: the same workflow id as the request's, so a notice whose
 * delivery is on its way is not started twice, and a sent row is never sent again.
 */

/** How long a request has to hand its notice over before the sweep does it. */
export const OUTBOX_GRACE_MS = 60_000;

/** How often the worker sweeps. */
export const OUTBOX_SWEEP_MS = 60_000;

/** The notice a row belongs to: its key without the seat that `writeNotice` appends. */
export const noticeKeyOf = (rowKey: string) => rowKey.slice(0, rowKey.lastIndexOf(':'));

/** Starts delivery of every requested notice with a row still untried after the grace period; returns their keys. */
export async function sweepOutbox(db: Db, client: Client, taskQueue: string, now = new Date()): Promise<string[]> {
  const rows = await db
    .select({ key: t.mailOutbox.key })
    .from(t.mailOutbox)
    .where(
      and(
        eq(t.mailOutbox.status, 'pending'),
        eq(t.mailOutbox.attempts, 0),
        inArray(t.mailOutbox.kind, [...requestedNoticeKinds, ...askedNoticeKinds]),
        lt(t.mailOutbox.createdAt, new Date(now.getTime() - OUTBOX_GRACE_MS)),
      ),
    );
  const keys = [...new Set(rows.map((r) => noticeKeyOf(r.key)))];
  for (const key of keys) await sendLater(client, taskQueue, key);
  if (keys.length) Runtime.instance().logger.info('Outbox sweep handed over mail no request did', { count: keys.length });
  return keys;
}
