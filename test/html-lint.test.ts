import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// Only the syntax bans run, so the fixtures need no place in the TypeScript project.
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-syntax',
});

async function lint(source: string, filePath: string) {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages;
}

const raw = `import { SafeHtml } from '../../web/html';\nexport const page = (name: string) => new SafeHtml('<p>' + name + '</p>');\n`;

describe('the raw HTML ban', () => {
  it.each([
    'api/views/lint-fixture.ts',
    'api/routes/lint-fixture.ts',
    'activities/lint-fixture.ts',
    'web/lint-fixture.ts',
    'workflows/lint-fixture.ts',
  ])('reports new SafeHtml(...) in %s, once, saying why', async (filePath) => {
    const messages = await lint(raw, filePath);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/html tag .* new SafeHtml\(\.\.\.\) trusts a raw string/);
  });

  it('reports a SafeHtml reached through its module', async () => {
    const source = `import * as h from '../../web/html';\nexport const page = (name: string) => new h.SafeHtml(name);\n`;
    expect(await lint(source, 'api/views/lint-fixture.ts')).toHaveLength(1);
  });

  it('allows the html tag', async () => {
    const source = `import { html } from '../../web/html';\nexport const page = (name: string) => html\`<p>\${name}</p>\`;\n`;
    expect(await lint(source, 'api/views/lint-fixture.ts')).toEqual([]);
  });

  it('lets web/html.ts make SafeHtml, after escaping', async () => {
    expect(
      await lint(
        `export class SafeHtml { constructor(readonly value: string) {} }\nexport const empty = new SafeHtml('');\n`,
        'web/html.ts',
      ),
    ).toEqual([]);
  });
});
