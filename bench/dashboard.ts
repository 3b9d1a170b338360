/**
 * Dashboard figures for `npm run bench`:
 * - dashboard_p50_ms, dashboard_p99_ms: the cycle overview (a random one of 311 cycles) and the
 *   party view, 50 concurrent clients (autocannon, in a process of its own), over 311 cycles' worth
 *   of records in PostgreSQL; no Temporal and no worker, since pages read the projections only.
 *   party_p50/p99 apart too. dashboard_bare_route_*: a plain fastify route the same way.
 * - The API's peak memory while it serves them (it runs in the bench's process).
 * - start_to_ready_s: `npm start` on a warm data folder until the dashboard answers.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { saveDefinitionVersion } from '../db/queries/definitions';
import { prepareCycle } from '../db/queries/cycles';
import { cycleDefinition } from '../core/definition';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { buildApp } from '../api/app';
import { createMailer } from '../activities/mailer';
import { loadConfig } from '../config/env';
import { freePort } from '../cli/temporal-dev';
import { sessionCookieFor } from '../test/support/app';
import { bareRouteLoad, load } from './load';
import { peakRssMb, resetPeakRss } from './rss';

const CYCLES = 311;

/** 311 cycles in phase II: phase I mostly delivered, one late task each, a decision with votes. */
export async function fillForBench(db: Db, cycles = CYCLES): Promise<string[]> {
  const paths: string[] = [];
  const now = Date.now();
  for (let i = 0; i < cycles; i++) {
    const key = `bench-${String(i + 1).padStart(3, '0')}`;
    const def = await saveDefinitionVersion(db, cycleDefinition.parse({ ...kvinnofridArshjul, key }));
    const prepared = await prepareCycle(db, { definitionKey: key, year: 2027, startAt: new Date('2027-01-10T07:00:00Z') });
    if (!prepared.ok) throw new Error(`cannot plan ${key}`);
    const plan = prepared.plan;
    const id = plan.cycleId;
    await db
      .insert(t.cycles)
      .values({ id, definitionId: def.id, year: 2027, status: 'running', currentPhase: 'valja-atgarder', plan, steps: null });
    const steps = plan.phases.flatMap((p) => p.steps);
    const inventory = steps.find((s) => s.key === 'behovsinventering')!;
    const taskRows = inventory.assignments.map((a, n) => ({
      id: randomUUID(),
      workflowId: `${id}/behovsinventering/${a.seatSlug}`,
      cycleId: id,
      stepKey: 'behovsinventering',
      seatId: a.seatId,
      title: inventory.title,
      status: (n === i % inventory.assignments.length ? 'open' : 'done') as 'open' | 'done',
      dueAt: new Date(inventory.schedule!.dueAt),
      completedAt: n === i % inventory.assignments.length ? null : new Date('2027-03-10T10:00:00Z'),
      report: 'Klart.',
    }));
    await db.insert(t.tasks).values(taskRows);
    const decisionStep = steps.find((s) => s.kind === 'decision')!;
    const body = await db.query.bodies.findFirst({ where: (b, { eq }) => eq(b.slug, decisionStep.decision!.bodySlug) });
    const decisionId = randomUUID();
    await db.insert(t.decisions).values({
      id: decisionId,
      workflowId: `${id}/${decisionStep.key}`,
      cycleId: id,
      stepKey: decisionStep.key,
      bodyId: body!.id,
      title: decisionStep.title,
      question: decisionStep.decision!.question,
      rule: decisionStep.decision!.rule,
      voterSeatIds: decisionStep.decision!.voterSeatIds,
      dueAt: new Date(decisionStep.schedule?.dueAt ?? decisionStep.earliest!.dueAt),
    });
    await db
      .insert(t.votes)
      .values(
        decisionStep
          .decision!.voterSeatIds.slice(0, 3)
          .map((seatId) => ({ decisionId, seatId, choice: 'approve' as const, castAt: new Date() })),
      );
    await db.insert(t.auditEvents).values(
      Array.from({ length: 20 }, (_, n) => ({
        at: new Date(now - n * 60_000),
        actorKind: 'system' as const,
        action: n % 2 ? 'task.completed' : 'task.assigned',
        targetKind: 'task',
        targetId: taskRows[n % taskRows.length]!.id,
      })),
    );
    paths.push(`/cycles/${key}/2027`);
  }
  return paths;
}

export async function dashboardLatency(db: Db) {
  const paths = await fillForBench(db);
  // A client that never connects: the pages must not need Temporal.
  const temporal = new Client();
  const config = {
    ...loadConfig({}),
    rateLimits: { api: 1e9, pages: 1e9, links: 1e9, signin: 1e9, signinAddress: 1e9 },
    secret: randomBytes(32).toString('hex'),
  };
  const app = await buildApp({ db, temporal, config, mailer: createMailer(undefined) }, { logger: false });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  resetPeakRss();
  const session = await sessionCookieFor(app);
  const headers = { cookie: `${session.name}=${session.value}` };
  const check = await fetch(`${origin}${paths[0]}`, { headers });
  if (check.status !== 200 || !(await check.text()).includes('class="wheel"')) throw new Error('the overview did not render');
  // Steady state: every overview has been opened once.
  await load({ origin, paths, headers, connections: 10, amount: paths.length });
  const shuffled = paths.map((_, i) => paths[(i * 7919) % paths.length]!);
  const overview = await load({ origin, paths: shuffled, headers, connections: 50, amount: 2000 });
  const party = await load({ origin, paths: ['/parties/polisen?year=2027'], headers, connections: 50, amount: 500 });
  const apiPeakMb = peakRssMb();
  const bareRoute = await bareRouteLoad();
  await app.close();
  return { overview, party, bareRoute, apiPeakMb };
}

/** `npm start` on a warm data folder (migrated, seeded): seconds until GET / answers 200. */
export async function startToReady(root: string): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'arshjul-bench-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'PUBLIC_URL', 'SECRET']) delete env[name];
  const once = async () => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts'], { cwd: root, env, detached: true, stdio: 'ignore' });
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
        const ok = await fetch(`http://127.0.0.1:${port}/`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return (performance.now() - started) / 1000;
        if (performance.now() - started > 120_000) throw new Error('not ready in 120 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGINT');
      await exited;
    }
  };
  await once(); // cold: installs nothing new, creates and seeds the data folder
  const warm = await once();
  await rm(dataDir, { recursive: true, force: true });
  return warm;
}
