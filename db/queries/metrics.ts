import { and, count, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** A pending mail this long past when it was meant to go has not been delivered in time. */
export const MAIL_OVERDUE_MS = 15 * 60_000;

export interface OperationsCounts {
  tasksLate: number;
  /** Mails that need someone: SMTP refused them for now (failed), for good (bounced), or they are overdue. */
  mailsFailed: { failed: number; bounced: number; overdue: number };
  decisionsPending: number;
}

/** What an operator watches, read from the records at scrape time. */
export async function operationsCounts(db: Db, now: Date): Promise<OperationsCounts> {
  const overdueBefore = new Date(now.getTime() - MAIL_OVERDUE_MS);
  // One after another: a scrape holds one connection, not four, however busy the pool is.
  const [late] = await db
    .select({ n: count() })
    .from(t.tasks)
    .where(and(eq(t.tasks.status, 'open'), lt(t.tasks.dueAt, now)));
  const mails = await db
    .select({ status: t.mailOutbox.status, n: count() })
    .from(t.mailOutbox)
    .where(inArray(t.mailOutbox.status, ['failed', 'bounced']))
    .groupBy(t.mailOutbox.status);
  const [overdue] = await db
    .select({ n: count() })
    .from(t.mailOutbox)
    .where(
      and(
        eq(t.mailOutbox.status, 'pending'),
        sql`coalesce(${t.mailOutbox.scheduledAt}, ${t.mailOutbox.createdAt}) < ${overdueBefore.toISOString()}::timestamptz`,
      ),
    );
  const [pending] = await db.select({ n: count() }).from(t.decisions).where(eq(t.decisions.status, 'open'));
  const byStatus = (status: string) => mails.find((m) => m.status === status)?.n ?? 0;
  return {
    tasksLate: late?.n ?? 0,
    mailsFailed: { failed: byStatus('failed'), bounced: byStatus('bounced'), overdue: overdue?.n ?? 0 },
    decisionsPending: pending?.n ?? 0,
  };
}
