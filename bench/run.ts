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
 * - bare_child_workflows_per_s, bare_update_p50/p99_ms: bare Temporal on the same dev servers, see
 *   bench/baselines.ts.
 * - mails_per_s … bare_route_rps: see bench/mail-links.ts.
 * - dashboard_* , party_*, start_to_ready_s: see bench/dashboard.ts.
 * - api_peak_rss_mb: the API's peak resident memory while it serves the link and dashboard loads;
 *   the API runs in this process (the load comes from processes of their own).
 * - report_*: see bench/report.ts.
 * - cluster_*: the 311-cycle run on Temporal's own server with PostgreSQL (bench/cluster.ts).
 * - *_to_*: each figure over its baseline, as bench/targets.ts pairs them; a table of the targets ends the run.
 * BENCH_STAGES=engine, mail-links, cluster, dashboard or report (comma-separated) runs some parts
 * (the cluster stage builds Temporal's server once, about 5 minutes, see scripts/production-shape.sh);
 * BENCH_SKIP_YEAR=1 leaves the year out of the engine stage, BENCH_FEW_CYCLES sets the smaller run's
 * count (50), BENCH_WORKER_HEAP_MB caps the worker's heap, and WORKER_CACHED_WORKFLOWS reaches the worker.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import { ensureTemporalCli, startDevServer } from '../cli/temporal-dev';
import { openDatabase, type Db } from '../db/client';
import { seedAll } from '../db/seed';
import * as t from '../db/schema';
import { buildApp } from '../api/app';
import type { FastifyInstance } from 'fastify';
import { createMailer } from '../activities/mailer';
import { loadConfig } from '../config/env';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
// The same signed session a sign-in link gives, for the coordinator who drives the run.
import { injectAs } from '../test/support/app';
import { LINK_CLIENTS, linkLatency, mailThroughput } from './mail-links';
import { bareChildWorkflowsPerS, bareUpdateLatency } from './baselines';
import { peakRssMb } from './rss';
import { ratios, targetRows } from './targets';
import { dashboardLatency, startToReady } from './dashboard';
import { reportCompile } from './report';
import { clusterStage } from './cluster';

const root = fileURLToPath(new URL('..', import.meta.url));
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://arshjul:arshjul@127.0.0.1:5432/postgres';
const coordinator = { kind: 'coordinator' } as const;

async function yearSimulation(): Promise<number> {
  const run = spawnSync(`${root}/node_modules/.bin/vitest`, ['run', 'test/year.test.ts'], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the year test failed:\n${run.stdout.slice(-4000)}`);
  // vitest.config.ts writes this JSON report on every run.
  const report = JSON.parse(await readFile(`${root}/test/artifacts/vitest.json`, 'utf8'));
  // The year is the file's tests in order, one month after another: their durations together.
  const tests: { duration?: number }[] = report.testResults[0].assertionResults;
  return tests.reduce((sum, test) => sum + (test.duration ?? 0), 0) / 1000;
}

interface BenchSystem {
  app: FastifyInstance;
  db: Db;
  worker: ChildProcess;
  /** The dev server's, for the baselines on the same server. */
  address: string;
}

/**
 * A fresh PostgreSQL database, a Temporal dev server (or the Temporal server at `address`), the
 * worker as its own process and the API in this one, for one measurement; all of it taken down afterwards.
 */
async function withSystem<T>(taskQueue: string, address: string | undefined, measure: (system: BenchSystem) => Promise<T>): Promise<T> {
  return withDatabase(async (db, url) => {
    if (address) return withWorkerAndApi(db, url, address, taskQueue, measure);
    const dev = await startDevServer({ cli: ensureTemporalCli() });
    try {
      return await withWorkerAndApi(db, url, dev.address, taskQueue, measure);
    } finally {
      await dev.stop();
    }
  });
}

/** A fresh, migrated and seeded PostgreSQL database for one measurement, dropped afterwards. */
async function withDatabase<T>(measure: (db: Db, url: string) => Promise<T>): Promise<T> {
  const name = `arshjul_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    await database.migrate();
    await seedAll(database.db);
    return await measure(database.db, url.toString());
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

let bundle: string | undefined;

/** The workflow bundle built ahead of time, once, in a process of its own, as the image's worker loads it. */
function prebuiltBundle(): string {
  if (bundle) return bundle;
  const file = path.join(tmpdir(), `arshjul-bench-bundle-${process.pid}.js`);
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'worker/build-bundle.ts', file], { cwd: root, stdio: 'ignore' });
  if (built.status !== 0) throw new Error('npm run build:workflows failed; run it to see why');
  return (bundle = file);
}

async function withWorkerAndApi<T>(
  db: Db,
  databaseUrl: string,
  address: string,
  taskQueue: string,
  measure: (system: BenchSystem) => Promise<T>,
): Promise<T> {
  // node itself, not the tsx launcher, so the worker's VmHWM is its own peak.
  // BENCH_WORKER_HEAP_MB caps the worker's V8 heap, to see what of its memory is garbage not yet collected.
  const heap = process.env.BENCH_WORKER_HEAP_MB ? [`--max-old-space-size=${process.env.BENCH_WORKER_HEAP_MB}`] : [];
  const worker = spawn(process.execPath, [...heap, '--import', 'tsx', 'worker/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      DATABASE_URL: databaseUrl,
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'warn',
      WORKFLOW_BUNDLE: prebuiltBundle(),
    },
    stdio: 'ignore',
  });
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection });
  const config = {
    ...loadConfig({}),
    rateLimits: { api: 1e9, pages: 1e9, links: 1e9, signin: 1e9, signinAddress: 1e9 },
    taskQueue,
    secret: randomBytes(32).toString('hex'),
    // 311 cycles started at once queue longer at the dev server than a person's request may wait
    // (5 s, then 503): the bench measures how fast the work drains, so its requests wait it out.
    temporalCallTimeoutMs: 120_000,
  };
  const app = await buildApp({ db, temporal, config, mailer: createMailer(undefined) }, { logger: false });
  try {
    return await measure({ app, db, worker, address });
  } finally {
    await app.close();
    await connection.close();
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
  }
}

async function phaseOne(count: number, cluster?: string, withBaseline = false) {
  return withSystem('bench', cluster, async ({ app, db, worker, address }) => {
    // Before the cycles, so the dev server's file database is as fresh for the floor as for us.
    const bareChildrenPerS = withBaseline ? await bareChildWorkflowsPerS(address) : undefined;
    // N collaborations, each with its own definition key (a county, a municipality, a region).
    const keys = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(3, '0')}`);
    for (const key of keys) {
      const res = await injectAs(app, {
        method: 'POST',
        url: '/api/definitions',
        payload: { definition: { ...kvinnofridArshjul, key }, actor: coordinator },
      });
      if (res.statusCode !== 201) throw new Error(res.body);
    }
    const cycleIds = keys.map((k) => `cycle/${k}/2027`);
    const started = performance.now();
    await Promise.all(
      keys.map(async (key) => {
        const res = await injectAs(app, {
          method: 'POST',
          url: '/api/cycles',
          payload: { definition: key, year: 2027, actor: coordinator },
        });
        if (res.statusCode !== 201) throw new Error(res.body);
      }),
    );
    // Complete every phase-I task as soon as it is recorded, until every cycle is in phase II.
    const done = new Set<string>();
    for (;;) {
      const open = await db
        .select({ id: t.tasks.id, seatId: t.tasks.seatId })
        .from(t.tasks)
        .where(
          and(
            inArray(t.tasks.cycleId, cycleIds),
            inArray(t.tasks.stepKey, ['behovsinventering', 'lagesbeskrivning']),
            eq(t.tasks.status, 'open'),
          ),
        );
      const fresh = open.filter((o) => !done.has(o.id));
      await Promise.all(
        fresh.map(async (task) => {
          done.add(task.id);
          const res = await injectAs(app, {
            method: 'POST',
            url: `/api/tasks/${task.id}/complete`,
            payload: { report: 'Klart.', actor: coordinator },
          });
          if (res.statusCode !== 200) throw new Error(res.body);
        }),
      );
      const [{ n }] = (await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.cycles)
        .where(and(inArray(t.cycles.id, cycleIds), eq(t.cycles.currentPhase, 'valja-atgarder')))) as [{ n: number }];
      if (n === count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ children }] = (await db
      .select({
        children: sql<number>`(select count(*) from tasks where cycle_id like 'cycle/bench-%')
          + (select count(*) from decisions where cycle_id like 'cycle/bench-%')`,
      })
      .from(t.cycles)
      .limit(1)) as [{ children: number }];
    return { seconds, children: Number(children), peakMb: peakRssMb(worker.pid!), bareChildrenPerS };
  });
}

async function mailAndLinks() {
  return withSystem('bench-links', undefined, async ({ app, db, address }) => {
    const mail = await mailThroughput(db);
    // 200 open tasks, each with a link in its mail, for the link pages to show and complete.
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await injectAs(app, {
        method: 'POST',
        url: '/api/tasks',
        payload: { seat: 'samordningsgrupp/polisen', title: `Länktest ${i}`, dueAt: '2099-01-31', actor: coordinator },
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      ids.push(res.json<{ id: string }>().id);
    }
    for (;;) {
      const [{ n }] = (await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.linkTokens)
        .where(inArray(t.linkTokens.targetId, ids))) as [{ n: number }];
      if (n === ids.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const bareUpdate = await bareUpdateLatency(address, ids.length, LINK_CLIENTS);
    const links = await linkLatency(app, db, ids);
    return { mail, links, bareUpdate };
  });
}

async function mailStage(report: (key: string, value: number, unit: string) => void) {
  const { mail, links, bareUpdate } = await mailAndLinks();
  report('mails_per_s', mail.mailsPerS, '/s');
  report('mail_duplicates', mail.duplicates, '');
  report('link_get_p50_ms', links.get.p50, 'ms');
  report('link_get_p99_ms', links.get.p99, 'ms');
  report('link_get_rps', links.get.rps, '/s');
  report('link_post_p50_ms', links.post.p50, 'ms');
  report('link_post_p99_ms', links.post.p99, 'ms');
  report('bare_update_p50_ms', bareUpdate.p50, 'ms');
  report('bare_update_p99_ms', bareUpdate.p99, 'ms');
  report('api_peak_rss_mb', links.apiPeakMb, 'MB');
  report('bare_route_rps', links.bareRoute.rps, '/s');
  report('bare_route_p50_ms', links.bareRoute.p50, 'ms');
  report('bare_route_p99_ms', links.bareRoute.p99, 'ms');
}

async function main() {
  const results: Record<string, number> = {};
  const report = (key: string, value: number, unit: string) => {
    results[key] = Math.round(value * 100) / 100;
    console.log(`${key.padEnd(28)} ${results[key]} ${unit}`);
  };
  // BENCH_STAGES names the parts to run (see above); all by default.
  const stages = (process.env.BENCH_STAGES ?? 'engine,mail-links,cluster,dashboard,report').split(',');
  if (stages.includes('engine')) {
    if (process.env.BENCH_SKIP_YEAR !== '1') report('year_simulation_s', await yearSimulation(), 's');
    const few = Number(process.env.BENCH_FEW_CYCLES ?? 50);
    report(`cycles_${few}_phase1_s`, (await phaseOne(few)).seconds, 's');
    const all = await phaseOne(311, undefined, true);
    report('cycles_311_phase1_s', all.seconds, 's');
    report('child_workflows_per_s', all.children / all.seconds, '/s');
    report('bare_child_workflows_per_s', all.bareChildrenPerS!, '/s');
    report('worker_peak_rss_mb', all.peakMb, 'MB');
  }
  if (stages.includes('mail-links')) await mailStage(report);
  if (stages.includes('cluster')) await clusterStage(phaseOne, report);
  if (stages.includes('dashboard')) {
    const d = await withDatabase((db) => dashboardLatency(db));
    report('dashboard_p50_ms', d.overview.p50, 'ms');
    report('dashboard_p99_ms', d.overview.p99, 'ms');
    report('dashboard_rps', d.overview.rps, '/s');
    report('party_p50_ms', d.party.p50, 'ms');
    report('party_p99_ms', d.party.p99, 'ms');
    report('dashboard_bare_route_rps', d.bareRoute.rps, '/s');
    report('dashboard_bare_route_p99_ms', d.bareRoute.p99, 'ms');
    report('api_peak_rss_mb', Math.max(d.apiPeakMb, results.api_peak_rss_mb ?? 0), 'MB');
    report('start_to_ready_s', await startToReady(root), 's');
  }
  if (stages.includes('report')) {
    const r = await withDatabase((db) => reportCompile(db));
    console.log(`lägesrapport of ${r.shape.goals} goals, ${r.shape.measures} measures, ${r.shape.indicators} indicators`);
    report('report_page_s', r.page, 's');
    report('report_pdf_s', r.pdf, 's');
    report('report_docx_s', r.docx, 's');
    report('report_files_s', r.pdf + r.docx, 's');
    report('report_compile_s', r.page + r.pdf + r.docx, 's');
    report('report_overview_s', r.overview, 's');
    report('report_page_to_overview', r.page / r.overview, '×');
    report('report_files_to_overview', (r.pdf + r.docx) / r.overview, '×');
  }
  for (const [key, value] of Object.entries(ratios(results))) report(key, value, '×');
  console.table(targetRows(results));

  await writeFile(`${root}/bench/results.json`, JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2) + '\n');
  console.log('written to bench/results.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
