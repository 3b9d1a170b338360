import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { Locale } from '../../i18n';
import { hashToken } from './links';
import { stockholmDate } from '../../core/time';

/** A link with what every page needs of it: its holder's language and its seat's title. */
export type Link = t.LinkToken & { locale: Locale | null; seatTitle: string | null };

export async function findLink(db: Db, token: string): Promise<Link | undefined> {
  const [row] = await db
    .select({ link: t.linkTokens, locale: t.holders.locale, seatTitle: t.seats.title })
    .from(t.linkTokens)
    .leftJoin(t.holders, eq(t.holders.id, t.linkTokens.holderId))
    .leftJoin(t.seats, eq(t.seats.id, t.linkTokens.seatId))
    .where(eq(t.linkTokens.tokenHash, hashToken(token)));
  return row && { ...row.link, locale: row.locale, seatTitle: row.seatTitle };
}

/** Marks a link used, with what its page says from then on; false when it was used already. */
export async function spendLink(db: Db, id: string, result: unknown): Promise<boolean> {
  const spent = await db
    .update(t.linkTokens)
    .set({ usedAt: new Date(), result })
    .where(and(eq(t.linkTokens.id, id), isNull(t.linkTokens.usedAt)))
    .returning({ id: t.linkTokens.id });
  return spent.length > 0;
}

export async function supersedeLink(db: Db, id: string): Promise<void> {
  await db.update(t.linkTokens).set({ supersededAt: new Date() }).where(eq(t.linkTokens.id, id));
}

/** Retires one link unless it was used or retired already: of two clicks renewing it, only one goes on. */
export async function retireLink(db: Db, id: string): Promise<boolean> {
  const retired = await db
    .update(t.linkTokens)
    .set({ supersededAt: new Date() })
    .where(and(eq(t.linkTokens.id, id), isNull(t.linkTokens.usedAt), isNull(t.linkTokens.supersededAt)))
    .returning({ id: t.linkTokens.id });
  return retired.length > 0;
}

/** Every unused, current link of a seat to a target stops working. */
export async function supersedeLinksTo(db: Db, targetId: string, seatId: string): Promise<void> {
  await db
    .update(t.linkTokens)
    .set({ supersededAt: new Date() })
    .where(
      and(
        eq(t.linkTokens.targetId, targetId),
        eq(t.linkTokens.seatId, seatId),
        isNull(t.linkTokens.usedAt),
        isNull(t.linkTokens.supersededAt),
      ),
    );
}

export async function outboxHas(db: Db, key: string): Promise<boolean> {
  const [row] = await db.select({ id: t.mailOutbox.id }).from(t.mailOutbox).where(eq(t.mailOutbox.key, key));
  return Boolean(row);
}

/** What a renewed link's mail names: the task's or the decision's title, deadline and workflow. */
export async function linkTarget(db: Db, kind: string, id: string) {
  const table = kind === 'task' ? t.tasks : t.decisions;
  const [row] = await db
    .select({ title: table.title, dueAt: table.dueAt, workflowId: table.workflowId })
    .from(table)
    .where(eq(table.id, id));
  return row;
}

/** One more guess at a link from this address today. */
export async function countLinkProbe(db: Db, address: string, at: Date): Promise<void> {
  await db
    .insert(t.linkProbes)
    .values({ day: stockholmDate(at), address, attempts: 1, lastAt: at })
    .onConflictDoUpdate({
      target: [t.linkProbes.day, t.linkProbes.address],
      set: { attempts: sql`${t.linkProbes.attempts} + 1`, lastAt: at },
    });
}
