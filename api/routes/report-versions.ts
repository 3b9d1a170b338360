import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor } from '../actor';
import { cycleParams } from '../cycle-schemas';
import { pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { compileReport, readVersion, versionFile, versionPageData, type CycleRef } from '../services/report-compile';
import { versionPage } from '../views/report-version';
import { sendPage } from '../views/send';

/** Compiling the lägesrapport into numbered versions, and each version as a page, a PDF and a Word file. */

const versionParams = cycleParams.extend({ n: z.coerce.number().int().min(1).max(10_000) });
const compileForm = z.object({ _csrf: z.string().max(200) });
const versionShape = z.object({
  number: z.number(),
  status: z.enum(['compiling', 'compiled', 'failed', 'approved', 'frozen']),
  progress: z.object({ done: z.number(), total: z.number() }),
  stalled: z.boolean().describe('Still compiling after two minutes: the worker is most likely not running'),
  failure: z.string().nullable(),
  pdfSha256: z.string().nullable().describe('SHA-256 (hex) of the PDF, once rendered'),
  docxSha256: z.string().nullable().describe('SHA-256 (hex) of the Word file, once rendered'),
  createdAt: z.date(),
  compiledAt: z.date().nullable(),
  links: z.object({ page: z.string(), pdf: z.string(), docx: z.string() }),
});
const coordinatorOf = (request: Parameters<typeof resolveActor>[0]) => resolveActor(request, { kind: 'coordinator' });
const refOf = (p: CycleRef) => ({ definition: p.definition, year: p.year });

const reportVersionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/cycles/:definition/:year/report/compile',
    { config: { access: 'coordinator' }, schema: { hide: true, params: cycleParams, querystring: pageQuery, body: compileForm } },
    async (request, reply) => {
      const { definition, year } = request.params;
      const version = await compileReport(ctxOf(request), coordinatorOf(request), definition, year);
      return reply.redirect(`${version.links.page}?lang=${request.locale}`, 303);
    },
  );

  app.post(
    '/api/cycles/:definition/:year/report/versions',
    {
      config: { access: 'coordinator' },
      schema: {
        summary:
          "A new version of the lägesrapport from the draft as it stands, compiled by the worker (coordinator); poll the version's status",
        params: cycleParams,
        response: { 202: versionShape },
      },
    },
    async (request, reply) => {
      const { definition, year } = request.params;
      return reply.status(202).send(await compileReport(ctxOf(request), coordinatorOf(request), definition, year));
    },
  );

  app.get(
    '/api/cycles/:definition/:year/report/versions/:n',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: "A version of the lägesrapport: its status, the compilation's progress and its files' hashes",
        params: versionParams,
        response: { 200: versionShape },
      },
    },
    async (request) => (await readVersion(ctxOf(request), request.user, refOf(request.params), request.params.n)).summary,
  );

  app.get(
    '/cycles/:definition/:year/report/versions/:n',
    { config: { access: 'signedIn' }, schema: { hide: true, params: versionParams, querystring: pageQuery } },
    async (request, reply) => {
      const ref = refOf(request.params);
      const { version, summary, comments } = await versionPageData(ctxOf(request), request.user, ref, request.params.n);
      const view = versionPage(request.locale, ref, version, summary, comments);
      reply.header('cache-control', 'no-store');
      return sendPage(request, reply, view);
    },
  );

  for (const kind of ['pdf', 'docx'] as const) {
    app.get(
      `/cycles/:definition/:year/report/versions/:n/lagesrapport.${kind}`,
      { config: { access: 'signedIn' }, schema: { hide: true, params: versionParams } },
      async (request, reply) => {
        const file = await versionFile(ctxOf(request), request.user, refOf(request.params), request.params.n, kind);
        const name = `lagesrapport-${request.params.year}-utkast-${request.params.n}.${kind}`;
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('x-content-sha256', file.sha256 ?? '')
          .send(file.bytes);
      },
    );
  }
};

export default reportVersionRoutes;
