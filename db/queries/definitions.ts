import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import type { CycleDefinition } from '../../core/definition';

export async function latestDefinition(db: Db, key: string): Promise<t.CycleDefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(t.cycleDefinitions)
    .where(eq(t.cycleDefinitions.key, key))
    .orderBy(desc(t.cycleDefinitions.version))
    .limit(1);
  return row;
}

export async function definitionVersion(db: Db, key: string, version: number): Promise<t.CycleDefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(t.cycleDefinitions)
    .where(and(eq(t.cycleDefinitions.key, key), eq(t.cycleDefinitions.version, version)));
  return row;
}

/** The latest version of every definition. */
export async function listDefinitions(db: Db): Promise<t.CycleDefinitionRow[]> {
  const rows = await db.select().from(t.cycleDefinitions).orderBy(t.cycleDefinitions.key, desc(t.cycleDefinitions.version));
  return rows.filter((r, i) => i === 0 || rows[i - 1]!.key !== r.key);
}

/** Stores a validated definition as the next version of its key; running cycles keep theirs. */
export async function saveDefinitionVersion(db: Db, def: CycleDefinition): Promise<t.CycleDefinitionRow> {
  return db.transaction(async (tx) => {
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${t.cycleDefinitions.version}), 0)::int + 1` })
      .from(t.cycleDefinitions)
      .where(eq(t.cycleDefinitions.key, def.key))) as [{ next: number }];
    const [row] = await tx.insert(t.cycleDefinitions).values({ key: def.key, version: next, name: def.name, definition: def }).returning();
    return row!;
  });
}
