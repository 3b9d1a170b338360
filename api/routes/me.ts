import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { myWorkOf } from '../services/dashboard';
import { myWorkPage } from '../views/me';
import { sendPage } from '../views/send';

/** The signed-in person's own work: the open tasks and votes of the seats they hold today. */
const me: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/me/work',
    {
      config: { access: 'signedIn' },
      schema: { summary: 'Open tasks and votes of the seats the signed-in person holds today', response: { 200: z.unknown() } },
    },
    async (request) => myWorkOf(ctxOf(request), request.user!),
  );

  app.get('/me', { config: { access: 'signedIn' }, schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const l = request.locale;
    const body = myWorkPage(l, await myWorkOf(ctxOf(request), request.user!), request.query.done, request.user!.csrfToken);
    return sendPage(request, reply, { title: t(l, 'dash.myWork'), body });
  });
};

export default me;
