import fp from 'fastify-plugin';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { UserError } from './errors';

/**
 * Who may use a route, declared on the route itself (`config: { access }`) and enforced here,
 * before validation, for every route alike:
 * - `public`: anyone, signed in or not (sign-in, personal links, calendar feeds, health);
 * - `signedIn`: anyone with a session;
 * - `coordinator`: the samordningskansliets coordinator.
 * Finer rules (whose task, which seat) belong to the service an action calls.
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

/** Refuses a request its route does not allow: 401 without a session, 403 for the wrong role. */
export function enforceAccess(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  if (!request.user) throw new UserError(401, 'auth.required');
  if (access === 'coordinator' && request.user.role !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
}

export default fp(
  async (app) => {
    const routes: DeclaredRoute[] = [];
    app.decorate('declaredRoutes', routes);
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
