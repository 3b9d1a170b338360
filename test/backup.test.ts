import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually, injectAs, testApp } from './support/app';

const run = promisify(execFile);
const CYCLE = 'cycle/kvinnofrid-arshjul/2027';
const PAGES = ['/', '/cycles/kvinnofrid-arshjul/2027', '/api/cycles/kvinnofrid-arshjul/2027'];

/** What differs between two apps by design: the CSRF token each page carries and each response's nonce. */
const comparable = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '_csrf').replace(/nonce="[^"]+"/g, 'nonce');

/** docs/backups.md, done: a dump of a running cycle's database restored into an empty one shows the same year. */
describe('a backup of the application database', () => {
  let sim: Simulation;
  let restored: TestDatabase;
  let restoredApp: FastifyInstance;
  let dir: string;
  let dump: string;

  beforeAll(async () => {
    sim = await simulate();
    dir = await mkdtemp(path.join(os.tmpdir(), 'arshjul-backup-'));
    dump = path.join(dir, 'arshjul.dump');
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    await eventually(async () => ((await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE))).length >= 5 ? true : undefined));
    // The records hold still from here: what was dumped is what the original shows.
    await sim.stopWorker();
  });
  afterAll(async () => {
    await restoredApp?.close();
    await restored?.drop();
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('dumps with pg_dump in its custom format', async () => {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, sim.database.url]);
    expect((await stat(dump)).size).toBeGreaterThan(0);
  });

  it('restores into an empty database with pg_restore', async () => {
    restored = await createTestDatabase();
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${restored.url}`, dump]);
    const [cycle] = await restored.db.select().from(t.cycles).where(eq(t.cycles.id, CYCLE));
    expect(cycle?.id).toBe(CYCLE);
  });

  it('needs no migration after the restore: the migrations table came with it', async () => {
    const before = await restored.db.select().from(t.cycles);
    await restored.migrate();
    expect(await restored.db.select().from(t.cycles)).toEqual(before);
  });

  it.each(PAGES)('shows the same %s from the restored database as from the original', async (url) => {
    // Pages read PostgreSQL only: the restored app needs no Temporal behind it.
    restoredApp ??= await testApp(restored.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'restored');
    const copy = await injectAs(restoredApp, { method: 'GET', url });
    expect(copy.statusCode).toBe(200);
    // The original's pages may give a reading taken before the dump while they make the next one
    // (api/services/dashboard.ts): the same page, once its reading is the records' own.
    const original = await eventually(async () => {
      const res = await injectAs(sim.app, { method: 'GET', url });
      return comparable(res.body) === comparable(copy.body) ? res : undefined;
    });
    expect(original.statusCode).toBe(200);
  });
});
