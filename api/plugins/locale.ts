import fp from 'fastify-plugin';
import { defaultLocale, pickLocale, type Locale } from '../../i18n';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
}

export default fp(
  async (app) => {
    app.decorateRequest('locale', defaultLocale);
    app.addHook('onRequest', async (request) => {
      request.locale = pickLocale(request.query, request.headers.cookie, request.headers['accept-language']);
    });
  },
  { name: 'locale' },
);
