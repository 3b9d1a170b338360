import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PROGRESS_SCRIPT, PROGRESS_SCRIPT_PATH, STYLESHEET, STYLESHEET_PATH } from '../../web/assets';

const assets: FastifyPluginAsyncZod = async (app) => {
  app.get(STYLESHEET_PATH, { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(STYLESHEET),
  );
  app.get(PROGRESS_SCRIPT_PATH, { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(PROGRESS_SCRIPT),
  );
};

export default assets;
