import { beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules, workflowsPath } from '../worker/worker';

const logger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

// The SDK's workflow packages and what they bring with them are the only packages the sandbox may hold.
const require = createRequire(import.meta.url);
const sdkPackages = ['@temporalio/workflow', '@temporalio/common'];
const allowedPackages = new Set(sdkPackages.flatMap((name) => [name, ...Object.keys(require(`${name}/package.json`).dependencies ?? {})]));

/** The source paths webpack put in the bundle; it heads every module with its path. */
function bundledModules(code: string): string[] {
  return [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((match) => match[1]!);
}

function packageOf(path: string): string {
  const [first, second] = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
  return first!.startsWith('@') ? `${first}/${second}` : first!;
}

describe('workflow code', () => {
  let modules: string[];
  beforeAll(async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger });
    modules = bundledModules(code);
  });

  it('bundles the workflows and their interceptors', () => {
    expect(modules).toEqual(expect.arrayContaining(['./workflows/index.ts', './workflows/interceptors.ts']));
  });

  it('bundles no code of ours from outside workflows/ and core/', () => {
    // Source files have relative paths; packages sit under node_modules/, inside the project or
    // (when node_modules is a link) beside it.
    const ours = modules.filter((path) => /^\.\.?\//.test(path) && !path.includes('node_modules/'));
    expect(ours.filter((path) => !/^\.\/(workflows|core)\//.test(path))).toEqual([]);
  });

  it("bundles no package but Temporal's workflow packages and what they depend on", () => {
    const packages = new Set(modules.filter((path) => path.includes('node_modules/')).map(packageOf));
    expect(packages).toContain('@temporalio/workflow');
    expect([...packages].filter((name) => !allowedPackages.has(name))).toEqual([]);
  });

  it('refuses a workflow file that imports a Node module, naming the module', async () => {
    const forbidden = fileURLToPath(new URL('fixtures/forbidden-workflow.ts', import.meta.url));
    await expect(bundleWorkflowCode({ workflowsPath: forbidden, logger })).rejects.toThrow(/disallowed modules:\s*- 'fs'/);
  });
});
