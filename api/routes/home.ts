import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { ctxOf } from '../services/context';
import { homeData } from '../services/dashboard';
import { homeFooter, homePage } from '../views/home';
import { sendPage } from '../views/send';

const home: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { config: { access: 'public' }, schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) => {
      const l = request.locale;
      const viewer = { signedIn: Boolean(request.user), coordinator: request.user?.role === 'coordinator' };
      const data = await homeData(ctxOf(request), viewer.signedIn);
      const footer = homeFooter(l, viewer.coordinator, app.deps.temporalUiUrl);
      return sendPage(request, reply, { title: t(l, 'app.tagline'), body: homePage(l, data, viewer), footer });
    },
  );
};

export default home;
