import * as client from 'openid-client';
import type { FastifyBaseLogger } from 'fastify';
import type { OidcConfig } from '../../config/env';
import { stockholmDate } from '../../core/time';
import { t } from '../../i18n';
import { UserError } from '../plugins/errors';
import { seatsHeldBy } from '../plugins/session';
import { appendAudit } from '../../activities/audit';
import type { Ctx } from './context';
import { networkOf } from '../actor';
import { userAgentClass, type Visit } from './links';

/**
 * What the browser keeps while it is away at the provider: the answer it brings back must carry
 * this state, its ID token this nonce, and only this browser can redeem its code (PKCE).
 */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  startedAt: number;
}

/** Long enough to type a password and approve on a phone; a flow older than this starts again. */
export const FLOW_MINUTES = 10;

const callbackUrl = (ctx: Ctx) => `${ctx.config.publicUrl}/signin/oidc/callback`;
/** An http issuer is allowed by the settings only on this machine (see config/env.ts). */
const insecure = (oidc: OidcConfig) => new URL(oidc.issuer).protocol === 'http:';

/** The sign-in button's text, when sign-in through the provider is configured. */
export function oidcButtonLabel(ctx: Ctx): string | undefined {
  return ctx.config.oidc && (ctx.config.oidc.label ?? t(ctx.locale, 'oidc.button'));
}

function settings(ctx: Ctx): OidcConfig {
  if (!ctx.config.oidc) throw new UserError(404, 'error.notFound');
  return ctx.config.oidc;
}

/** The provider's metadata, asked once per process; a failed discovery is asked again next time. */
const discovered = new Map<string, Promise<client.ServerMetadata>>();

function serverOf(oidc: OidcConfig): Promise<client.ServerMetadata> {
  const known = discovered.get(oidc.issuer);
  if (known) return known;
  const execute = insecure(oidc) ? [client.allowInsecureRequests] : [];
  const found = client
    .discovery(new URL(oidc.issuer), oidc.clientId, oidc.clientSecret, undefined, { execute })
    .then((c) => c.serverMetadata());
  discovered.set(oidc.issuer, found);
  found.catch(() => discovered.delete(oidc.issuer));
  return found;
}

/**
 * The client as the provider knows it, checking tokens against the app's clock (which tests move).
 * Built per sign-in, so the provider's signing keys are fetched fresh and a rotated key is never stale.
 */
async function configurationFor(ctx: Ctx, oidc: OidcConfig, log: FastifyBaseLogger): Promise<client.Configuration> {
  let server: client.ServerMetadata;
  try {
    server = await serverOf(oidc);
  } catch (err) {
    log.error({ issuer: oidc.issuer, reason: String(err) }, 'identity provider discovery failed');
    throw new UserError(503, 'oidc.unavailable');
  }
  const config = new client.Configuration(
    server,
    oidc.clientId,
    { [client.clockSkew]: Math.round((ctx.now().getTime() - Date.now()) / 1000) },
    client.ClientSecretBasic(oidc.clientSecret),
  );
  if (insecure(oidc)) client.allowInsecureRequests(config);
  return config;
}

/** Where to send the browser to sign in, and what it must bring back. */
export async function beginOidcSignIn(ctx: Ctx, log: FastifyBaseLogger): Promise<{ url: string; flow: OidcFlow }> {
  const oidc = settings(ctx);
  const config = await configurationFor(ctx, oidc, log);
  const flow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    startedAt: ctx.now().getTime(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(ctx),
    scope: oidc.scopes,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    ui_locales: ctx.locale,
  });
  return { url: url.href, flow };
}

/**
 * The provider's answer, checked (state, PKCE, and the ID token's signature, issuer, audience,
 * nonce and expiry by openid-client), mapped to a seat holder by the verified e-mail address and
 * audited like a sign-in link. Every refusal is a UserError whose message the sign-in page shows;
 * nothing is stored before.
 */
export async function finishOidcSignIn(
  ctx: Ctx,
  { search, flow, visit }: { search: string; flow: OidcFlow | undefined; visit: Visit },
  log: FastifyBaseLogger,
): Promise<{ email: string; idToken: string }> {
  const oidc = settings(ctx);
  const answer = new URL(`${callbackUrl(ctx)}${search}`);
  const refuse = (status: number, key: 'oidc.startAgain' | 'oidc.noEmail' | 'oidc.unknown', reason: string) => {
    log.warn({ reason }, 'sign-in through the identity provider refused');
    return new UserError(status, key);
  };
  const fresh = flow && ctx.now().getTime() - flow.startedAt <= FLOW_MINUTES * 60_000;
  if (!fresh || answer.searchParams.get('state') !== flow.state) throw refuse(400, 'oidc.startAgain', 'no sign-in started with this state');
  const config = await configurationFor(ctx, oidc, log);
  let email: string | undefined;
  let idToken: string;
  try {
    const tokens = await client.authorizationCodeGrant(config, answer, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    idToken = tokens.id_token!;
    email = await verifiedEmail(config, tokens.access_token, tokens.claims()!);
  } catch (err) {
    throw refusalOf(err, log);
  }
  if (!email) throw refuse(401, 'oidc.noEmail', 'no verified e-mail claim');
  const seats = await seatsHeldBy(ctx.db, email, stockholmDate(ctx.now()));
  if (!seats.length) throw refuse(401, 'oidc.unknown', 'the address holds no seat today');
  const seat = seats.find((s) => s.coordinator) ?? seats[0]!;
  await appendAudit(
    ctx.db,
    {
      action: 'signin',
      actor: {
        kind: seat.coordinator ? 'coordinator' : 'seat',
        seatId: seat.seatId,
        holderId: seat.holderId,
        door: 'page',
        ip: networkOf(visit.ip),
      },
      at: ctx.now().toISOString(),
      detail: { via: 'oidc' },
      userAgentClass: userAgentClass(visit.userAgent),
    },
    { kind: 'person', id: email },
  );
  return { email, idToken };
}

/**
 * The address only when the provider vouches for it (`email_verified: true`): from the ID token,
 * or else from the UserInfo endpoint, where providers that keep ID tokens small put it.
 */
async function verifiedEmail(config: client.Configuration, accessToken: string, idClaims: client.IDToken): Promise<string | undefined> {
  const inToken = typeof idClaims.email === 'string';
  const claims =
    inToken || !config.serverMetadata().userinfo_endpoint ? idClaims : await client.fetchUserInfo(config, accessToken, idClaims.sub);
  return claims.email_verified === true && typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
}

/** What went wrong, logged without tokens, as the refusal the reader sees. */
function refusalOf(err: unknown, log: FastifyBaseLogger): UserError {
  if (err instanceof client.AuthorizationResponseError || err instanceof client.ResponseBodyError) {
    log.warn({ error: err.error, description: err.error_description }, 'the identity provider refused the sign-in');
    return new UserError(401, 'oidc.refused');
  }
  if (err instanceof client.ClientError) {
    log.warn({ code: err.code, reason: err.message }, 'the identity provider’s answer did not verify');
    return new UserError(401, 'oidc.invalid');
  }
  // fetch reports an unreachable host as a TypeError.
  if (err instanceof TypeError) {
    log.error({ reason: err.message }, 'identity provider unreachable');
    return new UserError(503, 'oidc.unavailable');
  }
  throw err;
}

/**
 * The provider's sign-out (RP-initiated logout) for a session that came from it, back to our
 * sign-in page; none when the provider has no end_session_endpoint or does not answer, since our
 * own session is over either way.
 */
export async function providerSignOutUrl(ctx: Ctx, idToken: string, log: FastifyBaseLogger): Promise<string | undefined> {
  if (!ctx.config.oidc) return undefined;
  const config = await configurationFor(ctx, ctx.config.oidc, log).catch(() => undefined);
  if (!config?.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${ctx.config.publicUrl}/signin` }).href;
}
