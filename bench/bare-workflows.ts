/**
 * The floor under the engine, for bench/baselines.ts: workflows that do nothing but what Temporal
 * itself must do. Bundled on their own, never with the product's workflows.
 */
import { condition, defineUpdate, executeChild, setHandler, workflowInfo } from '@temporalio/workflow';

export async function noop(): Promise<void> {}

/** Starts `count` no-op children at once and waits for all of them, as a cycle starts its steps. */
export async function parentOfNoops(count: number): Promise<void> {
  const parent = workflowInfo().workflowId;
  await Promise.all(Array.from({ length: count }, (_, i) => executeChild(noop, { workflowId: `${parent}/${i}` })));
}

export const touch = defineUpdate<string, [string]>('touch');

/** Answers an update and does nothing else, as a task answers its completion; runs until terminated. */
export async function updatable(): Promise<void> {
  setHandler(touch, (report) => report);
  await condition(() => false);
}
