import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { eventually } from './support/app';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm run api` stopped by SIGTERM while a request is in flight: the request is answered and the
 * process exits 0. The request in flight is a readiness check against a Temporal that accepts the
 * connection and never answers, so it is held, without a sleep, until its deadline.
 */
describe('graceful shutdown of the API', () => {
  let database: TestDatabase;
  let silent: Server;
  const held: Socket[] = [];
  let api: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createSeededDatabase();
    silent = createServer((socket) => held.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    for (const socket of held) socket.destroy();
    silent?.close();
    await database?.drop();
  });

  it('answers the request in flight, then exits 0', async () => {
    const { port } = silent.address() as { port: number };
    api = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        DATABASE_URL: database.url,
        SECRET: 'shutdown-test-secret-'.padEnd(40, 'x'),
        PORT: '0',
        TEMPORAL_CALL_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'info',
      },
    });
    let out = '';
    api.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = once(api, 'exit');
    const url = await eventually(async () => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]);

    const inFlight = fetch(`${url}/api/ready`);
    await eventually(async () => (held.length > 0 ? true : undefined));
    api.kill('SIGTERM');

    const res = await inFlight;
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'unready', database: 'ok', temporal: 'unavailable' });
    expect(await exited).toEqual([0, null]);
    expect(out).toContain('"signal":"SIGTERM"');
    expect(out).toContain('"inFlight":1');
  });
});
