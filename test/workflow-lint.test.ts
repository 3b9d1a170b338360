import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// Only the import bans run, so the fixtures need no place in the TypeScript project.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === '@typescript-eslint/no-restricted-imports' || ruleId === 'no-restricted-syntax',
});

async function lintWorkflow(source: string) {
  const [result] = await eslint.lintText(source, { filePath: 'workflows/lint-fixture.ts' });
  return result!.messages;
}

describe('the workflow import ban', () => {
  it.each([
    ['a database driver', `import postgres from 'postgres';\nexport const sql = postgres;\n`, /no package but/],
    ['a mail client', `import { createTransport } from 'nodemailer';\nexport const mail = createTransport;\n`, /no package but/],
    ["Temporal's client", `import { Client } from '@temporalio/client';\nexport const client = Client;\n`, /no package but/],
    [
      'the environment',
      `import { loadConfig } from '../config/env';\nexport const config = loadConfig;\n`,
      /config\/ reads the environment/,
    ],
    ['a bare Node module', `import { gzipSync } from 'zlib';\nexport const zip = gzipSync;\n`, /Node modules/],
    ['a node: module', `import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`, /Node modules/],
    ['a Node submodule', `import { readFile } from 'fs/promises';\nexport const read = readFile;\n`, /Node modules/],
    [
      'the activities as values',
      `import { createActivities } from '../activities';\nexport const make = createActivities;\n`,
      /activities\/ runs side effects/,
    ],
    [
      'a value beside a type',
      `import { createActivities, type Activities } from '../activities';\nexport type A = Activities;\nexport const make = createActivities;\n`,
      /activities\/ runs side effects/,
    ],
    [
      'the database from a nested folder',
      `import { schema } from '../../db/schema';\nexport const tables = schema;\n`,
      /db\/ talks to the database/,
    ],
    ['a re-export', `export { createActivities } from '../activities';\n`, /activities\/ runs side effects/],
    ['a module loaded at run time', `export const load = () => import('../core/plan');\n`, /load no modules at run time/],
  ])('reports %s, once, saying why', async (_what, source, why) => {
    const messages = await lintWorkflow(source);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(why);
  });

  it.each([
    ['a type-only import of the activities', `import type { Activities } from '../activities';\nexport type A = Activities;\n`],
    ['inline type imports of the activities', `import { type Activities } from '../activities';\nexport type A = Activities;\n`],
    ["Temporal's workflow package", `import { proxyActivities } from '@temporalio/workflow';\nexport const proxy = proxyActivities;\n`],
    ["Temporal's common package", `import { ApplicationFailure } from '@temporalio/common';\nexport const failure = ApplicationFailure;\n`],
    ['the pure rules in core/', `import { tally } from '../core/decision-rules';\nexport const count = tally;\n`],
    ['another workflow file', `import { activities } from './common';\nexport const acts = activities;\n`],
  ])('allows %s', async (_what, source) => {
    expect(await lintWorkflow(source)).toEqual([]);
  });

  it('leaves files outside workflows/ alone', async () => {
    const [result] = await eslint.lintText(`import postgres from 'postgres';\nexport const sql = postgres;\n`, {
      filePath: 'db/lint-fixture.ts',
    });
    expect(result!.messages).toEqual([]);
  });
});
