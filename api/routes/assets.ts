import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  FORM_COUNTER_PATH,
  FORM_COUNTER_SCRIPT,
  FORM_SHOW_IF_PATH,
  FORM_SHOW_IF_SCRIPT,
  PROGRESS_SCRIPT,
  PROGRESS_SCRIPT_PATH,
  STYLESHEET,
  STYLESHEET_PATH,
} from '../../web/assets';

const assets: FastifyPluginAsyncZod = async (app) => {
  const served: [string, string, string][] = [
    [STYLESHEET_PATH, 'text/css; charset=utf-8', STYLESHEET],
    [PROGRESS_SCRIPT_PATH, 'text/javascript; charset=utf-8', PROGRESS_SCRIPT],
    [FORM_COUNTER_PATH, 'text/javascript; charset=utf-8', FORM_COUNTER_SCRIPT],
    [FORM_SHOW_IF_PATH, 'text/javascript; charset=utf-8', FORM_SHOW_IF_SCRIPT],
  ];
  for (const [path, type, content] of served) {
    app.get(path, { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(content),
    );
  }
};

export default assets;
