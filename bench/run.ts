/**
 * `npm run bench`: figures for the cycle engine, printed and written to bench/results.json.
 *
 * - year_simulation_s: the whole Operation Kvinnofrid year under time skipping (test/year.test.ts,
 *   the test's own duration as vitest reports it, without server start-up).
 * - cycles_N_phase1_s: on a Temporal dev server with one worker process and PostgreSQL, N cycles
 *   started through the API and driven through phase I (every party's needs inventory and the
 *   situation description completed through the API) until each cycle's record shows phase II.
 * - child_workflows_per_s: child workflows started per second in the 311-cycle run.
 * - worker_peak_rss_mb: the worker process's peak resident memory (VmHWM) in the 311-cycle run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalCli, startDevServer } from '../cli/temporal-dev';
import { openDatabase } from '../db/client';
import { seedAll } from '../db/seed';
import * as t from '../db/schema';
import { buildApp } from '../api/app';
import { createMailer } from '../activities/mailer';
import { loadConfig } from '../config/env';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
// The same signed session a sign-in link gives, for the coordinator who drives the run.
import { injectAs } from '../test/support/app';

const root = fileURLToPath(new URL('..', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://arshjul:arshjul@127.0.0.1:5432/postgres';
const coordinator = { kind: 'coordinator' } as const;

async function yearSimulation(): Promise<number> {
  const run = spawnSync(`${root}/node_modules/.bin/vitest`, ['run', 'test/year.test.ts'], { cwd: root, stdio: 'ignore' });
  if (run.status !== 0) throw new Error('the year test failed; run it with vitest to see why');
  // vitest.config.ts writes this JSON report on every run.
  const report = JSON.parse(await readFile(`${root}/test/artifacts/vitest.json`, 'utf8'));
  return report.testResults[0].assertionResults[0].duration / 1000;
}

async function phaseOne(count: number) {
  const name = `arshjul_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dev = await startDevServer({ cli: ensureTemporalCli() });
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.migrate();
  await seedAll(database.db);
  const taskQueue = 'bench';
  // node itself, not the tsx launcher, so VmHWM below is the worker's own peak.
  const worker = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: { ...process.env, TEMPORAL_ADDRESS: dev.address, DATABASE_URL: url.toString(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const connection = await Connection.connect({ address: dev.address });
  const temporal = new Client({ connection });
  const app = await buildApp({ db: database.db, temporal, config: { ...loadConfig({}), taskQueue, secret: randomBytes(32).toString('hex') }, mailer: createMailer(undefined) }, { logger: false });
  try {
    // N collaborations, each with its own definition key (a county, a municipality, a region).
    const keys = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
    for (const key of keys) {
      const res = await injectAs(app, { method: 'POST', url: '/api/definitions', payload: { definition: { ...kvinnofridArshjul, key }, actor: coordinator } });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
    const cycleIds = keys.map((k) => `cycle/${k}/2027`);
    const started = performance.now();
    await Promise.all(
      keys.map(async (key) => {
        const res = await injectAs(app, { method: 'POST', url: '/api/cycles', payload: { definition: key, year: 2027, actor: coordinator } });
        if (res.statusCode !== 201) throw new Error(res.body);
      }),
    );
    // Complete every phase-I task as soon as it is recorded, until every cycle is in phase II.
    const done = new Set<string>();
    for (;;) {
      const open = await database.db
        .select({ id: t.tasks.id, seatId: t.tasks.seatId })
        .from(t.tasks)
        .where(and(inArray(t.tasks.cycleId, cycleIds), inArray(t.tasks.stepKey, ['behovsinventering', 'lagesbeskrivning']), eq(t.tasks.status, 'open')));
      const fresh = open.filter((o) => !done.has(o.id));
      await Promise.all(
        fresh.map(async (task) => {
          done.add(task.id);
          const res = await injectAs(app, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { report: 'Klart.', actor: coordinator } });
          if (res.statusCode !== 200) throw new Error(res.body);
        }),
      );
      const [{ n }] = (await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.cycles)
        .where(and(inArray(t.cycles.id, cycleIds), eq(t.cycles.currentPhase, 'valja-atgarder')))) as [{ n: number }];
      if (n === count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ children }] = (await database.db
      .select({ children: sql<number>`(select count(*) from tasks where cycle_id like 'cycle/bench-%') + (select count(*) from decisions where cycle_id like 'cycle/bench-%')` })
      .from(t.cycles)
      .limit(1)) as [{ children: number }];
    const status = await readFile(`/proc/${worker.pid}/status`, 'utf8');
    const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { seconds, children: Number(children), peakMb: peakKb / 1024 };
  } finally {
    await app.close();
    await connection.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await database.close();
    await dev.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function main() {
  const results: Record<string, number> = {};
  const report = (key: string, value: number, unit: string) => {
    results[key] = Math.round(value * 100) / 100;
    console.log(`${key.padEnd(28)} ${results[key]} ${unit}`);
  };
  report('year_simulation_s', await yearSimulation(), 's');
  const few = Number(process.env.BENCH_FEW_CYCLES ?? 50);
  report(`cycles_${few}_phase1_s`, (await phaseOne(few)).seconds, 's');
  const all = await phaseOne(311);
  report('cycles_311_phase1_s', all.seconds, 's');
  report('child_workflows_per_s', all.children / all.seconds, '/s');
  report('worker_peak_rss_mb', all.peakMb, 'MB');
  await mkdir(`${root}/bench`, { recursive: true });
  await writeFile(`${root}/bench/results.json`, JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2) + '\n');
  console.log('written to bench/results.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
