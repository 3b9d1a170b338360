import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { resolveActor } from '../actor';
import { cycleParams } from '../cycle-schemas';
import { csrf } from '../page-schemas';
import { ctxOf } from '../services/context';
import { FieldRefusal } from '../services/register';
import * as drafts from '../services/report-drafts';
import * as review from '../services/report-review';
import { editorTitle, reportEditorPage } from '../views/report-editor';
import { commentsJson, commentsPage, commentsTitle, diffTitle, reportDiffPage } from '../views/report-review';
import { refusalOnPage } from '../views/page-reply';
import { sendPage } from '../views/send';

const lang = z.enum(['sv', 'en']).optional();
const versionParams = cycleParams.extend({ n: z.coerce.number().int().min(1).max(10_000) });
const signedIn = { access: 'signedIn' } as const;
const coordinator = { access: 'coordinator' } as const;
/** The draft as documented; its limits are the service's, which names a refused field in the reader's words. */
const draftShape = z
  .object({
    summary: z.string().optional(),
    overall: z.string().optional(),
    goals: z.record(z.string(), z.string()).optional().describe('Analysis per goal, by goal number: {"1": "…"}'),
  })
  .describe(`Each text at most ${drafts.MAX_TEXT} characters; the draft is replaced whole`);
const draftAnswer = z.object({
  analysis: z.object({ summary: z.string(), overall: z.string(), goals: z.record(z.string(), z.string()) }),
  savedAt: z.date().nullable(),
  savedBy: z.string().nullable(),
});
const commentAnswer = z.object({ id: z.string(), section: z.string(), text: z.string(), at: z.date() });

/** Who comments, asked before the request is read: a styrgrupp member is refused whatever they send. */
const commenter = (request: FastifyRequest) => resolveActor(request, drafts.commentCapacity(request.user));
const onlyCommenters = { preValidation: async (request: FastifyRequest) => void commenter(request) };

/** The lägesrapport's draft, its versions' differences and the samordningsgrupp's review comments. */
const reportReviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/cycles/:definition/:year/report',
    { config: signedIn, schema: { hide: true, params: cycleParams, querystring: z.object({ lang, saved: z.literal('1').optional() }) } },
    async (request, reply) => {
      const o = await drafts.reportOverview(ctxOf(request), request.user, request.params);
      const v = { locale: request.locale, csrf: request.user?.csrfToken ?? '', coordinator: request.user?.role === 'coordinator' };
      return sendPage(request, reply, {
        title: editorTitle(request.locale, o),
        body: reportEditorPage({ ...v, saved: !!request.query.saved }, o),
      });
    },
  );
  app.post(
    '/cycles/:definition/:year/report/draft',
    {
      config: coordinator,
      schema: { hide: true, params: cycleParams, querystring: z.object({ lang }), body: z.looseObject({ _csrf: csrf.optional() }) },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      try {
        await drafts.saveReportDraft(ctx, resolveActor(request, { kind: 'coordinator' }), request.params, request.body);
      } catch (err) {
        if (!(err instanceof FieldRefusal)) throw err;
        const o = await drafts.reportOverview(ctx, request.user, request.params);
        const refusal = { analysis: drafts.sentAnalysis(request.body), issues: err.issues };
        const v = { locale: request.locale, csrf: request.user?.csrfToken ?? '', coordinator: true, saved: false, refusal };
        return sendPage(request, reply, { title: editorTitle(request.locale, o), body: reportEditorPage(v, o), status: 400 });
      }
      return reply.redirect(`${drafts.reportPath(request.params)}?lang=${request.locale}&saved=1`, 303);
    },
  );
  app.put(
    '/api/cycles/:definition/:year/report/draft',
    {
      config: coordinator,
      schema: {
        summary: "Saves the lägesrapport's draft analysis: summary, overall and per goal (coordinator)",
        params: cycleParams,
        body: draftShape,
        response: { 200: draftAnswer },
      },
    },
    async (request) => drafts.saveReportDraft(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), request.params, request.body),
  );
  app.get(
    '/api/cycles/:definition/:year/report',
    {
      config: signedIn,
      schema: {
        summary: "The lägesrapport's draft and its versions with their pages and files (coordinator, samordningsgrupp, styrgrupp)",
        params: cycleParams,
        response: { 200: z.unknown() },
      },
    },
    async (request) => drafts.overviewJson(await drafts.reportOverview(ctxOf(request), request.user, request.params)),
  );
  app.get(
    '/cycles/:definition/:year/report/diff',
    { config: signedIn, schema: { hide: true, params: cycleParams, querystring: review.diffQuery.extend({ lang }) } },
    async (request, reply) => {
      const d = await review.reportDiff(ctxOf(request), request.user, request.params, request.query);
      return sendPage(request, reply, { title: diffTitle(request.locale, d), body: reportDiffPage(request.locale, d) });
    },
  );

  const commentsQuery = z.object({ lang, done: z.literal('commented').optional() });
  const commentsView = async (
    request: FastifyRequest<{ Params: z.output<typeof versionParams> }>,
    extra: { done?: boolean; error?: string },
  ) => {
    const ctx = ctxOf(request);
    const c = await review.versionComments(ctx, request.user, request.params, request.params.n);
    const canComment = drafts.mayComment(request.user);
    const v = { locale: request.locale, csrf: request.user?.csrfToken ?? '', canComment, ...extra };
    return { title: commentsTitle(request.locale, c), body: commentsPage(v, c) };
  };
  app.get(
    '/cycles/:definition/:year/report/versions/:n/comments',
    { config: signedIn, schema: { hide: true, params: versionParams, querystring: commentsQuery } },
    async (request, reply) => sendPage(request, reply, await commentsView(request, { done: request.query.done === 'commented' })),
  );
  app.post(
    '/cycles/:definition/:year/report/versions/:n/comments',
    {
      config: signedIn,
      ...onlyCommenters,
      schema: { hide: true, params: versionParams, querystring: z.object({ lang }), body: z.looseObject({ _csrf: csrf.optional() }) },
    },
    async (request, reply) => {
      const { n, ...ref } = request.params;
      try {
        const saved = await review.addReportComment(ctxOf(request), commenter(request), ref, n, request.body);
        return reply.redirect(
          `${drafts.reportPath(ref)}/versions/${n}/comments?lang=${request.locale}&done=commented#section-${saved.section}-h`,
          303,
        );
      } catch (err) {
        const { message, status } = refusalOnPage(request.locale, err);
        return sendPage(request, reply, { ...(await commentsView(request, { error: message })), status });
      }
    },
  );
  app.get(
    '/api/cycles/:definition/:year/report/versions/:n/comments',
    {
      config: signedIn,
      schema: { summary: "A version's sections, each with its review comments", params: versionParams, response: { 200: z.unknown() } },
    },
    async (request) => commentsJson(await review.versionComments(ctxOf(request), request.user, request.params, request.params.n)),
  );
  app.post(
    '/api/cycles/:definition/:year/report/versions/:n/comments',
    {
      config: signedIn,
      ...onlyCommenters,
      schema: {
        summary: 'A review comment on one section of a version (samordningsgrupp members and the coordinator)',
        params: versionParams,
        body: review.commentInput,
        response: { 201: commentAnswer },
      },
    },
    async (request, reply) => {
      const { n, ...ref } = request.params;
      const saved = await review.addReportComment(ctxOf(request), commenter(request), ref, n, request.body);
      return reply.status(201).send(saved);
    },
  );
};

export default reportReviewRoutes;
