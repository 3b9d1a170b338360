import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import { createHmac } from 'node:crypto';
import { and, eq, gt, gte, isNull, lte, or, sql, type Placeholder } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { createSession, revokeSession, touchSession } from '../../db/queries/sessions';
import { hashToken } from '../../db/queries/links';
import { stockholmDate } from '../../core/time';
import { UserError } from './errors';
import { accessOf, enforceAccess } from './access';

export const SESSION_COOKIE = 'arshjul_session';
/** The CSRF secret, in a cookie of its own as @fastify/csrf-protection keeps it. */
export const CSRF_COOKIE = 'arshjul_csrf';
/**
 * A session ends after 12 hours without a request, and 7 days after sign-in whatever happens:
 * a working day idle, a working week at most. Its use is written at most once a minute, so a
 * page's burst of requests costs one write.
 */
const IDLE_MS = 12 * 3_600_000;
const ABSOLUTE_MS = 7 * 86_400_000;
const TOUCH_MS = 60_000;

export interface SessionSeat {
  seatId: string;
  slug: string;
  mandate: t.Seat['mandate'];
  holderId: string;
  coordinator: boolean;
  /** The body the seat sits in: who reads and reviews a report is a matter of the body. */
  bodyKind: t.Body['kind'];
}

/** A signed-in person: known by work address, acting through the seats they hold today. */
export interface User {
  email: string;
  name: string;
  role: 'coordinator' | 'holder' | 'observer';
  seats: SessionSeat[];
  csrfToken: string;
  /** The session's row, which sign-out revokes and which CSRF tokens are bound to. */
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

const heldOn = (day: string | Placeholder) =>
  and(lte(t.holders.validFrom, day), or(isNull(t.holders.validTo), gte(t.holders.validTo, day)));

const seatOf = (r: {
  holder: { id: string; name: string };
  seat: { id: string; slug: string; mandate: t.Seat['mandate'] };
  bodyKind: t.Body['kind'];
}) => ({
  seatId: r.seat.id,
  slug: r.seat.slug,
  mandate: r.seat.mandate,
  holderId: r.holder.id,
  name: r.holder.name,
  coordinator: r.seat.mandate === 'coordinator' && r.bodyKind === 'coordination_office',
  bodyKind: r.bodyKind,
});

const seatColumns = {
  holder: { id: t.holders.id, name: t.holders.name },
  seat: { id: t.seats.id, slug: t.seats.slug, mandate: t.seats.mandate },
  bodyKind: t.bodies.kind,
};

/** Seats a person holds on a Stockholm date, found by their work address. */
export async function seatsHeldBy(db: Db, email: string, day: string): Promise<(SessionSeat & { name: string })[]> {
  const rows = await db
    .select(seatColumns)
    .from(t.holders)
    .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(and(eq(t.holders.email, email.toLowerCase()), heldOn(day)));
  return rows.map(seatOf);
}

/**
 * The live session a cookie's token opens (not revoked, not expired at `now`) with the seats its
 * address holds on `day`, in one round trip: every signed-in request asks it. No rows: nobody.
 */
const prepareSessionWithSeats = (db: Db) =>
  db
    .select({
      ...seatColumns,
      session: { id: t.sessions.id, email: t.sessions.email, createdAt: t.sessions.createdAt, lastSeenAt: t.sessions.lastSeenAt },
    })
    .from(t.sessions)
    .innerJoin(t.holders, eq(t.holders.email, t.sessions.email))
    .innerJoin(t.seats, eq(t.seats.id, t.holders.seatId))
    .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
    .where(
      and(
        eq(t.sessions.tokenHash, sql.placeholder('hash')),
        isNull(t.sessions.revokedAt),
        gt(t.sessions.expiresAt, sql.placeholder('now')),
        heldOn(sql.placeholder('day')),
      ),
    )
    .prepare('session_with_seats');

const cookieOptions = (secure: boolean) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure, path: '/' });
/** The app's clock, which tests move to see sessions expire. */
const nowOf = (app: FastifyInstance) => app.deps.clock?.() ?? new Date();

/** A new session for an address; the token its cookie carries. */
export async function openSession(app: FastifyInstance, email: string): Promise<string> {
  const now = nowOf(app);
  return (await createSession(app.deps.db, email, now, new Date(now.getTime() + IDLE_MS))).token;
}

/** Signs a person in: a session row, and its random token in the cookie. */
export async function startSession(reply: FastifyReply, email: string, secure: boolean): Promise<void> {
  const token = await openSession(reply.server, email);
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(secure), maxAge: ABSOLUTE_MS / 1000 });
}

/** Signs this browser out: its session is revoked at once, so a copy of the cookie opens nothing. */
export async function endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) await revokeSession(request.server.deps.db, request.user.sessionId, nowOf(request.server));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * What a CSRF token is bound to: on a personal link's page the link (it has no session), elsewhere
 * the session, so a token shown to one session is refused in another.
 */
function csrfSubject(request: FastifyRequest): string {
  const token = (request.params as { token?: unknown } | undefined)?.token;
  if (request.routeOptions.url?.startsWith('/l/') && typeof token === 'string') return `link:${token}`;
  return request.user ? `session:${request.user.sessionId}` : 'anonymous';
}

/** The CSRF token for this request's forms: bound to the link on a link page, else to the session. */
export const csrfTokenOf = (request: FastifyRequest, reply: FastifyReply) => reply.generateCsrf({ userInfo: csrfSubject(request) });

/**
 * Whether the request carries a CSRF token for its subject. The plugin's own check answers a failure
 * with a bare 403; asked for a verdict instead, each door words its refusal in the reader's language.
 */
export function csrfValid(request: FastifyRequest, reply: FastifyReply): boolean {
  let valid = false;
  request.server.csrfProtection(request, Object.create(reply, { send: { value: () => reply } }), () => {
    valid = true;
  });
  return valid;
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
 * Server-side sessions behind a signed, http-only cookie; a CSRF token bound to the session on
 * every state-changing request; and sign-in required for everything but the public doors.
 */
export default fp<{ db: Db; secret: string; secure: boolean }>(
  async (app, { db, secret, secure }) => {
    await app.register(cookie, { secret });
    await app.register(csrf, {
      cookieKey: CSRF_COOKIE,
      cookieOpts: { ...cookieOptions(secure), maxAge: ABSOLUTE_MS / 1000 },
      getUserInfo: csrfSubject,
      getToken: (request) => {
        const field = (request.body as { _csrf?: unknown } | undefined)?._csrf;
        if (typeof field === 'string') return field;
        const header = request.headers['x-csrf-token'];
        return header === undefined ? undefined : String(header);
      },
      csrfOpts: { hmacKey: createHmac('sha256', secret).update('csrf').digest() },
      logLevel: 'debug',
    });
    app.decorateRequest('user', null);
    const sessionWithSeats = prepareSessionWithSeats(db);

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return;
      const now = nowOf(request.server);
      // A former holder is nobody: their session opens nothing until they hold a seat again.
      const rows = await sessionWithSeats.execute({
        hash: hashToken(unsigned.value),
        // A placeholder is not mapped by its column: the timestamp goes as text.
        now: now.toISOString(),
        day: stockholmDate(new Date()),
      });
      if (!rows.length) return;
      const session = rows[0]!.session;
      const seats = rows.map(seatOf);
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_MS) {
        const expires = Math.min(now.getTime() + IDLE_MS, session.createdAt.getTime() + ABSOLUTE_MS);
        await touchSession(db, session.id, now, new Date(expires));
      }
      request.user = {
        email: session.email,
        name: seats[0]!.name,
        role: seats.some((s) => s.coordinator) ? 'coordinator' : 'holder',
        seats: seats.map(({ name: _n, ...s }) => s),
        sessionId: session.id,
        csrfToken: '',
      };
      request.user.csrfToken = reply.generateCsrf({ userInfo: `session:${session.id}` });
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
      if (unsafe.has(request.method) && !csrfValid(request, reply)) throw new UserError(403, 'auth.csrf');
    });
  },
  { name: 'session', dependencies: ['errors', 'access'] },
);
