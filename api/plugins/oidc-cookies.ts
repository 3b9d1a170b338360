import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FLOW_MINUTES, type OidcFlow } from '../services/oidc';

/**
 * Two short-lived cookies for sign-in through the identity provider, signed like the session's
 * and never readable by scripts: the flow under way (sent only to /signin/oidc…), and the ID
 * token a provider's sign-out asks for (sent only to /signout). The database keeps neither.
 */
const FLOW_COOKIE = 'arshjul_oidc_flow';
const FLOW_PATH = '/signin/oidc';
const ID_TOKEN_COOKIE = 'arshjul_oidc_id';
const ID_TOKEN_PATH = '/signout';

const flowSchema = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), startedAt: z.number() });

const options = (path: string, secure: boolean) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure, path });

/** The cookie's value when its signature holds; it is cleared either way, so it serves once. */
function take(request: FastifyRequest, reply: FastifyReply, name: string, path: string): string | undefined {
  const raw = request.cookies[name];
  if (raw === undefined) return undefined;
  reply.clearCookie(name, { path });
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

export function keepFlow(reply: FastifyReply, flow: OidcFlow, secure: boolean): void {
  const value = Buffer.from(JSON.stringify(flow)).toString('base64url');
  reply.setCookie(FLOW_COOKIE, value, { ...options(FLOW_PATH, secure), maxAge: FLOW_MINUTES * 60 });
}

export function takeFlow(request: FastifyRequest, reply: FastifyReply): OidcFlow | undefined {
  const value = take(request, reply, FLOW_COOKIE, FLOW_PATH);
  if (!value) return undefined;
  try {
    return flowSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

/** Until the browser closes or the person signs out: the provider's sign-out wants it as a hint. */
export function keepIdToken(reply: FastifyReply, idToken: string, secure: boolean): void {
  reply.setCookie(ID_TOKEN_COOKIE, idToken, options(ID_TOKEN_PATH, secure));
}

export function takeIdToken(request: FastifyRequest, reply: FastifyReply): string | undefined {
  return take(request, reply, ID_TOKEN_COOKIE, ID_TOKEN_PATH);
}
