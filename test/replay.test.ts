import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { workflowBundle } from './support/temporal';

const folder = new URL('./histories/', import.meta.url);

/**
 * Histories recorded from the year test replay against today's workflow code: a change to a
 * deployed workflow that is not behind `patched()` fails here, not in production.
 * Record with `RECORD_HISTORIES=1 npx vitest run test/year.test.ts` only for new behaviour: the
 * recordings go to the next free names (`-v2`, `-v3`, …) beside the ones before, which stay.
 */
describe('recorded histories of the shipped cycle', () => {
  it('replay without non-determinism', async () => {
    const names = await readdir(folder);
    const files = names.filter((f) => f.endsWith('.binpb')).sort();
    // Workflows that name their children after their own id replay under the id they ran with.
    const ids: Record<string, string> = names.includes('workflow-ids.json')
      ? JSON.parse(await readFile(new URL('workflow-ids.json', folder), 'utf8'))
      : {};
    // The runs recorded before meetings existed, the year with both bodies' meeting series, and
    // years started in November: at Fas IV, and with new dates; the year whose second round carries
    // its reason, with a new holder's one handover mail; and the year whose work travels: a
    // proposal shown to the decision over it, which selects measures for shared tasks; SKR's RSS
    // programme, a year of form steps with a county's late application; and the avsiktsförklaring, a
    // signature step, with the task of a party that signed late.
    expect(files).toEqual(
      expect.arrayContaining([
        'kvinnofrid-2027-cycle.binpb',
        'kvinnofrid-2027-decision-changes.binpb',
        'kvinnofrid-2027-task-late.binpb',
        'kvinnofrid-2027-cycle-v2.binpb',
        'kvinnofrid-2027-meetings-samordningsgrupp.binpb',
        'kvinnofrid-2027-meetings-styrgrupp.binpb',
        'kvinnofrid-late-start-at-phase-cycle.binpb',
        'kvinnofrid-late-new-dates-cycle.binpb',
        'kvinnofrid-2027-cycle-v3.binpb',
        'kvinnofrid-2027-handover.binpb',
        'kvinnofrid-2027-cycle-v4.binpb',
        'kvinnofrid-2027-decision-changes-v3.binpb',
        'kvinnofrid-2027-task-late-v3.binpb',
        'kvinnofrid-2027-decision-selects.binpb',
        'kvinnofrid-2027-task-shared.binpb',
        'skr-rss-2027-cycle.binpb',
        'skr-rss-2027-form-task-late.binpb',
        'kvinnofrid-2027-avsiktsforklaring-cycle.binpb',
        'kvinnofrid-2027-avsiktsforklaring-task-late.binpb',
      ]),
    );
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: ids[file] ?? file,
        history: temporal.api.history.v1.History.decode(await readFile(new URL(file, folder))),
      })),
    );
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: await workflowBundle(), replayName: 'shipped-histories' },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toEqual(files.map((file) => ({ workflowId: ids[file] ?? file, error: undefined })));
  });
});
