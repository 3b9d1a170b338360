import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import { FieldRefusal } from '../services/register';
import * as ind from '../services/indicators';
import { indicatorPage, type Done } from '../views/indicators';
import { sendPage } from '../views/register-forms';
import { key } from './register-doors';
import { readMultipartForms } from '../page-schemas';

const slugParams = z.object({ slug: key });
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const count = z.coerce.number().int().min(0).max(10_000_000).optional();
const shown = lang.extend({
  done: z.enum(['imported', 'entered', 'edited']).optional(),
  added: count,
  changed: count,
  unchanged: count,
  // A year without values shows the latest year that has some.
  year: z.coerce.number().int().optional(),
});
const formBody = z.looseObject({ _csrf: z.string().max(200).optional() });
const coordinator = { access: 'coordinator' } as const;
const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;
const signedIn = { access: 'signedIn' } as const;

const goalRef = z.object({ id: z.uuid(), number: z.number(), title: z.string() }).nullable();
const target = z
  .object({ baselineYear: z.number(), baselineValue: z.number(), targetYear: z.number(), targetValue: z.number() })
  .nullable();
const indicatorShape = z.object({
  slug: z.string(),
  name: z.string(),
  source: z.string(),
  unit: z.string(),
  level: z.enum(['regional', 'local']),
  direction: z.enum(['higher', 'lower']),
  koladaKpi: z.string().nullable(),
  goal: goalRef,
  target,
  status: z.enum(['met', 'onTrack', 'notMet', 'unknown']),
});
const valueShape = z.object({
  year: z.number(),
  area: z.string(),
  gender: z.enum(['T', 'K', 'M']),
  value: z.number(),
  count: z.number().nullable(),
  status: z.string().nullable(),
  source: z.string(),
  retrievedAt: z.date(),
  retrievedBy: z.string().nullable(),
});
const counts = z.object({ added: z.number(), changed: z.number(), unchanged: z.number() });

const coordinatorOf = (request: FastifyRequest) => resolveActor(request, { kind: 'coordinator' });
const pagePath = (request: FastifyRequest, slug: string, query: string) => `/admin/indicators/${slug}?lang=${request.locale}&${query}`;

/**
 * A page form on an indicator: the change through its service, then the page with what it did;
 * refused, the page again with the form's values, and an import's bad rows each named.
 */
async function answer(request: FastifyRequest, reply: FastifyReply, slug: string, form: string, act: () => Promise<string>) {
  try {
    return reply.redirect(pagePath(request, slug, await act()), 303);
  } catch (err) {
    if (!(err instanceof FieldRefusal) && !(err instanceof ind.ImportRefusal)) throw err;
    const values = (request.body ?? {}) as Record<string, unknown>;
    const issues = err instanceof FieldRefusal ? err.issues : [{ field: 'text', message: t(request.locale, err.key, err.params) }];
    const problems = err instanceof ind.ImportRefusal ? err.problems : [];
    const page = indicatorPage(request, await ind.indicatorPageData(ctxOf(request), slug), { refusal: { form, values, issues }, problems });
    return sendPage(reply, page, 400);
  }
}

/** Indicators: every seat holder reads them as the public statistics they are; the coordinator imports and enters values. */
const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  /**
   * The import form posts multipart/form-data: its chosen file becomes the text to import, named
   * by the file unless a name is given; without a file, the pasted text is imported.
   */
  readMultipartForms(app, IMPORT_BODY_LIMIT, async (form) => {
    const fields: Record<string, string> = {};
    for (const [name, value] of form) if (typeof value === 'string') fields[name] = value;
    const file = form.get('file');
    if (file instanceof File && file.size > 0) {
      fields.text = await file.text();
      fields.filename ||= file.name;
    }
    return fields;
  });

  app.get(
    '/api/indicators',
    {
      config: signedIn,
      schema: { summary: 'Indicators with their goal, target and target status', response: { 200: z.array(indicatorShape) } },
    },
    async (request) => ind.indicatorsList(ctxOf(request)),
  );
  app.get(
    '/api/indicators/:slug',
    {
      config: signedIn,
      schema: {
        summary: 'One indicator with its target, target status and every value with its provenance',
        params: slugParams,
        response: { 200: indicatorShape.extend({ values: z.array(valueShape) }) },
      },
    },
    async (request) => ind.indicatorDetail(ctxOf(request), request.params.slug),
  );
  app.get(
    '/api/indicators/:slug/history',
    {
      config: signedIn,
      schema: {
        summary: 'The values an indicator had before an import or entry replaced them, with their provenance then',
        params: slugParams,
        response: { 200: z.array(valueShape.omit({ count: true, status: true }).extend({ replacedAt: z.date() })) },
      },
    },
    async (request) => ind.indicatorHistory(ctxOf(request), request.params.slug),
  );
  app.post(
    '/api/indicators/:slug/import',
    {
      config: coordinator,
      schema: {
        summary: 'Imports values from a CSV or Kolada JSON file: all rows, or none and every bad row named (coordinator)',
        params: slugParams,
        body: ind.importInput,
        response: { 200: counts.extend({ skipped: z.number() }) },
      },
    },
    async (request) => ind.importIndicatorValues(ctxOf(request), coordinatorOf(request), request.params.slug, request.body),
  );
  app.post(
    '/api/indicators/:slug/kolada',
    {
      config: coordinator,
      schema: {
        summary: "Fetches the indicator's Kolada KPI for the years and areas asked, and imports it as a file would be (coordinator)",
        params: slugParams,
        body: ind.koladaInput,
        response: { 200: counts.extend({ skipped: z.number() }) },
      },
    },
    async (request) => ind.fetchIndicatorFromKolada(ctxOf(request), coordinatorOf(request), request.params.slug, request.body),
  );
  app.put(
    '/api/indicators/:slug',
    {
      config: coordinator,
      schema: {
        summary: 'Sets which way is better, the Kolada KPI imports are held to, and the target (coordinator)',
        params: slugParams,
        body: ind.indicatorEdit,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await ind.editIndicator(ctxOf(request), coordinatorOf(request), request.params.slug, request.body);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/indicators/:slug/values',
    {
      config: coordinator,
      schema: {
        summary: 'Enters one value by hand, e.g. from a survey (coordinator)',
        params: slugParams,
        body: ind.valueInput,
        response: { 200: counts },
      },
    },
    async (request) => ind.enterIndicatorValue(ctxOf(request), coordinatorOf(request), request.params.slug, request.body),
  );

  // ── Pages ──
  app.get(
    '/admin/indicators/:slug',
    { config: coordinator, schema: { hide: true, params: slugParams, querystring: shown } },
    async (request, reply) => {
      const { done: kind, added = 0, changed = 0, unchanged = 0, year } = request.query;
      const done: Done | undefined = kind === 'imported' ? { kind, added, changed, unchanged } : kind ? { kind } : undefined;
      return sendPage(reply, indicatorPage(request, await ind.indicatorPageData(ctxOf(request), request.params.slug, year), { done }));
    },
  );
  const form = { config: coordinator, schema: { hide: true, params: slugParams, querystring: lang, body: formBody } };
  app.post('/admin/indicators/:slug', form, async (request, reply) =>
    answer(request, reply, request.params.slug, 'edit', async () => {
      await ind.editIndicator(ctxOf(request), coordinatorOf(request), request.params.slug, request.body);
      return 'done=edited';
    }),
  );
  app.post('/admin/indicators/:slug/import', form, async (request, reply) =>
    answer(request, reply, request.params.slug, 'import', async () => {
      const c = await ind.importIndicatorValues(ctxOf(request), coordinatorOf(request), request.params.slug, request.body);
      return `done=imported&added=${c.added}&changed=${c.changed}&unchanged=${c.unchanged}`;
    }),
  );
  app.post('/admin/indicators/:slug/kolada', form, async (request, reply) =>
    answer(request, reply, request.params.slug, 'kolada', async () => {
      // The form writes the areas as one field, "0001, 0180"; the service takes them as a list.
      const areas = String(request.body.areas ?? '')
        .split(/[\s,;]+/)
        .filter(Boolean);
      const input = { ...request.body, areas: areas.length ? areas : undefined };
      const c = await ind.fetchIndicatorFromKolada(ctxOf(request), coordinatorOf(request), request.params.slug, input);
      return `done=imported&added=${c.added}&changed=${c.changed}&unchanged=${c.unchanged}`;
    }),
  );
  app.post('/admin/indicators/:slug/values', form, async (request, reply) =>
    answer(request, reply, request.params.slug, 'enter', async () => {
      await ind.enterIndicatorValue(ctxOf(request), coordinatorOf(request), request.params.slug, request.body);
      return 'done=entered';
    }),
  );
};

export default indicatorRoutes;
