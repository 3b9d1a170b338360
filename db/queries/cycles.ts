import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import { cycleDefinition } from '../../core/definition';
import { resolvePlan, type PlanIssue, type YearPlan } from '../../core/plan';
import { loadDirectory } from './directory';
import { definitionVersion, latestDefinition } from './definitions';
import type { CycleInput } from '../../workflows/cycle';

export type PreparedCycle =
  | { ok: true; input: CycleInput; plan: YearPlan; definition: t.CycleDefinitionRow }
  | { ok: false; reason: 'unknownDefinition' }
  | { ok: false; reason: 'invalidPlan'; issues: PlanIssue[] };

/**
 * Resolves a definition version and a year into the cycle workflow's input: the whole year plan,
 * computed once, outside the workflow.
 */
export async function prepareCycle(
  db: Db,
  opts: { definitionKey: string; year: number; version?: number; startAt: Date },
): Promise<PreparedCycle> {
  const row = opts.version
    ? await definitionVersion(db, opts.definitionKey, opts.version)
    : await latestDefinition(db, opts.definitionKey);
  if (!row) return { ok: false, reason: 'unknownDefinition' };
  const def = cycleDefinition.parse(row.definition);
  const resolved = resolvePlan(def, opts.year, await loadDirectory(db), opts.startAt);
  if (!resolved.plan) return { ok: false, reason: 'invalidPlan', issues: resolved.issues };
  return {
    ok: true,
    plan: resolved.plan,
    definition: row,
    input: { cycleId: resolved.plan.cycleId, definitionId: row.id, plan: resolved.plan },
  };
}

export async function findCycle(db: Db, cycleId: string): Promise<t.Cycle | undefined> {
  const [row] = await db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
  return row;
}
