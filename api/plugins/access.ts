import fp from 'fastify-plugin';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { UserError } from './errors';

/**
 * Who may use a route, declared on the route itself (`config: { access }`) and enforced here,
 * before validation, for every route alike (docs/permissions.md is the table of them all):
 * - `public`: anyone, signed in or not (sign-in, personal links, calendar feeds, health);
 * - `signedIn`: a person who holds a seat today;
 * - `coordinator`: the samordningskansliets coordinator.
 * Finer rules (whose task, which body) belong to the service a route calls.
 */
export type Access = 'public' | 'signedIn' | 'coordinator';
export const ACCESS_LEVELS: readonly Access[] = ['public', 'signedIn', 'coordinator'];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The routes as registered, with what each declares; the route-table test walks this. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

export function accessOf(request: FastifyRequest): Access | undefined {
  return (request.routeOptions.config as { access?: Access } | undefined)?.access;
}

/**
 * A session whose person holds no seat today (a former holder, role `observer`) counts as no
 * session at all: they get what an anonymous visitor gets, on every route and in every service.
 */
export function forgetFormerHolders(request: FastifyRequest): void {
  if (request.user?.role === 'observer') request.user = null;
}

/** Refuses a request its route does not allow: 401 without a seat held today, 403 for the wrong role. */
export function enforceAccess(request: FastifyRequest, access: Access): void {
  forgetFormerHolders(request);
  if (access === 'public') return;
  if (!request.user) throw new UserError(401, 'auth.required');
  if (access === 'coordinator' && request.user.role !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
}

export default fp(
  async (app) => {
    const routes: DeclaredRoute[] = [];
    app.decorate('declaredRoutes', routes);
    // Before the session's own check, so a former holder is sent to sign in like any visitor.
    app.addHook('preValidation', async (request: FastifyRequest) => forgetFormerHolders(request));
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const access = (route.config as { access?: Access } | undefined)?.access;
      for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: route.url, access });
    });
  },
  { name: 'access' },
);

declare module 'fastify' {
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}
