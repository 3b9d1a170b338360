import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { findSeat } from '../db/queries/directory';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { injectAs, sessionCookieFor, testApp } from './support/app';

/**
 * The rules of docs/permissions.md one at a time. Pages and JSON read PostgreSQL only, so the
 * engine is a lazy connection that nothing here reaches.
 */
const REPORT = 'Polisens lägesbild för styrgruppen';
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const coordinator = { kind: 'coordinator' } as const;

describe('permissions', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let taskId: string;
  let attachmentId: string;
  const get = (url: string, as: { kind: string; seat?: string } = coordinator) => injectAs(app, { method: 'GET', url }, as);
  const post = (url: string, as: { kind: string; seat?: string } = coordinator) => injectAs(app, { method: 'POST', url, payload: {} }, as);

  beforeAll(async () => {
    db = await createSeededDatabase();
    app = await testApp(db.db, new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), 'permissions');
    const steering = (await findSeat(db.db, 'styrgrupp/polisen'))!;
    taskId = randomUUID();
    await db.db.insert(t.tasks).values({
      id: taskId,
      workflowId: `task/adhoc/${taskId}`,
      seatId: steering.id,
      title: 'Lägesbild',
      dueAt: new Date('2099-03-31T21:59:00Z'),
      status: 'done',
      report: REPORT,
    });
    const [file] = await db.db
      .insert(t.attachments)
      .values({ taskId, name: 'lagesbild.txt', contentType: 'text/plain', size: 2, sha256: 'x', data: Buffer.from('ok') })
      .returning();
    attachmentId = file!.id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe("another body's task report", () => {
    const outsider = seat('samordningsgrupp/polisen');

    it('is not found for a member of another body, in JSON, on the page, in the list and as a file', async () => {
      expect((await get(`/api/tasks/${taskId}`, outsider)).statusCode).toBe(404);
      expect((await get(`/api/tasks/${taskId}/history`, outsider)).statusCode).toBe(404);
      const page = await get(`/tasks/${taskId}`, outsider);
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain(REPORT);
      expect((await get('/api/tasks', outsider)).json().map((x: { id: string }) => x.id)).not.toContain(taskId);
      expect((await get(`/api/attachments/${attachmentId}`, outsider)).statusCode).toBe(404);
    });

    it("is read by the members of the task's own body and by the coordinator", async () => {
      for (const as of [seat('styrgrupp/kriminalvarden'), coordinator]) {
        expect((await get(`/api/tasks/${taskId}`, as)).json().report).toBe(REPORT);
        expect((await get('/api/tasks', as)).json().map((x: { id: string }) => x.id)).toContain(taskId);
        expect((await get(`/api/attachments/${attachmentId}`, as)).body).toBe('ok');
      }
    });
  });

  describe('the register', () => {
    it('is refused to a member, and not offered in their menu', async () => {
      expect((await get('/admin', seat('styrgrupp/polisen'))).statusCode).toBe(403);
      expect((await get('/api/admin/bodies/styrgrupp', seat('styrgrupp/polisen'))).statusCode).toBe(403);
      expect((await get('/me', seat('styrgrupp/polisen'))).body).not.toContain('href="/admin');
      expect((await get('/me')).body).toContain('href="/admin');
    });
  });

  describe('a former holder', () => {
    let cookie: string;
    beforeAll(async () => {
      const signedIn = await sessionCookieFor(app, 'arbetsgrupp-kunskap/storsthlm');
      cookie = `${signedIn.name}=${signedIn.value}`;
      const held = (await findSeat(db.db, 'arbetsgrupp-kunskap/storsthlm'))!;
      await db.db.update(t.holders).set({ validTo: '2025-01-01' }).where(eq(t.holders.seatId, held.id));
    });

    it('gets 401 from the API, as a visitor does', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } });
      expect(res.statusCode).toBe(401);
    });

    it('is sent to sign in from a page, and the home page treats them as a visitor', async () => {
      const me = await app.inject({ method: 'GET', url: '/me', headers: { cookie } });
      expect(me.statusCode).toBe(303);
      expect(me.headers.location).toBe('/signin');
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
      expect(home.body).toBe((await app.inject({ method: 'GET', url: '/' })).body);
    });
  });

  describe('calendar feeds', () => {
    const feedOn = (body: string) => body.match(/http:\/\/localhost:\d+(\/cal\/seat\/styrgrupp\/polisen\.ics\?token=[\w-]+)/)?.[1];
    const bodyFeedOn = (body: string) => body.match(/http:\/\/localhost:\d+(\/cal\/body\/styrgrupp\.ics\?token=[\w-]+)/)?.[1];

    it("shows a seat's address to its holder on their own page, and not on the register's seat page", async () => {
      expect(feedOn((await get('/me', seat('styrgrupp/polisen'))).body)).toBeDefined();
      const register = await get('/admin/seats/styrgrupp/polisen');
      expect(register.statusCode).toBe(200);
      expect(register.body).not.toContain('/cal/seat/');
      expect((await get('/api/admin/seats/styrgrupp/polisen')).json()).not.toHaveProperty('feedUrl');
    });

    it("shows a body's address to its convenor, and not to a member", async () => {
      expect(bodyFeedOn((await get('/me', seat('styrgrupp/lansstyrelsen'))).body)).toBeDefined();
      expect(bodyFeedOn((await get('/me', seat('styrgrupp/polisen'))).body)).toBeUndefined();
      expect((await post('/api/feeds/body/styrgrupp/rotate', seat('styrgrupp/polisen'))).statusCode).toBe(403);
    });

    it('stops the old address at once when its holder replaces the key, and the new one works', async () => {
      const old = feedOn((await get('/me', seat('styrgrupp/polisen'))).body)!;
      expect((await app.inject({ method: 'GET', url: old })).statusCode).toBe(200);
      const rotated = await post('/api/feeds/seat/styrgrupp/polisen/rotate', seat('styrgrupp/polisen'));
      expect(rotated.statusCode).toBe(200);
      const fresh = new URL(rotated.json().feedUrl);
      expect((await app.inject({ method: 'GET', url: old })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: fresh.pathname + fresh.search })).statusCode).toBe(200);
      expect(feedOn((await get('/me', seat('styrgrupp/polisen'))).body)).toBe(fresh.pathname + fresh.search);
    });

    it("lets the coordinator replace a seat's key without being shown the new address, and not another member", async () => {
      const old = feedOn((await get('/me', seat('styrgrupp/polisen'))).body)!;
      expect((await post('/api/feeds/seat/styrgrupp/polisen/rotate', seat('styrgrupp/kriminalvarden'))).statusCode).toBe(403);
      const rotated = await post('/api/feeds/seat/styrgrupp/polisen/rotate');
      expect(rotated.json()).toEqual({ feedUrl: null });
      expect((await app.inject({ method: 'GET', url: old })).statusCode).toBe(404);
    });

    it("replaces a body's key from the convenor's page form", async () => {
      const convenor = seat('styrgrupp/lansstyrelsen');
      const old = bodyFeedOn((await get('/me', convenor)).body)!;
      const res = await injectAs(app, { method: 'POST', url: '/feeds/body/styrgrupp/rotate' }, convenor);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/me?lang=sv&done=feedRotated');
      expect((await app.inject({ method: 'GET', url: old })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: bodyFeedOn((await get('/me', convenor)).body)! })).statusCode).toBe(200);
    });

    it('records who replaced a key, as which seat, through which door', async () => {
      const convenor = (await findSeat(db.db, 'styrgrupp/lansstyrelsen'))!;
      const body = (await db.db.select().from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp')))[0]!;
      await post('/api/feeds/body/styrgrupp/rotate', seat('styrgrupp/lansstyrelsen'));
      const rows = await db.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'feed.rotated'));
      expect(rows.at(-1)).toMatchObject({
        actorKind: 'holder',
        actorSeatId: convenor.id,
        door: 'api',
        targetKind: 'body',
        targetId: body.id,
      });
    });
  });
});
