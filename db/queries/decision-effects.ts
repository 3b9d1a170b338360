import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { DecisionEffect } from '../schema';

/** What an approved one-off decision does, written before its workflow starts so the close always finds it. */
export async function insertDecisionEffect(db: Db, decisionId: string, effect: DecisionEffect) {
  await db.insert(t.decisionEffects).values({ decisionId, effect });
}

export async function decisionEffectOf(db: Db, decisionId: string) {
  const [row] = await db.select().from(t.decisionEffects).where(eq(t.decisionEffects.decisionId, decisionId));
  return row;
}

/** A body by id, for showing what an applied effect made. */
export async function bodyNamed(db: Db, id: string) {
  const [row] = await db.select({ slug: t.bodies.slug, name: t.bodies.name }).from(t.bodies).where(eq(t.bodies.id, id));
  return row;
}

export async function formState(db: Db, id: string) {
  const [row] = await db.select({ state: t.formInstances.state }).from(t.formInstances).where(eq(t.formInstances.id, id));
  return row?.state;
}
