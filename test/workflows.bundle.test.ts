import { describe, expect, it } from 'vitest';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../worker/worker';

describe('workflow code', () => {
  it('bundles for the deterministic sandbox (no Node modules reachable)', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
    expect(code).toContain('taskWorkflow');
  });
});
