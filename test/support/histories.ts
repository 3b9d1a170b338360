import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const folder = new URL('../histories/', import.meta.url);

/**
 * Writes workflow histories into test/histories for the replay test. Recorded histories stand
 * for runs that happened: a new recording never replaces one, it takes the next free name
 * (`-v2`, `-v3`, …). A history does not name its workflow; workflow-ids.json does, for workflows
 * that use their own id.
 */
export async function recordHistories(client: Client, runs: { name: string; workflowId: string; runId?: string }[]): Promise<void> {
  const idsFile = new URL('workflow-ids.json', folder);
  const existing = new Set(await readdir(folder));
  const ids: Record<string, string> = existing.has('workflow-ids.json') ? JSON.parse(await readFile(idsFile, 'utf8')) : {};
  for (const { name, workflowId, runId } of runs) {
    let file = `${name}.binpb`;
    for (let v = 2; existing.has(file); v++) file = `${name}-v${v}.binpb`;
    existing.add(file);
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    await writeFile(new URL(file, folder), temporal.api.history.v1.History.encode(history).finish(), { flag: 'wx' });
    ids[file] = workflowId;
  }
  await writeFile(idsFile, `${JSON.stringify(Object.fromEntries(Object.entries(ids).sort()), null, 2)}\n`);
}
