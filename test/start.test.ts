import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../cli/temporal-dev';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Boot {
  child: ChildProcess;
  output: () => string;
  dashboardUrl: string;
  temporalAddress: string;
}

/** `npm start` as a newcomer runs it: nothing configured but the port and the data folder. */
function spawnStart(port: number, dataDir: string): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'PUBLIC_URL', 'SECRET']) delete env[name];
  // As `npm start` runs it: node with tsx's loader in-process, so Ctrl-C reaches our handlers.
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/start.ts'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function boot(port: number, dataDir: string): Promise<Boot> {
  const { child, output } = spawnStart(port, dataDir);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 90 s:\n${output()}`)), 90_000);
    const check = () => {
      if (output().includes('Ready.')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output()}`));
    });
  });
  const out = output();
  return {
    child,
    output,
    dashboardUrl: /Dashboard:\s+(\S+)/.exec(out)![1]!.replace(/\/$/, ''),
    temporalAddress: /Temporal:\s+(\S+)/.exec(out)![1]!,
  };
}

/** Ctrl-C in a terminal sends SIGINT to the whole process group. */
async function interrupt(b: Boot): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => b.child.once('exit', (code) => resolve(code)));
  process.kill(-b.child.pid!, 'SIGINT');
  const code = await exited;
  return { code, ms: Date.now() - started };
}

const portOpen = (address: string) =>
  new Promise<boolean>((resolve) => {
    const [host, port] = address.split(':');
    const socket = connect(Number(port), host!);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Live (not zombie) Temporal dev servers whose command line names this SQLite file. */
const devServersOn = (dbFile: string) =>
  spawnSync('ps', ['-ww', '-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m) => m && !m[2]!.startsWith('Z') && m[3]!.includes('start-dev') && m[3]!.includes(dbFile))
    .map((m) => Number(m![1]));

describe('the one-command start', () => {
  let dataDir: string;
  let port: number;
  let running: Boot | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'arshjul-start-'));
    port = await freePort();
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) process.kill(-running.child.pid!, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('boots Temporal, the database, the worker and the API, serves the dashboard, and stops on Ctrl-C', { timeout: 180_000 }, async () => {
    running = await boot(port, dataDir);
    expect(running.dashboardUrl).toBe(`http://localhost:${port}`);
    expect(running.output()).toMatch(/Temporal web UI:\s+http:\/\/127\.0\.0\.1:\d+/);

    // Without SMTP the coordinator gets a one-time sign-in link on the terminal; it works once.
    const signin = /Sign in as the coordinator,\s+once, within 30 minutes: (\S+)/.exec(running.output())![1]!;
    const shown = await fetch(signin);
    const signinPage = await shown.text();
    expect(signinPage).toContain('Logga in som Ulrika Strand');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signinPage)![1]!;
    const secret = shown.headers.getSetCookie()[0]!.split(';')[0]!;
    const signedIn = await fetch(signin, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
      headers: { cookie: secret },
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const outbox = await fetch(`${running.dashboardUrl}/outbox`, { headers: { cookie } });
    expect(outbox.status).toBe(200);
    expect(await outbox.text()).toContain('Utkorgen');

    const health = await fetch(`${running.dashboardUrl}/api/health`);
    expect(health.status).toBe(200);
    const home = await fetch(`${running.dashboardUrl}/`);
    expect(home.status).toBe(200);
    const page = await home.text();
    expect(page).toContain('Länsstyrelsen i Stockholms län');
    expect(page).toContain('Styrgrupp');

    // A cycle started on this Temporal, recorded by this worker in this database: next year's,
    // whose deadlines all lie ahead whatever the day the test runs.
    const year = new Date().getFullYear() + 1;
    const cycleId = `cycle/kvinnofrid-arshjul/${year}`;
    const connection = await Connection.connect({ address: running.temporalAddress });
    const client = new Client({ connection });
    const started = await client.workflow.execute('scheduledCycleWorkflow', {
      workflowId: 'start-test',
      taskQueue: 'arshjul',
      args: [{ definitionKey: 'kvinnofrid-arshjul', year }],
    });
    expect(started).toEqual({ cycleId, started: true });
    await connection.close();

    const temporalAddress = running.temporalAddress;
    const stopped = await interrupt(running);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    expect(await portOpen(`127.0.0.1:${port}`)).toBe(false);
    expect(await portOpen(temporalAddress)).toBe(false);

    // Data survives a restart: the record in PGlite and the running workflow in Temporal's file.
    running = await boot(port, dataDir);
    expect(running.output()).not.toContain('Seeded');
    expect(await (await fetch(`${running.dashboardUrl}/`)).text()).toContain('Länsstyrelsen i Stockholms län');
    const again = await Connection.connect({ address: running.temporalAddress });
    const described = await new Client({ connection: again }).workflow.getHandle(cycleId).describe();
    expect(described.status.name).toBe('RUNNING');
    await again.close();
    expect((await interrupt(running)).code).toBe(0);
  });

  it(
    'after a SIGKILL of npm start, the next start stops the orphaned dev server first and the cycle survives',
    { timeout: 240_000 },
    async () => {
      const dbFile = path.join(dataDir, 'temporal.db');
      const year = new Date().getFullYear() + 1;
      running = await boot(port, dataDir);
      const exited = new Promise((resolve) => running!.child.once('exit', resolve));
      // The whole process group, as a killed terminal would; the dev server has a group of its own.
      process.kill(-running.child.pid!, 'SIGKILL');
      await exited;
      const orphans = devServersOn(dbFile);
      expect(orphans).toHaveLength(1);
      expect(await portOpen(running.temporalAddress)).toBe(true);

      running = await boot(port, dataDir);
      expect(running.output()).toContain(`Stopping the Temporal dev server a previous start left running (pid ${orphans[0]})`);
      const servers = devServersOn(dbFile);
      expect(servers).toHaveLength(1);
      expect(servers).not.toContain(orphans[0]);
      const connection = await Connection.connect({ address: running.temporalAddress });
      const described = await new Client({ connection }).workflow.getHandle(`cycle/kvinnofrid-arshjul/${year}`).describe();
      expect(described.status.name).toBe('RUNNING');
      await connection.close();
    },
  );

  it('a second npm start on the same DATA_DIR refuses, naming it, while the first runs on', { timeout: 120_000 }, async () => {
    const second = spawnStart(await freePort(), dataDir);
    const code = await new Promise((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(second.output()).toContain(`DATA_DIR: ${dataDir} is in use by another npm start (pid ${running!.child.pid})`);
    expect((await fetch(`${running!.dashboardUrl}/api/health`)).status).toBe(200);
    expect(devServersOn(path.join(dataDir, 'temporal.db'))).toHaveLength(1);
    expect((await interrupt(running!)).code).toBe(0);
  });
});
