import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { workflowBundle } from './support/temporal';

const folder = new URL('./histories/', import.meta.url);

/**
 * Histories recorded from the year test replay against today's workflow code: a change to a
 * deployed workflow that is not behind `patched()` fails here, not in production.
 * Re-record with `RECORD_HISTORIES=1 npx vitest run test/year.test.ts` only for new behaviour.
 */
describe('recorded histories of the shipped cycle', () => {
  it('replay without non-determinism', async () => {
    const files = (await readdir(folder)).filter((f) => f.endsWith('.binpb')).sort();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: file,
        history: temporal.api.history.v1.History.decode(await readFile(new URL(file, folder))),
      })),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), replayName: 'shipped-histories' }, histories)) {
      results.push({ file: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(files.map((file) => ({ file, error: undefined })));
  });
});
