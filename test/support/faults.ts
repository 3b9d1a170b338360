import * as t from '../../db/schema';
import type { Db } from '../../db/client';
import { messageIdOf } from '../../activities/delivery';
import type { CaughtMail } from './smtp';

/**
 * What a fault test checks of the mail: how often the SMTP server got each Message-ID (a repeat
 * is a mail sent twice), and which rows marked sent it never got (a mail lost).
 */
export async function mailCount(db: Db, smtp: CaughtMail) {
  const rows = await db.select({ key: t.mailOutbox.key, status: t.mailOutbox.status }).from(t.mailOutbox);
  const received = new Map<string, number>();
  for (const m of smtp.messages) received.set(m.messageId!, (received.get(m.messageId!) ?? 0) + 1);
  return {
    rows,
    repeated: [...received].filter(([, n]) => n > 1).map(([id]) => id),
    lost: rows.filter((r) => r.status === 'sent' && !received.has(messageIdOf(r.key))).map((r) => r.key),
    unsent: rows.filter((r) => r.status !== 'sent').map((r) => r.key),
  };
}
