import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { newToken } from './links';

/** Rows ended this long ago are removed when someone signs in: nobody looks at them any more. */
const KEPT_AFTER_END_MS = 30 * 86_400_000;

/** Writes a session for an address; the caller gets the token for the cookie, the table only its hash. */
export async function createSession(db: Db, email: string, now: Date, expiresAt: Date): Promise<{ id: string; token: string }> {
  const { token, hash } = newToken();
  const ended = new Date(now.getTime() - KEPT_AFTER_END_MS);
  await db.delete(t.sessions).where(or(lt(t.sessions.expiresAt, ended), lt(t.sessions.revokedAt, ended)));
  const [row] = await db
    .insert(t.sessions)
    .values({ tokenHash: hash, email: email.toLowerCase(), createdAt: now, lastSeenAt: now, expiresAt })
    .returning({ id: t.sessions.id });
  return { id: row!.id, token };
}

/** Records use of a session and moves its expiry. */
export async function touchSession(db: Db, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(t.sessions).set({ lastSeenAt: now, expiresAt }).where(eq(t.sessions.id, id));
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .update(t.sessions)
    .set({ revokedAt: now })
    .where(and(eq(t.sessions.id, id), isNull(t.sessions.revokedAt)));
}

/** Ends every session of an address at once; the number ended. */
export async function revokeSessionsOf(db: Db, email: string, now: Date): Promise<number> {
  const ended = await db
    .update(t.sessions)
    .set({ revokedAt: now })
    .where(and(eq(t.sessions.email, email.toLowerCase()), isNull(t.sessions.revokedAt)))
    .returning({ id: t.sessions.id });
  return ended.length;
}
