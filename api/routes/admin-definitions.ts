import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import * as definitions from '../services/definitions-admin';
import { definitionDiffPage, definitionPage, definitionsPage, uploadPage } from '../views/definitions';

const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const definitionKey = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const versionParams = z.object({ key: definitionKey, version: z.coerce.number().int().min(1).max(100_000) });
const summary = z.object({ id: z.uuid(), key: z.string(), version: z.number(), name: z.string(), createdAt: z.date() });
const fieldChange = z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() });
const diffSchema = z.object({
  definition: z.array(fieldChange),
  phases: z.array(
    z.object({ key: z.string(), status: z.enum(['added', 'removed', 'changed']), title: z.string(), changes: z.array(fieldChange) }),
  ),
  steps: z.array(
    z.object({
      key: z.string(),
      status: z.enum(['added', 'removed', 'changed']),
      phase: z.string(),
      title: z.string(),
      changes: z.array(fieldChange),
    }),
  ),
  unchanged: z.boolean(),
});
const uploadForm = z.object({
  _csrf: z.string().max(200).optional(),
  definition: z.string().max(500_000).default(''),
  action: z.enum(['validate', 'save']).default('validate'),
});

const coordinator = { access: 'coordinator' } as const;

/**
 * Cycle definitions for people: every version, its steps in a table, what changed since the
 * version before, and a form that checks a new version and saves it with the same rules as
 * `POST /api/definitions`.
 */
const adminDefinitions: FastifyPluginAsyncZod = async (app) => {
  const send = (reply: FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(body);

  // ── JSON ──
  app.get(
    '/api/admin/definitions',
    { config: coordinator, schema: { summary: 'Every version of every cycle definition', response: { 200: z.array(summary) } } },
    async (request) => definitions.definitionList(ctxOf(request)),
  );

  app.get(
    '/api/admin/definitions/:key/:version',
    {
      config: coordinator,
      schema: {
        summary: 'One version of a cycle definition and the cycles that run it',
        params: versionParams,
        response: {
          200: summary.extend({
            definition: z.unknown(),
            cycles: z.array(z.object({ id: z.string(), year: z.number(), status: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { row, cycles } = await definitions.definitionInUse(ctxOf(request), request.params.key, request.params.version);
      return { ...row, cycles };
    },
  );

  app.get(
    '/api/admin/definitions/:key/:version/diff',
    {
      config: coordinator,
      schema: {
        summary: 'What changed from the version before: steps added, removed and changed, field by field',
        params: versionParams,
        response: { 200: z.object({ key: z.string(), from: z.number().nullable(), to: z.number(), diff: diffSchema.nullable() }) },
      },
    },
    async (request) => {
      const { to, from, diff } = await definitions.definitionDiff(ctxOf(request), request.params.key, request.params.version);
      return { key: to.key, from: from?.version ?? null, to: to.version, diff: diff ?? null };
    },
  );

  // ── Pages ──
  app.get('/admin/definitions', { config: coordinator, schema: { hide: true, querystring: lang } }, async (request, reply) =>
    send(reply, definitionsPage(request, await definitions.definitionList(ctxOf(request)))),
  );

  app.get(
    '/admin/definitions/:key',
    { config: coordinator, schema: { hide: true, params: z.object({ key: definitionKey }), querystring: lang } },
    async (request, reply) => {
      const row = await definitions.latestDefinitionOf(ctxOf(request), request.params.key);
      return reply.redirect(`/admin/definitions/${row.key}/${row.version}?lang=${request.locale}`, 302);
    },
  );

  app.get(
    '/admin/definitions/:key/:version',
    { config: coordinator, schema: { hide: true, params: versionParams, querystring: lang.extend({ saved: z.literal('1').optional() }) } },
    async (request, reply) => {
      const shown = await definitions.definitionInUse(ctxOf(request), request.params.key, request.params.version);
      return send(reply, definitionPage(request, shown, Boolean(request.query.saved)));
    },
  );

  app.get(
    '/admin/definitions/:key/:version/diff',
    { config: coordinator, schema: { hide: true, params: versionParams, querystring: lang } },
    async (request, reply) =>
      send(
        reply,
        definitionDiffPage(request, await definitions.definitionDiff(ctxOf(request), request.params.key, request.params.version)),
      ),
  );

  app.get(
    '/admin/definitions/new',
    {
      config: coordinator,
      schema: {
        hide: true,
        querystring: lang.extend({ from: definitionKey.optional(), version: z.coerce.number().int().min(1).max(100_000).optional() }),
      },
    },
    async (request, reply) =>
      send(reply, uploadPage(request, await definitions.uploadStart(ctxOf(request), request.query.from, request.query.version))),
  );

  app.post(
    '/admin/definitions',
    { config: coordinator, schema: { hide: true, querystring: lang, body: uploadForm } },
    async (request, reply) => {
      const { definition: text, action } = request.body;
      const coordinator = () => resolveActor(request, { kind: 'coordinator' });
      const result = await definitions.uploadDefinition(ctxOf(request), coordinator, text, action);
      if (result.outcome === 'saved')
        return reply.redirect(`/admin/definitions/${result.key}/${result.version}?lang=${request.locale}&saved=1`, 303);
      if (result.outcome === 'invalid') return send(reply, uploadPage(request, text, { issues: result.issues }), 400);
      return send(reply, uploadPage(request, text, { issues: [], valid: { phases: result.phases, steps: result.steps } }));
    },
  );
};

export default adminDefinitions;
