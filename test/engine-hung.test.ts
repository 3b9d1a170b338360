import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Client, type Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import * as t from '../db/schema';
import { findTemporalCli, startDevServer, type DevServer } from '../cli/temporal-dev';
import { createWorker } from '../worker/worker';
import { openDatabase } from '../db/client';
import { CSRF_COOKIE } from '../api/plugins/session';
import { apiConnection } from '../api/temporal-connection';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { workflowBundle } from './support/temporal';
import { eventually, injectAs, testApp } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const SV = 'Processmotorn svarar inte just nu. Försök igen om en stund.';
const EN = 'The process engine is not answering right now. Please try again shortly.';
const NO_ANSWER = 'Arbetsflödet svarar inte just nu. Sidorna visar det som senast sparades; försök igen om en stund.';

/**
 * Temporal stopped (SIGSTOP) or dead (SIGKILL): the API answers 503 within its deadline, in the
 * reader's language, and spends and records nothing. The deadline is low here; a hang would be
 * caught by the test's timeout, so no wall clock is asserted.
 */
describe('a hung or dead engine is answered', () => {
  let server: DevServer;
  let database: TestDatabase;
  let connection: Connection;
  let native: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let app: FastifyInstance;
  const taskQueue = 'engine-hung';

  /** The worker, running; `running` settles when it has stopped. */
  async function startWorker(): Promise<Worker> {
    const started = await createWorker({
      connection: native,
      namespace: 'default',
      taskQueue,
      db: database.db,
      publicUrl: 'http://localhost:3000',
      workflowBundle: await workflowBundle(),
    });
    running = started.run();
    return started;
  }

  beforeAll(async () => {
    server = await startDevServer({ cli: findTemporalCli()! });
    database = await createSeededDatabase();
    connection = apiConnection(server.address);
    native = await NativeConnection.connect({ address: server.address });
    worker = await startWorker();
    const temporal = new Client({ connection });
    app = await testApp(database.db, temporal, taskQueue, undefined, undefined, { temporalCallTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await app?.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await native?.close();
    await connection?.close();
    await server?.stop();
    await database?.drop();
  });

  /** A task given to the police's seat, once its projection and its mail (with a link) are written. */
  async function openTask(): Promise<{ id: string; token: string }> {
    const res = await injectAs(app, {
      method: 'POST',
      url: '/api/tasks',
      payload: { seat: 'samordningsgrupp/polisen', title: 'Lägesbild', dueAt: '2099-03-31T12:00:00Z', actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    const text = await eventually(async () => {
      const [mail] = await database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.targetId, id));
      const [task] = await database.db.select().from(t.tasks).where(eq(t.tasks.id, id));
      return mail && task ? mail.text : undefined;
    });
    return { id, token: /\/l\/([A-Za-z0-9_-]{43})/.exec(text)![1]! };
  }

  const complete = (id: string, lang = 'sv') =>
    injectAs(app, {
      method: 'POST',
      url: `/api/tasks/${id}/complete?lang=${lang}`,
      payload: { report: 'Klart.', actor: coordinator },
    });

  /** The link's form as a mail reader posts it: the page first, for its CSRF cookie and token. */
  async function postLink(token: string, acceptLanguage = 'sv'): Promise<LightMyRequestResponse> {
    const headers = { 'accept-language': acceptLanguage };
    const page = await app.inject({ method: 'GET', url: `/l/${token}`, headers });
    expect(page.statusCode, page.body).toBe(200);
    const cookie = page.cookies.find((c) => c.name === CSRF_COOKIE)!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    return app.inject({
      method: 'POST',
      url: `/l/${token}`,
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` },
      payload: new URLSearchParams({ _csrf: csrf, report: 'Klart via länken.' }).toString(),
    });
  }

  const linkUsed = async (id: string) =>
    (await database.db.select().from(t.linkTokens).where(eq(t.linkTokens.targetId, id))).some((l) => l.usedAt !== null);
  /** What the audit says was done to a task; opening its link's page is a visit, not an act. */
  const recorded = async (id: string) =>
    (await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.targetId, id)))
      .map((r) => r.action)
      .filter((action) => action !== 'link.viewed');

  it('answers 503 while Temporal is stopped, spending and recording nothing, and acts again once it runs', async () => {
    const viaApi = await openTask();
    const viaLink = await openTask();
    const before = { api: await recorded(viaApi.id), link: await recorded(viaLink.id) };
    process.kill(server.process.pid!, 'SIGSTOP');
    try {
      const res = await complete(viaApi.id);
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({ statusCode: 503, message: SV });
      const page = await postLink(viaLink.token);
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain(SV);
      expect(await linkUsed(viaLink.id)).toBe(false);
      expect(await recorded(viaApi.id)).toEqual(before.api);
      expect(await recorded(viaLink.id)).toEqual(before.link);
    } finally {
      process.kill(server.process.pid!, 'SIGCONT');
    }
    // A request that timed out may still reach the engine once it runs again (its bytes were sent),
    // so the same actions are tried on tasks of their own.
    const again = { api: await openTask(), link: await openTask() };
    expect((await complete(again.api.id)).statusCode).toBe(200);
    expect((await postLink(again.link.token)).statusCode).toBe(200);
    expect(await linkUsed(again.link.id)).toBe(true);
  });

  it('stays alive but not ready while Temporal is stopped', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
    process.kill(server.process.pid!, 'SIGSTOP');
    try {
      const ready = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unready', database: 'ok', temporal: 'unavailable' });
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    } finally {
      process.kill(server.process.pid!, 'SIGCONT');
    }
  });

  it('is not ready when PostgreSQL does not answer', async () => {
    const nowhere = await openDatabase({ databaseUrl: 'postgres://arshjul@127.0.0.1:1/nowhere' });
    const cut = await testApp(nowhere.db, new Client({ connection }), taskQueue, undefined, undefined, { temporalCallTimeoutMs: 1000 });
    try {
      const ready = await cut.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unready', database: 'unavailable', temporal: 'ok' });
      expect((await cut.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    } finally {
      await cut.close();
      await nowhere.close();
    }
  });

  it('answers 503 when Temporal runs but no worker takes the update before the deadline', async () => {
    const task = await openTask();
    worker.shutdown();
    await running;
    try {
      const res = await complete(task.id);
      // Whether the engine gives up on the call or the update waits out the deadline, it is a 503.
      expect(res.statusCode, res.body).toBe(503);
      expect([SV, NO_ANSWER]).toContain(res.json().message);
      expect(await linkUsed(task.id)).toBe(false);
    } finally {
      worker = await startWorker();
    }
  });

  it('answers 503 in the reader’s language when Temporal is dead', async () => {
    const task = await openTask();
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    process.kill(server.process.pid!, 'SIGKILL');
    await eventually(async () => (server.process.exitCode !== null || server.process.signalCode !== null ? true : undefined));

    const sv = await complete(task.id);
    expect(sv.statusCode).toBe(503);
    expect(sv.json().message).toBe(SV);
    const en = await complete(task.id, 'en');
    expect(en.statusCode).toBe(503);
    expect(en.json().message).toBe(EN);
    const svPage = await postLink(task.token);
    expect(svPage.statusCode).toBe(503);
    expect(svPage.body).toContain(SV);
    const enPage = await postLink(task.token, 'en');
    expect(enPage.statusCode).toBe(503);
    expect(enPage.body).toContain(EN);
    expect(await linkUsed(task.id)).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).json()).toMatchObject({ temporal: 'unavailable' });
  });
});
