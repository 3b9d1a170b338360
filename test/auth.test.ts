import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { createMailer, type Mailer } from '../activities/mailer';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { eventually, testApp } from './support/app';
import { catchMail, type CaughtMail } from './support/smtp';
import { freePort } from '../cli/temporal-dev';

/** Sign-in by a one-time link; sessions, CSRF and roles on every route. */
describe('sign-in and roles', () => {
  let database: TestDatabase;
  let temporal: TemporalHarness;
  let app: FastifyInstance;
  let smtp: CaughtMail;
  let mailer: Mailer;
  let coordinatorSession: { cookies: Record<string, string>; csrfToken: string } | undefined;

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    mailer = createMailer(smtp.url);
    temporal = await startTemporal(database.db, `auth-${Date.now()}`, mailer);
    app = await testApp(database.db, temporal.client, temporal.taskQueue, mailer);
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    await database?.drop();
    mailer?.close();
    await smtp?.stop();
  });

  const linkIn = (address: string) =>
    eventually(async () => {
      const mail = smtp.messages
        .filter((m) => m.to && 'value' in m.to && m.to.value[0]!.address === address && m.subject === 'Logga in i Årshjul')
        .at(-1);
      return mail ? new URL(/(http:\/\/\S+\/l\/[A-Za-z0-9_-]{43})/.exec(mail.text!)![1]!).pathname : undefined;
    });

  /** The whole flow as a person does it: ask, open the mail's link, press the button. */
  async function signIn(address: string) {
    const before = smtp.messages.length;
    const asked = await app.inject({ method: 'POST', url: '/signin', payload: { email: address } });
    expect(asked.statusCode).toBe(200);
    await eventually(async () => (smtp.messages.length > before ? true : undefined));
    const path = await linkIn(address);
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const secret = page.cookies.find((c) => c.name === 'arshjul_csrf')!;
    expect(secret).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const done = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      cookies: { arshjul_csrf: secret.value },
      payload: `_csrf=${csrf}`,
    });
    expect(done.statusCode).toBe(303);
    const cookie = done.cookies.find((c) => c.name === 'arshjul_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const cookies = { arshjul_session: cookie.value, arshjul_csrf: secret.value };
    const session = await app.inject({ method: 'GET', url: '/api/session', cookies });
    return { cookies, path, page: page.body, ...session.json<{ role: string; csrfToken: string; seats: string[] }>() };
  }

  it('keeps the API closed to those not signed in', async () => {
    for (const [method, url] of [
      ['GET', '/api/tasks'],
      ['GET', '/api/cycles'],
      ['POST', '/api/cycles'],
      ['GET', '/api/bodies'],
    ] as const) {
      const res = await app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().message).toBe('Du behöver logga in');
    }
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const home = await app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('Ulrika Strand');
    const forged = await app.inject({
      method: 'GET',
      url: '/api/tasks',
      cookies: { arshjul_session: 'eyJlIjoidWxyaWthLnN0cmFuZEBsYW5zc3R5cmVsc2VuLmV4YW1wbGUub3JnIiwiaSI6MH0.forged' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('signs the coordinator in by a link mailed to their address; state changes need the CSRF token', async () => {
    const coordinator = await signIn('ulrika.strand@lansstyrelsen.example.org');
    coordinatorSession = coordinator;
    expect(coordinator.page).toContain('Logga in som Ulrika Strand');
    expect(coordinator.role).toBe('coordinator');
    expect(coordinator.seats.sort()).toEqual(['samordningsgrupp/ordforande', 'samordningskoordinering/samordningskoordinator']);

    const preview = { definition: 'kvinnofrid-arshjul', year: 2031 };
    const without = await app.inject({
      method: 'POST',
      url: '/api/cycles/preview',
      payload: preview,
      cookies: coordinator.cookies,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toMatch(/^Säkerhetskontrollen \(CSRF\)/);
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/cycles/preview',
      payload: preview,
      cookies: coordinator.cookies,
      headers: { 'x-csrf-token': coordinator.csrfToken },
    });
    expect(withToken.statusCode).toBe(200);
    const home = await app.inject({ method: 'GET', url: '/', cookies: coordinator.cookies });
    expect(home.body).toContain('Ulrika Strand');

    const reused = await app.inject({
      method: 'POST',
      url: coordinator.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '_csrf=x',
    });
    expect(reused.statusCode).toBe(403);
    expect(reused.cookies.map((c) => c.name)).not.toContain('arshjul_session');
  });

  it('refuses a member who acts as the coordinator or through a seat they do not hold', async () => {
    const member = await signIn('sara.lindgren@polisen.example.org');
    expect(member.role).toBe('holder');
    const as = (actor: object) =>
      app.inject({
        method: 'POST',
        url: '/api/cycles',
        payload: { definition: 'kvinnofrid-arshjul', year: 2031, actor },
        cookies: member.cookies,
        headers: { 'x-csrf-token': member.csrfToken },
      });
    const coordinator = await as({ kind: 'coordinator' });
    expect(coordinator.statusCode).toBe(403);
    expect(coordinator.json().message).toBe('Bara samordningskoordinatorn får göra detta');
    // Starting a cycle is declared the coordinator's on its route: no seat a member names gets past that.
    const hers = await as({ kind: 'seat', seat: 'samordningsgrupp/polisen' });
    expect(hers.statusCode).toBe(403);
    expect(hers.json().message).toBe('Bara samordningskoordinatorn får göra detta');
    // Where members may act, a seat they do not hold is refused by name before anything is looked up.
    const notHers = await app.inject({
      method: 'POST',
      url: `/api/tasks/${randomUUID()}/complete`,
      payload: { report: 'Klart', actor: { kind: 'seat', seat: 'styrgrupp/polisen' } },
      cookies: member.cookies,
      headers: { 'x-csrf-token': member.csrfToken },
    });
    expect(notHers.statusCode).toBe(403);
    expect(notHers.json().message).toBe('Du har inte platsen styrgrupp/polisen');
  });

  it('answers an unknown address exactly as a known one, and mails nothing', async () => {
    const before = smtp.messages.length;
    const res = await app.inject({ method: 'POST', url: '/signin', payload: { email: 'nobody@example.org' } });
    expect(res.json().message).toBe('Om adressen hör till en plats i samverkan är en inloggningslänk på väg. Den gäller i 30 minuter.');
    const written = await database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.toAddress, 'nobody@example.org'));
    expect(written).toEqual([]);
    expect(smtp.messages.length).toBe(before);
    const bad = await app.inject({ method: 'POST', url: '/signin', payload: { email: 'inte en adress' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('email');
  });

  it('answers a sign-in at once while SMTP is down, and the worker sends exactly one mail once it is back', async () => {
    const [holder] = await database.db.select().from(t.holders).where(eq(t.holders.name, 'Lina Hermansson'));
    const address = holder!.email;
    const toHer = () => smtp.messages.filter((m) => m.to && 'value' in m.to && m.to.value[0]!.address === address);
    await smtp.stop();
    const asked = await app.inject({ method: 'POST', url: '/signin', payload: { email: address } });
    expect(asked.json().message).toBe('Om adressen hör till en plats i samverkan är en inloggningslänk på väg. Den gäller i 30 minuter.');
    // A second press of the button while the first mail is still on its way.
    expect((await app.inject({ method: 'POST', url: '/signin', payload: { email: address } })).statusCode).toBe(200);
    const row = () => database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.toAddress, address));
    await eventually(async () => ((await row())[0]?.status === 'failed' ? true : undefined));
    await smtp.start();
    const [sent] = await eventually(async () => ((await row())[0]?.status === 'sent' ? row() : undefined));
    await temporal.client.workflow.getHandle(`mail/${sent!.key.slice(0, sent!.key.lastIndexOf(':'))}`).result();
    expect(toHer().map((m) => m.subject)).toEqual(['Logga in i Årshjul']);
    expect(sent!.attempts).toBeGreaterThanOrEqual(2);
  });

  it('answers a known address as an unknown one while the engine is unreachable, and keeps the mail in the outbox', async () => {
    const unreachable = new Client({
      connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, connectTimeout: '200ms', interceptors: [] }),
    });
    const offline = await testApp(database.db, unreachable, temporal.taskQueue, mailer);
    try {
      const [holder] = await database.db.select().from(t.holders).where(eq(t.holders.name, 'Oskar Lund'));
      const known = await offline.inject({ method: 'POST', url: '/signin', payload: { email: holder!.email } });
      const unknown = await offline.inject({ method: 'POST', url: '/signin', payload: { email: 'nobody@example.org' } });
      expect([known.statusCode, known.json()]).toEqual([unknown.statusCode, unknown.json()]);
      const rows = await eventually(async () => {
        const written = await database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.toAddress, holder!.email));
        return written.length ? written : undefined;
      });
      expect(rows.map((r) => r.status)).toEqual(['pending']);
    } finally {
      await offline.close();
    }
  });

  it('finds a person by address whatever its case, also after a change of holder', async () => {
    // One sign-in link per address and five minutes: the session from the sign-in test serves.
    const admin = coordinatorSession!;
    const changed = await app.inject({
      method: 'POST',
      url: '/api/seats/samordningsgrupp/stockholms-stad/holders',
      payload: { name: 'Amir Said', email: 'Amir.Said@Stockholm.example.org', validFrom: '2026-01-01', actor: { kind: 'coordinator' } },
      cookies: admin.cookies,
      headers: { 'x-csrf-token': admin.csrfToken },
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json().holder.email).toBe('amir.said@stockholm.example.org');
    const member = await signIn('amir.said@stockholm.example.org');
    expect(member.seats).toEqual(['samordningsgrupp/stockholms-stad']);
  });

  it('signs out', async () => {
    const member = await signIn('anna.bjork@region-stockholm.example.org');
    const out = await app.inject({
      method: 'POST',
      url: '/signout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${member.csrfToken}`,
      cookies: member.cookies,
    });
    expect(out.statusCode).toBe(303);
    expect(out.cookies.find((c) => c.name === 'arshjul_session')!.value).toBe('');
  });
});
