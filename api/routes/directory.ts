import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../services/context';
import { bodiesToday, organisations } from '../services/directory';
import { organisation } from '../services/register-shapes';

const body = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  description: z.string(),
  convenor: z.object({ id: z.uuid(), shortName: z.string() }).nullable(),
  seats: z.array(
    z.object({
      id: z.uuid(),
      slug: z.string(),
      title: z.string(),
      mandate: z.string(),
      organisation: z.object({ id: z.uuid(), slug: z.string(), shortName: z.string() }),
      holder: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    }),
  ),
});

const directory: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/organisations',
    { config: { access: 'signedIn' }, schema: { summary: 'Parties and reference agencies', response: { 200: z.array(organisation) } } },
    async (request) => organisations(ctxOf(request)),
  );

  app.get(
    '/api/bodies',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: 'Governance bodies with their seats and the holders on duty today (Europe/Stockholm)',
        response: { 200: z.array(body) },
      },
    },
    async (request) => bodiesToday(ctxOf(request)),
  );
};

export default directory;
