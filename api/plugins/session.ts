import { createHmac, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { stockholmDate } from '../../core/time';
import { UserError } from './errors';
import { accessOf, enforceAccess } from './access';

export const SESSION_COOKIE = 'arshjul_session';
const SESSION_HOURS = 12;

export interface SessionSeat {
  seatId: string;
  slug: string;
  mandate: t.Seat['mandate'];
  holderId: string;
  coordinator: boolean;
}

/** A signed-in person: known by work address, acting through the seats they hold today. */
export interface User {
  email: string;
  name: string;
  role: 'coordinator' | 'holder' | 'observer';
  seats: SessionSeat[];
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

/** The session's content; the cookie plugin signs it with SECRET. */
export const sessionValue = (email: string, issuedAt: number) =>
  Buffer.from(JSON.stringify({ e: email, i: issuedAt })).toString('base64url');
export const csrfTokenFor = (secret: string, session: string) => createHmac('sha256', secret).update(`csrf:${session}`).digest('base64url');

/** Seats a person holds on a Stockholm date, found by their work address. */
export async function seatsHeldBy(db: Db, email: string, day: string): Promise<(SessionSeat & { name: string })[]> {
  const rows = await db
    .select({ holder: t.holders, seat: t.seats, bodyKind: t.bodies.kind })
    .from(t.holders)
    .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(
      and(
        eq(t.holders.email, email.toLowerCase()),
        lte(t.holders.validFrom, day),
        or(isNull(t.holders.validTo), gte(t.holders.validTo, day)),
      ),
    );
  return rows.map((r) => ({
    seatId: r.seat.id,
    slug: r.seat.slug,
    mandate: r.seat.mandate,
    holderId: r.holder.id,
    name: r.holder.name,
    coordinator: r.seat.mandate === 'coordinator' && r.bodyKind === 'coordination_office',
  }));
}

export function startSession(reply: FastifyReply, email: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionValue(email.toLowerCase(), Date.now()), {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
}

export function endSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether the browser says a request comes from another site: `Sec-Fetch-Site` other than
 * same-origin, or else an `Origin` naming neither this host nor the public address. Clients that
 * send neither, such as scripts against the API, are not browsers acting for someone, and the
 * session's CSRF token guards them.
 */
function fromAnotherSite(request: FastifyRequest): boolean {
  // A browser that says where a request comes from is believed: the link pages send no referrer,
  // and such a browser names their form's origin `null`.
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (!URL.canParse(origin)) return true;
  const { host, protocol } = new URL(origin);
  // The Host header as a URL of the origin's scheme would give it, so a default port reads the same.
  const here = URL.canParse(`${protocol}//${request.headers.host}`) ? new URL(`${protocol}//${request.headers.host}`).host : undefined;
  return host !== here && host !== new URL(request.server.deps.config.publicUrl).host;
}

/**
 * Sessions in a signed, http-only cookie; a CSRF token bound to the session on every
 * state-changing request; and sign-in required for everything but the public doors.
 */
export default fp<{ db: Db; secret: string }>(
  async (app, { db, secret }) => {
    await app.register(cookie, { secret });
    app.decorateRequest('user', null);

    app.addHook('onRequest', async (request: FastifyRequest) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return;
      let session: { e: string; i: number };
      try {
        session = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8'));
      } catch {
        return;
      }
      if (typeof session.e !== 'string' || typeof session.i !== 'number' || Date.now() - session.i > SESSION_HOURS * 3_600_000) return;
      const seats = await seatsHeldBy(db, session.e, stockholmDate(new Date()));
      const [holder] = seats.length
        ? seats
        : await db.select({ name: t.holders.name }).from(t.holders).where(eq(t.holders.email, session.e)).limit(1);
      if (!holder) return;
      request.user = {
        email: session.e,
        name: holder.name,
        role: seats.some((s) => s.coordinator) ? 'coordinator' : seats.length ? 'holder' : 'observer',
        seats: seats.map(({ name: _n, ...s }) => s),
        csrfToken: csrfTokenFor(secret, unsigned.value),
      };
    });

    app.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!;
      // Every route declares its access (the route-table test holds them to it); an address with no
      // route is for the signed-in, so a visitor is not told which addresses exist.
      const access = accessOf(request) ?? 'signedIn';
      if (unsafe.has(request.method) && fromAnotherSite(request)) throw new UserError(403, 'auth.crossSite');
      if (access === 'public') return;
      if (!request.user && request.method === 'GET' && !path.startsWith('/api/')) return reply.redirect('/signin', 303);
      enforceAccess(request, access);
      if (!request.user) throw new UserError(401, 'auth.required');
      if (!unsafe.has(request.method)) return;
      const given = Buffer.from(String(request.headers['x-csrf-token'] ?? (request.body as { _csrf?: unknown } | undefined)?._csrf ?? ''));
      const expected = Buffer.from(request.user.csrfToken);
      // Bytes against bytes: a token with a non-ASCII character has more bytes than characters.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UserError(403, 'auth.csrf');
    });
  },
  { name: 'session', dependencies: ['errors', 'access'] },
);
