import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { loadConfig } from '../../config/env';
import { createMailer } from '../../activities/mailer';
import type { Db } from '../../db/client';
import { UNLIMITED } from './app';

/**
 * A stand-in for an agency's identity provider: oidc-provider, in-process on 127.0.0.1, with the
 * app registered as a client (and one more client, an agency's intranet) and people known by their
 * work address. Its login is a bare form asking for that address: the point is the protocol.
 */
export interface AgencyIdp {
  issuer: string;
  /** The settings that point the app at this provider. */
  env: Record<string, string>;
  /** Another application of the agency, registered with the same return address. */
  otherClientId: string;
  /** A browser's cookies at the provider, walking its pages by hand. */
  visitor(): IdpVisitor;
  stop(): Promise<void>;
}

export interface IdpVisitor {
  /** Follows an authorization URL through the provider's login as `email`; the URL it sends the browser back to. */
  signIn(authorizationUrl: string, email: string): Promise<URL>;
  /** Opens the provider's sign-out, confirms it, and returns where the provider sends the browser next. */
  signOut(endSessionUrl: string): Promise<URL>;
}

export interface IdpAccount {
  email: string;
  emailVerified: boolean;
}

const CLIENT = { id: 'arshjul', secret: 'arshjul-client-secret-at-the-agency' };
const OTHER_CLIENT = { id: 'intranet', secret: 'intranet-client-secret-at-the-agency' };

export async function startAgencyIdp(appUrl: string, accounts: IdpAccount[]): Promise<AgencyIdp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const byEmail = new Map(accounts.map((a) => [a.email, a]));
  const registration = (client: { id: string; secret: string }) => ({
    client_id: client.id,
    client_secret: client.secret,
    redirect_uris: [`${appUrl}/signin/oidc/callback`],
    post_logout_redirect_uris: [`${appUrl}/signin`],
  });
  const provider = new Provider(issuer, {
    clients: [registration(CLIENT), registration(OTHER_CLIENT)],
    async findAccount(_ctx: unknown, id: string) {
      const account = byEmail.get(id);
      return (
        account && {
          accountId: id,
          claims: async () => ({ sub: id, email: account.email, email_verified: account.emailVerified, name: account.email }),
        }
      );
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    jwks: {
      keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'k1' }],
    },
    cookies: { keys: ['agency-idp-cookie-key'] },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    interaction(provider, req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  return {
    issuer,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret },
    otherClientId: OTHER_CLIENT.id,
    visitor: () => visitor(issuer),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The login: a form for the work address; submitting it signs in and grants what the app asked for. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method !== 'POST') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="sv"><head><title>Myndighetens inloggning</title></head><body><main>
<h1>Myndighetens inloggning</h1>
<form method="post" action="/interaction/${details.uid}">
<label for="email">E-post</label> <input id="email" name="email" type="email">
<button type="submit">Logga in</button>
</form></main></body></html>`);
    return;
  }
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const accountId = new URLSearchParams(body).get('email') ?? '';
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id! });
  grant.addOIDCScope(details.params.scope ?? 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

function visitor(issuer: string): IdpVisitor {
  const jar = new Map<string, string>();
  const origin = new URL(issuer).origin;

  async function go(url: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const name = pair!.slice(0, pair!.indexOf('='));
      const value = pair!.slice(pair!.indexOf('=') + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(set)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }

  /** Redirects within the provider, until a page of its own answers or it sends the browser elsewhere. */
  async function follow(url: string, form?: Record<string, string>): Promise<{ url: URL; page?: string }> {
    let at = new URL(url);
    let res = await go(at.href, form);
    while (res.status >= 300 && res.status < 400) {
      at = new URL(res.headers.get('location')!, at);
      if (at.origin !== origin) return { url: at };
      res = await go(at.href);
    }
    const page = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status} at ${at.pathname}: ${page.slice(0, 300)}`);
    return { url: at, page };
  }

  const away = (step: { url: URL; page?: string }) => {
    if (step.page !== undefined) throw new Error(`the provider kept the browser at ${step.url.pathname}`);
    return step.url;
  };

  return {
    async signIn(authorizationUrl, email) {
      const login = await follow(authorizationUrl);
      if (login.page === undefined) return login.url;
      return away(await follow(login.url.href, { email }));
    },
    async signOut(endSessionUrl) {
      const confirm = await follow(endSessionUrl);
      if (confirm.page === undefined) return confirm.url;
      const action = /<form[^>]*action="([^"]+)"/.exec(confirm.page)![1]!;
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.page)![1]!;
      return away(await follow(new URL(action, confirm.url).href, { xsrf, logout: 'yes' }));
    },
  };
}

/** The app, with its settings pointing at the provider; sign-in never reaches Temporal, so its client stays unconnected. */
export function appWithIdp(db: Db, idp: AgencyIdp, opts: { publicUrl?: string; clock?: () => Date } = {}): Promise<FastifyInstance> {
  const env = { ...idp.env, ...(opts.publicUrl ? { PUBLIC_URL: opts.publicUrl } : {}) };
  const config = { ...loadConfig(env), secret: 'test-secret-'.padEnd(40, 'x'), rateLimits: UNLIMITED };
  return buildApp({ db, temporal: new Client(), config, mailer: createMailer(undefined), clock: opts.clock }, { logger: false });
}
