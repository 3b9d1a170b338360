import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

export type LinkAction = 'complete' | 'vote' | 'signin';

/** 256 random bits; only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function findLink(db: Db, token: string): Promise<t.LinkToken | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await db.select().from(t.linkTokens).where(eq(t.linkTokens.tokenHash, hashToken(token)));
  return row;
}
