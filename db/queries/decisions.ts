import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

export async function findDecision(db: Db, id: string): Promise<t.Decision | undefined> {
  const [row] = await db.select().from(t.decisions).where(eq(t.decisions.id, id));
  return row;
}

/** A decision's votes, oldest first. */
export function votesOn(db: Db, decisionId: string): Promise<(typeof t.votes.$inferSelect)[]> {
  return db.select().from(t.votes).where(eq(t.votes.decisionId, decisionId)).orderBy(asc(t.votes.castAt));
}
