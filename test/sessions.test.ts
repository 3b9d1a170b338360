import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import postgres from 'postgres';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { csrfOfPage, eventually, injectAs, sessionCookieFor, signedInAs, testApp } from './support/app';
import { storeLink } from '../activities/notices';
import { newToken } from '../db/queries/links';
import { findSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { openSession, SESSION_COOKIE } from '../api/plugins/session';
import { DEFAULT_RATE_LIMITS } from '../config/env';

const HOUR = 3_600_000;

/** Server-side sessions: revoked at once, sliding and absolute expiry, cookie flags, CSRF bound to a session. */
describe('sessions', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  // The app's clock runs this far ahead of the wall clock.
  let ahead = 0;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `sessions-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, undefined, () => new Date(Date.now() + ahead));
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const tasks = (cookie: string) => app.inject({ method: 'GET', url: '/api/tasks', headers: { cookie } });
  const post = (url: string, client: { cookie: string; csrf: string }) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(client.csrf)}`,
    });

  it('signing out revokes the session at once: the old cookie opens nothing', async () => {
    const sara = await signedInAs(app, 'samordningsgrupp/polisen');
    expect((await tasks(sara.cookie)).statusCode).toBe(200);
    expect((await post('/signout', sara)).statusCode).toBe(303);
    expect((await tasks(sara.cookie)).statusCode).toBe(401);
  });

  it('a holder change revokes the former holder’s sessions, even before their last day', async () => {
    const seat = (await findSeat(database.db, 'samordningsgrupp/kriminalvarden'))!;
    const former = await signedInAs(app, 'samordningsgrupp/kriminalvarden');
    expect((await tasks(former.cookie)).statusCode).toBe(200);
    const changed = await injectAs(app, {
      method: 'POST',
      url: '/api/seats/samordningsgrupp/kriminalvarden/holders',
      payload: {
        name: 'Ali Haddad',
        email: 'ali.haddad@kriminalvarden.example.org',
        validFrom: '2099-01-01',
        actor: { kind: 'coordinator' },
      },
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect((await holderOn(database.db, seat.id, stockholmDate(new Date())))!.email).not.toBe('ali.haddad@kriminalvarden.example.org');
    expect((await tasks(former.cookie)).statusCode).toBe(401);
    const [after] = await database.db.select().from(t.seats).where(eq(t.seats.id, seat.id));
    expect(after!.feedKeyGeneration, 'the former holder’s calendar subscription stops too').toBe(seat.feedKeyGeneration + 1);
  });

  it('a session of someone who holds no seat today is nobody’s', async () => {
    // Ali Haddad's seat is his only from 2099 (the holder change above).
    const cookie = `${SESSION_COOKIE}=${app.signCookie(await openSession(app, 'ali.haddad@kriminalvarden.example.org'))}`;
    expect((await tasks(cookie)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json()).toEqual({ signedIn: false });
  });

  it('“sign out everywhere” ends every session of the person, and no one else’s', async () => {
    const laptop = await signedInAs(app, 'styrgrupp/polisen');
    const phone = await signedInAs(app, 'styrgrupp/polisen');
    const someoneElse = await signedInAs(app, 'styrgrupp/kriminalvarden');
    expect((await post('/signout/everywhere', laptop)).statusCode).toBe(303);
    expect((await tasks(laptop.cookie)).statusCode).toBe(401);
    expect((await tasks(phone.cookie)).statusCode).toBe(401);
    expect((await tasks(someoneElse.cookie)).statusCode).toBe(200);
  });

  it('offers “sign out everywhere” on the person’s own page', async () => {
    const me = await signedInAs(app, 'styrgrupp/kriminalvarden');
    const page = await app.inject({ method: 'GET', url: '/me', headers: { cookie: me.cookie } });
    expect(page.body).toContain('action="/signout/everywhere"');
    expect(page.body).toContain('Logga ut överallt');
  });

  it('the coordinator signs a seat’s holder out everywhere, and the audit records it', async () => {
    const seat = (await findSeat(database.db, 'styrgrupp/aklagarmyndigheten'))!;
    const one = await signedInAs(app, 'styrgrupp/aklagarmyndigheten');
    const two = await signedInAs(app, 'styrgrupp/aklagarmyndigheten');
    const page = await injectAs(app, { method: 'GET', url: '/admin/seats/styrgrupp/aklagarmyndigheten' });
    expect(page.body).toContain('action="/admin/seats/styrgrupp/aklagarmyndigheten/signout?lang=sv"');
    const done = await post('/admin/seats/styrgrupp/aklagarmyndigheten/signout', await signedInAs(app));
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/admin/seats/styrgrupp/aklagarmyndigheten?lang=sv&done=signedOut');
    expect((await tasks(one.cookie)).statusCode).toBe(401);
    expect((await tasks(two.cookie)).statusCode).toBe(401);
    const audited = await database.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.action, 'sessions.revoked'), eq(t.auditEvents.targetId, seat.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorKind: 'coordinator', door: 'page' });
  });

  it('refuses a member who asks to sign a seat’s holder out', async () => {
    const member = await signedInAs(app, 'styrgrupp/kriminalvarden');
    expect((await post('/admin/seats/styrgrupp/aklagarmyndigheten/signout', member)).statusCode).toBe(403);
  });

  it('slides: a session used within 12 hours lives on', async () => {
    const c = await signedInAs(app, 'samordningsgrupp/region-stockholm');
    for (let step = 0; step < 3; step++) {
      ahead += 11 * HOUR;
      expect((await tasks(c.cookie)).statusCode).toBe(200);
    }
  });

  it('ends a session left idle for 12 hours', async () => {
    const c = await signedInAs(app, 'samordningsgrupp/region-stockholm');
    ahead += 12 * HOUR + 60_000;
    expect((await tasks(c.cookie)).statusCode).toBe(401);
  });

  it('ends a session 7 days after sign-in, however busy', async () => {
    const c = await signedInAs(app, 'samordningsgrupp/region-stockholm');
    // Fifteen steps of 11 hours: 165 hours, each within the idle limit.
    for (let step = 0; step < 15; step++) {
      ahead += 11 * HOUR;
      expect((await tasks(c.cookie)).statusCode).toBe(200);
    }
    ahead += 4 * HOUR;
    expect((await tasks(c.cookie)).statusCode).toBe(401);
  });

  it('refuses a CSRF token from another session', async () => {
    const mine = await signedInAs(app);
    const theirs = await signedInAs(app);
    const as = (csrf: string) =>
      app.inject({ method: 'POST', url: '/api/cycles/preview', headers: { cookie: mine.cookie, 'x-csrf-token': csrf }, payload: {} });
    const refused = await as(theirs.csrf);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('CSRF');
    // With its own token the request gets past the check, to the validation of its body.
    expect((await as(mine.csrf)).statusCode).toBe(400);
  });

  it('keeps no token in the table: only its SHA-256', async () => {
    const cookie = await sessionCookieFor(app, 'samordningsgrupp/polisen');
    const token = app.unsignCookie(cookie.value).value!;
    const rows = await database.db.select().from(t.sessions);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(token).digest('hex'));
  });
});

/** The cookies a sign-in link sets, on an http and an https public address. */
describe('session cookies', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  const apps: FastifyInstance[] = [];

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `session-cookies-${Date.now()}`);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await temporal?.stop();
    await database?.drop();
  });

  /** Opens a fresh sign-in link and presses its button; the cookies of both answers. */
  async function signInOn(publicUrl: string) {
    const app = await testApp(database.db, temporal.client, temporal.taskQueue, undefined, undefined, { publicUrl });
    apps.push(app);
    const seat = (await findSeat(database.db, 'samordningsgrupp/polisen'))!;
    const holder = (await holderOn(database.db, seat.id, stockholmDate(new Date())))!;
    const { token, hash } = newToken();
    const binding = { seatId: seat.id, holderId: holder.id, action: 'signin', targetKind: 'person', targetId: holder.email };
    await storeLink(database.db, hash, { ...binding, expiresAt: new Date(Date.now() + HOUR) } as Parameters<typeof storeLink>[2]);
    const page = await app.inject({ method: 'GET', url: `/l/${token}` });
    const csrf = csrfOfPage(page);
    const done = await app.inject({
      method: 'POST',
      url: `/l/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrf.cookie },
      payload: `_csrf=${encodeURIComponent(csrf.token)}`,
    });
    expect(done.statusCode).toBe(303);
    return [...page.cookies, ...done.cookies];
  }

  it('are Secure when PUBLIC_URL is https', async () => {
    const cookies = await signInOn('https://arshjul.example.org');
    expect(cookies.map((c) => c.name).sort()).toEqual(['arshjul_csrf', SESSION_COOKIE]);
    for (const c of cookies) expect(c.secure, c.name).toBe(true);
  });

  it('are not Secure when PUBLIC_URL is http', async () => {
    const cookies = await signInOn('http://localhost:3000');
    expect(cookies).toHaveLength(2);
    for (const c of cookies) expect(c.secure, c.name).toBeFalsy();
  });

  it('are HttpOnly and SameSite=Lax either way', async () => {
    for (const url of ['https://arshjul.example.org', 'http://localhost:3000']) {
      for (const c of await signInOn(url)) expect(c, c.name).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    }
  });
});

/** POST /signin answers before it looks the address up or writes its mail, and counts per address too. */
describe('asking for a sign-in link', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    temporal = await startTemporal(database.db, `signin-timing-${Date.now()}`);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, undefined, undefined, { rateLimits: DEFAULT_RATE_LIMITS });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
  });

  const ask = (email: string, ip: string) => app.inject({ method: 'POST', url: '/signin', payload: { email }, remoteAddress: ip });

  it('answers a known and an unknown address alike while the holders and the outbox are locked, and mails once after', async () => {
    const seat = (await findSeat(database.db, 'samordningsgrupp/polisen'))!;
    const known = (await holderOn(database.db, seat.id, stockholmDate(new Date())))!.email;
    const rows = () => database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.toAddress, known));
    const other = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await other.begin(async (tx) => {
        await tx`lock table holders, mail_outbox in access exclusive mode`;
        const answers = [await ask(known, '192.0.2.10'), await ask('nobody@example.org', '192.0.2.11')];
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
        expect(answers[0]!.body).toBe(answers[1]!.body);
        expect((await tx`select count(*)::int as n from mail_outbox where to_address = ${known}`)[0]!.n).toBe(0);
      });
    } finally {
      await other.end();
    }
    const written = await eventually(async () => ((await rows()).length ? rows() : undefined));
    expect(written.map((r) => r.kind)).toEqual(['signin']);
    expect(await database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.toAddress, 'nobody@example.org'))).toEqual([]);
  });

  it('answers 429 once one address is asked for too often, from however many addresses', async () => {
    const address = 'someone@example.org';
    for (let i = 0; i < DEFAULT_RATE_LIMITS.signinAddress; i++) expect((await ask(address, `198.51.100.${i + 1}`)).statusCode).toBe(200);
    const refused = await ask(address, '198.51.100.200');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/För många/);
    expect((await ask('someone.else@example.org', '198.51.100.201')).statusCode).toBe(200);
  });

  it('still counts per network address as well', async () => {
    for (let i = 0; i < DEFAULT_RATE_LIMITS.signin; i++) expect((await ask(`person${i}@example.org`, '203.0.113.9')).statusCode).toBe(200);
    expect((await ask('one.more@example.org', '203.0.113.9')).statusCode).toBe(429);
  });
});
