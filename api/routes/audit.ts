import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../services/context';
import { auditCsv, auditOverview } from '../services/audit';
import { auditPage } from '../views/audit';
import { sendHtml } from '../views/send';

const day = z.iso.date().describe('A Stockholm date, YYYY-MM-DD');

const audit: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/audit.csv',
    {
      config: { access: 'coordinator' },
      schema: {
        summary: 'The audit of a period as CSV (coordinator): who did what, when, through which seat and from where',
        querystring: z.object({ from: day, to: day, lang: z.enum(['sv', 'en']).optional() }),
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${request.query.from}-${request.query.to}.csv"`)
        .header('cache-control', 'no-store')
        .send(await auditCsv(ctxOf(request), request.query.from, request.query.to)),
  );

  app.get(
    '/admin/audit',
    { config: { access: 'coordinator' }, schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) => sendHtml(reply, auditPage(request, await auditOverview(ctxOf(request)))),
  );
};

export default audit;
