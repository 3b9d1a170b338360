import { spawnSync } from 'node:child_process';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/env';

interface Recorded {
  pid: number;
  /** The command line the process had when recorded: a reused pid has another one. */
  args: string;
  port?: number;
}

/** The command line of a live process; a zombie, an orphan no one reaped yet, counts as gone. */
export function commandOf(pid: number): string | undefined {
  const ps = spawnSync('ps', ['-ww', '-o', 'stat=', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  const line = ps.stdout?.trim();
  if (ps.status !== 0 || !line || line.startsWith('Z')) return undefined;
  return line.replace(/^\S+\s+/, '');
}

async function readRecord(file: string): Promise<Recorded | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Recorded;
  } catch {
    return undefined;
  }
}

/**
 * One `npm start` per DATA_DIR: a second one would start a second Temporal dev server on the same
 * SQLite file and open PGlite's files twice. The lock is a pid file; one whose process is gone
 * (killed, crashed) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'arshjul.pid');
  const mine: Recorded = { pid: process.pid, args: commandOf(process.pid) ?? '' };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(mine) + '\n', { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = await readRecord(file);
      if (holder && holder.pid !== process.pid && commandOf(holder.pid) === holder.args) {
        throw new ConfigError([
          {
            variable: 'DATA_DIR',
            message: `${dataDir} is in use by another npm start (pid ${holder.pid}); stop it or choose another DATA_DIR`,
          },
        ]);
      }
      await unlink(file).catch(() => {});
    }
  }
  return async () => {
    if ((await readRecord(file))?.pid === process.pid) await unlink(file);
  };
}

/** Where the dev server of a DATA_DIR is recorded, so that the next start finds it if this one is killed. */
export const devServerPidFile = (dataDir: string) => path.join(dataDir, 'temporal.pid');

export async function recordDevServer(dataDir: string, pid: number, port: number): Promise<() => Promise<void>> {
  const file = devServerPidFile(dataDir);
  await writeFile(file, JSON.stringify({ pid, port, args: commandOf(pid) ?? '' } satisfies Recorded) + '\n');
  return () => unlink(file).catch(() => {});
}

/**
 * A dev server left running by a start that was killed still holds its port and its SQLite file;
 * starting another beside it would put two servers on one file. Stop it first: SIGTERM, then SIGKILL.
 */
export async function stopStaleDevServer(dataDir: string, dbFile: string, log: (line: string) => void): Promise<void> {
  const recorded = await readRecord(devServerPidFile(dataDir));
  const args = recorded && commandOf(recorded.pid);
  if (!recorded || !args || !args.includes('temporal') || !args.includes(dbFile)) return;
  log(`Stopping the Temporal dev server a previous start left running (pid ${recorded.pid})…`);
  for (const [signal, graceMs] of [
    ['SIGTERM', 10_000],
    ['SIGKILL', 5_000],
  ] as const) {
    process.kill(recorded.pid, signal);
    const until = Date.now() + graceMs;
    while (commandOf(recorded.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    if (!commandOf(recorded.pid)) return;
  }
  throw new Error(`The Temporal dev server (pid ${recorded.pid}) on ${dbFile} does not stop; stop it by hand.`);
}
