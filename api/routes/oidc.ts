import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { UserError } from '../plugins/errors';
import { startSession } from '../plugins/session';
import { keepFlow, keepIdToken, takeFlow } from '../plugins/oidc-cookies';
import { ctxOf } from '../services/context';
import { beginOidcSignIn, finishOidcSignIn } from '../services/oidc';
import { oidcRefusedPage } from '../views/oidc';

const param = z.string().max(4096).optional();

/** A refusal as the sign-in page's sibling, in the reader's language; "not configured" stays a plain 404. */
function refused(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (!(err instanceof UserError) || err.statusCode === 404) throw err;
  const l = request.locale;
  return reply
    .status(err.statusCode)
    .type('text/html; charset=utf-8')
    .send(oidcRefusedPage(l, t(l, err.key)));
}

/** Sign-in through the organisation's identity provider (OpenID Connect), beside the mailed link. */
const oidc: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/signin/oidc',
    { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      try {
        const { url, flow } = await beginOidcSignIn(ctx, request.log);
        keepFlow(reply, flow, ctx.config.publicUrl.startsWith('https:'));
        return reply.redirect(url, 303);
      } catch (err) {
        return refused(request, reply, err);
      }
    },
  );

  app.get(
    '/signin/oidc/callback',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        // Providers add parameters of their own (session_state, …); openid-client reads the whole answer.
        querystring: z.looseObject({ code: param, state: param, iss: param, error: param, error_description: param }),
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const secure = ctx.config.publicUrl.startsWith('https:');
      const search = new URL(request.url, 'http://callback').search;
      try {
        const visit = { ip: request.ip, userAgent: request.headers['user-agent'] };
        const { email, idToken } = await finishOidcSignIn(ctx, { search, flow: takeFlow(request, reply), visit }, request.log);
        await startSession(reply, email, secure);
        keepIdToken(reply, idToken, secure);
        return reply.redirect('/', 303);
      } catch (err) {
        return refused(request, reply, err);
      }
    },
  );
};

export default oidc;
