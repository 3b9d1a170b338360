import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { loadDirectory } from '../db/queries/directory';
import { measureAssignments } from '../core/plan';
import { type Assignment } from '../core/plan-types';

/**
 * What a step takes from the steps before it, read when it starts: the outputs it shows and, for
 * a decision over a list, the measures put forward. The workflow keeps only the ids.
 */
export interface StepInputs {
  shownOutputIds: string[];
  /** Null when the proposing step left no output (it was skipped): a plain decision then. */
  candidateMeasureIds: string[] | null;
}

/** Each shown step's latest outputs: those of its latest round, one per task of it. */
async function latestOutputs(db: Db, cycleId: string, stepKey: string) {
  const [latest] = await db
    .select({ version: t.stepOutputs.version })
    .from(t.stepOutputs)
    .where(and(eq(t.stepOutputs.cycleId, cycleId), eq(t.stepOutputs.stepKey, stepKey)))
    .orderBy(desc(t.stepOutputs.version))
    .limit(1);
  if (!latest) return [];
  return db
    .select({ id: t.stepOutputs.id, choices: t.stepOutputs.choices })
    .from(t.stepOutputs)
    .where(and(eq(t.stepOutputs.cycleId, cycleId), eq(t.stepOutputs.stepKey, stepKey), eq(t.stepOutputs.version, latest.version)))
    .orderBy(asc(t.stepOutputs.createdAt), asc(t.stepOutputs.id));
}

export async function stepInputs(db: Db, args: { cycleId: string; shows: string[]; over?: string }): Promise<StepInputs> {
  const shownOutputIds: string[] = [];
  for (const stepKey of args.shows) shownOutputIds.push(...(await latestOutputs(db, args.cycleId, stepKey)).map((o) => o.id));
  let candidateMeasureIds: string[] | null = null;
  if (args.over) {
    const proposal = (await latestOutputs(db, args.cycleId, args.over)).at(-1);
    candidateMeasureIds = proposal?.choices.measureIds ?? null;
  }
  return { shownOutputIds, candidateMeasureIds };
}

/**
 * The tasks of a step about the measures a decision selected: one per measure, a joint measure's
 * shared by its owners. Without a selection, every measure of the action plan.
 */
export async function selectedMeasureAssignments(
  db: Db,
  args: { measureIds: string[] | null; actionPlan: string; via: string },
): Promise<Assignment[]> {
  const directory = await loadDirectory(db);
  const measures = args.measureIds
    ? directory.measures.filter((m) => args.measureIds!.includes(m.id))
    : directory.measures.filter((m) => m.actionPlanSlug === args.actionPlan);
  return measureAssignments(directory, measures, args.via).assignments;
}
