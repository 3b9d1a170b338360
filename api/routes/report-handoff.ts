import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import { handOff } from '../services/report-handoff';
import { cycleParams } from '../cycle-schemas';
import { csrf, pageQuery } from '../page-schemas';

const coordinator = { access: 'coordinator' } as const;
const versionParams = cycleParams.extend({ n: z.coerce.number().int().min(1).max(100_000) });

const handedOff = z.object({
  number: z.number(),
  status: z.literal('frozen'),
  frozenAt: z.date(),
  pdfSha256: z.string().describe('SHA-256 (hex) of the PDF as stored and mailed'),
  docxSha256: z.string().describe('SHA-256 (hex) of the Word file as stored and mailed'),
  handedOffTo: z.string().describe('The seat mailed, by slug'),
  handedOffAt: z.date(),
  taskId: z.uuid().describe('The hand-off task, completed when the recipient confirms receipt'),
});

/** The hand-off of an approved lägesrapport version: the hand-off task's form and its JSON twin. */
const reportHandoff: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/cycles/:definition/:year/report/versions/:n/hand-off',
    {
      config: coordinator,
      schema: {
        summary:
          'Freeze an approved version of the lägesrapport and mail its PDF and Word file, with their SHA-256 and a receipt link, ' +
          "to the holder of the hand-off step's recipient seat (coordinator)",
        params: versionParams,
        response: { 200: handedOff },
      },
    },
    async (request) => {
      const { definition, year, n } = request.params;
      return handOff(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), definition, year, n);
    },
  );

  app.post(
    '/cycles/:definition/:year/report/versions/:n/hand-off',
    { config: coordinator, schema: { hide: true, params: versionParams, querystring: pageQuery, body: z.object({ _csrf: csrf }) } },
    async (request, reply) => {
      const { definition, year, n } = request.params;
      const done = await handOff(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), definition, year, n);
      return reply.redirect(`/tasks/${done.taskId}?lang=${request.locale}&done=handedOff`, 303);
    },
  );
};

export default reportHandoff;
