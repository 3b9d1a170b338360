import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n';
import { endSession } from '../plugins/session';
import { takeIdToken } from '../plugins/oidc-cookies';
import { ctxOf } from '../services/context';
import { errorName, requestSignIn, signOutEverywhere } from '../services/auth';
import { oidcButtonLabel, providerSignOutUrl } from '../services/oidc';
import { signinPage } from '../views/signin';

/** Sign-in by a one-time link mailed to a seat holder's work address. */
const auth: FastifyPluginAsyncZod = async (app) => {
  // Sign-in work still running after its answer; closing the app waits for it.
  const inFlight = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(inFlight);
  });

  app.get(
    '/signin',
    { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(signinPage(request.locale, undefined, oidcButtonLabel(ctxOf(request)))),
  );

  app.post(
    '/signin',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Mail a one-time sign-in link to the address, if it belongs to a seat holder',
        body: z.object({ email: z.email().max(320) }),
      },
    },
    async (request, reply) => {
      // The answer waits neither on looking the address up nor on writing its mail, so it takes the
      // same time whether the address is known or not.
      const work = requestSignIn(ctxOf(request), request.body.email, request.log)
        .catch((err: unknown) => request.log.error({ error: errorName(err) }, 'sign-in link not written'))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
      // The same answer either way: the form does not tell who holds a seat.
      const message = t(request.locale, 'signin.sent');
      if (request.headers['content-type']?.includes('json')) return { message };
      return reply.type('text/html; charset=utf-8').send(signinPage(request.locale, message, oidcButtonLabel(ctxOf(request))));
    },
  );

  app.post('/signout', { config: { access: 'signedIn' }, schema: { hide: true } }, async (request, reply) => {
    await endSession(request, reply);
    return reply.redirect(await afterSignOut(request, reply), 303);
  });

  app.post('/signout/everywhere', { config: { access: 'signedIn' }, schema: { hide: true } }, async (request, reply) => {
    await signOutEverywhere(ctxOf(request), request.user!);
    await endSession(request, reply);
    return reply.redirect(await afterSignOut(request, reply), 303);
  });

  app.get(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Who is signed in, and the CSRF token their state-changing requests carry',
        response: {
          200: z.object({
            signedIn: z.boolean(),
            name: z.string().optional(),
            email: z.string().optional(),
            role: z.enum(['coordinator', 'holder', 'observer']).optional(),
            seats: z.array(z.string()).optional(),
            csrfToken: z.string().optional(),
          }),
        },
      },
    },
    async (request) => {
      const user = request.user;
      if (!user) return { signedIn: false };
      return {
        signedIn: true,
        name: user.name,
        email: user.email,
        role: user.role,
        seats: user.seats.map((s) => s.slug),
        csrfToken: user.csrfToken,
      };
    },
  );
};

export default auth;

/** Where the browser goes once signed out: a session from the identity provider ends there too, when the provider offers that. */
async function afterSignOut(request: FastifyRequest, reply: FastifyReply): Promise<string> {
  const idToken = takeIdToken(request, reply);
  return (idToken && (await providerSignOutUrl(ctxOf(request), idToken, request.log))) || '/';
}
