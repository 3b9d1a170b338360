import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from './worker';

/**
 * `npm run build:workflows [file]`: the workflow bundle built ahead of time, for WORKFLOW_BUNDLE.
 * A worker that bundles at its start carries webpack's memory for the rest of its life; one that
 * loads this file does not. Build it from the same source the worker runs (the image does, in its
 * build): a bundle of other code would replay the recorded histories differently.
 */
async function main() {
  const file = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, code);
  console.log(`Workflow bundle written to ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
