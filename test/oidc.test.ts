import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { testApp } from './support/app';
import { appWithIdp, startAgencyIdp, type AgencyIdp } from './support/oidc';
import { Client } from '@temporalio/client';
import { and, desc, eq } from 'drizzle-orm';
import * as schema from '../db/schema';
import { loggedUrl } from '../api/app';

const APP_URL = 'http://localhost:3000';
const COORDINATOR = 'ulrika.strand@lansstyrelsen.example.org';
const STRANGER = 'okand.person@lansstyrelsen.example.org';
const UNVERIFIED = 'ej.bekraftad@lansstyrelsen.example.org';

/** Sign-in through an agency's identity provider (OpenID Connect), against oidc-provider in-process. */
describe('sign-in through the identity provider', () => {
  let database: TestDatabase;
  let idp: AgencyIdp;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    idp = await startAgencyIdp(APP_URL, [
      { email: COORDINATOR, emailVerified: true },
      { email: STRANGER, emailVerified: true },
      { email: UNVERIFIED, emailVerified: false },
    ]);
    app = await appWithIdp(database.db, idp);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.stop();
    await database?.drop();
  });

  const cookie = (res: LightMyRequestResponse, name: string) => res.cookies.find((c) => c.name === name);
  const cookieHeader = (...pairs: ({ name: string; value: string } | undefined)[]) =>
    pairs.flatMap((c) => (c && c.value ? [`${c.name}=${c.value}`] : [])).join('; ');

  /** /signin/oidc in `on`, the provider's login as `email`, and back to `on`'s callback. */
  async function signIn(email: string, on = app, changeUrl: (url: URL) => void = () => {}) {
    const start = await on.inject({ method: 'GET', url: '/signin/oidc' });
    expect(start.statusCode).toBe(303);
    const authorization = new URL(start.headers.location as string);
    changeUrl(authorization);
    const back = await idp.visitor().signIn(authorization.href, email);
    expect(back.origin + back.pathname).toBe(`${APP_URL}/signin/oidc/callback`);
    return on.inject({
      method: 'GET',
      url: back.pathname + back.search,
      headers: { cookie: cookieHeader(cookie(start, 'arshjul_oidc_flow')), 'accept-language': 'en' },
    });
  }

  it('signs a seat holder in, and the session reads their own records', async () => {
    const done = await signIn(COORDINATOR);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/');
    const session = await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: cookieHeader(cookie(done, 'arshjul_session')) },
    });
    expect(session.json()).toMatchObject({ signedIn: true, email: COORDINATOR, role: 'coordinator' });
    const work = await app.inject({
      method: 'GET',
      url: '/api/me/work',
      headers: { cookie: cookieHeader(cookie(done, 'arshjul_session')) },
    });
    expect(work.statusCode).toBe(200);
  });

  it('audits the sign-in as the holder’s, through the provider', async () => {
    await signIn(COORDINATOR);
    const [row] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(and(eq(schema.auditEvents.action, 'signin'), eq(schema.auditEvents.targetId, COORDINATOR)))
      .orderBy(desc(schema.auditEvents.id))
      .limit(1);
    expect(row).toMatchObject({ actorKind: 'coordinator', targetKind: 'person', door: 'page', detail: { via: 'oidc' }, ip: '127.0.0.0' });
  });

  it('keeps the flow and the ID token in signed, HttpOnly, SameSite=Lax cookies on their own paths', async () => {
    const start = await app.inject({ method: 'GET', url: '/signin/oidc' });
    expect(cookie(start, 'arshjul_oidc_flow')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/signin/oidc', maxAge: 600 });
    const done = await signIn(COORDINATOR);
    expect(cookie(done, 'arshjul_oidc_id')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/signout' });
    expect(app.unsignCookie(cookie(done, 'arshjul_oidc_id')!.value).valid).toBe(true);
  });

  it('marks its cookies Secure when the public address is https', async () => {
    const behindHttps = await appWithIdp(database.db, idp, { publicUrl: 'https://arshjul.example.org' });
    try {
      const start = await behindHttps.inject({ method: 'GET', url: '/signin/oidc' });
      expect(cookie(start, 'arshjul_oidc_flow')).toMatchObject({ secure: true });
      expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe(
        'https://arshjul.example.org/signin/oidc/callback',
      );
    } finally {
      await behindHttps.close();
    }
  });

  it('refuses an address that holds no seat, with a page leading back to sign-in', async () => {
    const refused = await signIn(STRANGER);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('does not belong to a seat in the collaboration today');
    expect(refused.body).toContain('href="/signin?lang=en"');
    expect(cookie(refused, 'arshjul_session')).toBeUndefined();
  });

  it('refuses an address the provider has not verified', async () => {
    const refused = await signIn(UNVERIFIED);
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('gave no confirmed e-mail address');
    expect(cookie(refused, 'arshjul_session')).toBeUndefined();
  });

  it('refuses a code issued to another of the agency’s applications', async () => {
    const refused = await signIn(COORDINATOR, app, (url) => url.searchParams.set('client_id', idp.otherClientId));
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('did not let you in');
    expect(cookie(refused, 'arshjul_session')).toBeUndefined();
  });

  it('refuses an ID token that has expired by the app’s clock', async () => {
    const later = await appWithIdp(database.db, idp, { clock: () => new Date(Date.now() + 2 * 3_600_000) });
    try {
      const refused = await signIn(COORDINATOR, later);
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toContain('could not be verified');
      expect(cookie(refused, 'arshjul_session')).toBeUndefined();
    } finally {
      await later.close();
    }
  });

  it('refuses an answer whose state this browser did not start', async () => {
    const start = await app.inject({ method: 'GET', url: '/signin/oidc' });
    const refused = await app.inject({
      method: 'GET',
      url: '/signin/oidc/callback?code=abc&state=not-the-one',
      headers: { cookie: cookieHeader(cookie(start, 'arshjul_oidc_flow')) },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Inloggningen startades inte i den här webbläsaren');
  });

  it('signs out here and at the provider, which sends the browser back to sign-in', async () => {
    const visitor = idp.visitor();
    const start = await app.inject({ method: 'GET', url: '/signin/oidc' });
    const back = await visitor.signIn(start.headers.location as string, COORDINATOR);
    const done = await app.inject({
      method: 'GET',
      url: back.pathname + back.search,
      headers: { cookie: cookieHeader(cookie(start, 'arshjul_oidc_flow')) },
    });
    const session = cookie(done, 'arshjul_session');
    const asked = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: cookieHeader(session) } });
    const out = await app.inject({
      method: 'POST',
      url: '/signout',
      headers: {
        cookie: cookieHeader(session, cookie(done, 'arshjul_oidc_id'), cookie(asked, 'arshjul_csrf')),
        'x-csrf-token': asked.json().csrfToken,
      },
    });
    expect(out.statusCode).toBe(303);
    expect(cookie(out, 'arshjul_session')!.value).toBe('');
    const logout = new URL(out.headers.location as string);
    expect(logout.origin).toBe(idp.issuer);
    expect(logout.searchParams.get('id_token_hint')).toBe(app.unsignCookie(cookie(done, 'arshjul_oidc_id')!.value).value);
    expect(await visitor.signOut(logout.href)).toEqual(new URL(`${APP_URL}/signin`));
  });

  it('logs neither the code nor the state of the answer', () => {
    expect(loggedUrl('/signin/oidc/callback?code=secretcode&state=secretstate&iss=x')).toBe(
      '/signin/oidc/callback?code=[key]&state=[key]&iss=x',
    );
  });
});

describe('without an identity provider configured', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    app = await testApp(database.db, new Client(), 'unused');
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('shows no button and answers 404 on its addresses', async () => {
    const page = await app.inject({ method: 'GET', url: '/signin' });
    expect(page.body).not.toContain('/signin/oidc');
    expect((await app.inject({ method: 'GET', url: '/signin/oidc' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/signin/oidc/callback?code=a&state=b' })).statusCode).toBe(404);
  });
});
