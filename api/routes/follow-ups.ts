import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { resolveActor } from '../actor';
import { cycleParams } from '../cycle-schemas';
import { askBody, askInput, followUpTableSchema } from '../follow-up-schemas';
import { csrf, pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { askToComplete, followUpsOf } from '../services/follow-ups';
import { parseOrRefuse } from '../services/refusal';
import { followUpPage } from '../views/follow-ups';
import { refusalOnPage } from '../views/page-reply';
import { sendPage } from '../views/send';

const signedIn = { access: 'signedIn' } as const;
const coordinator = { access: 'coordinator' } as const;
const askForm = z.object({ _csrf: csrf, task: z.string().max(100), message: z.string().max(2000).optional() });

/** Measure follow-up per goal: the table, as a page and as JSON, and the coordinator's ask to an owner. */
const followUps: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/cycles/:definition/:year/follow-up',
    {
      config: signedIn,
      schema: {
        summary: "The measures decided in a cycle, per goal, with each follow-up step's task state, status, text, links and files",
        params: cycleParams,
        response: { 200: followUpTableSchema },
      },
    },
    async (request) => (await followUpsOf(ctxOf(request), request.user, request.params)).table,
  );

  app.get(
    '/cycles/:definition/:year/follow-up',
    { config: signedIn, schema: { hide: true, params: cycleParams, querystring: pageQuery } },
    async (request, reply) => {
      const l = request.locale;
      const { table } = await followUpsOf(ctxOf(request), request.user, request.params);
      const body = followUpPage(l, {
        ref: request.params,
        table,
        coordinator: request.user?.role === 'coordinator',
        csrf: request.user?.csrfToken ?? '',
        done: request.query.done,
      });
      return sendPage(request, reply, { title: t(l, 'fu.page', { year: request.params.year }), body });
    },
  );

  app.post(
    '/api/cycles/:definition/:year/follow-up/ask',
    {
      config: coordinator,
      schema: {
        summary: "Ask a measure task's seat holder to report (an open task) or to complement the follow-up (a done one), by mail",
        params: cycleParams,
        body: askBody,
        response: {
          202: z.object({ taskId: z.uuid(), kind: z.enum(['follow_up_reminder', 'follow_up_complement']), seatId: z.uuid() }),
        },
      },
    },
    async (request, reply) => {
      const { actor, ...input } = request.body;
      return reply.status(202).send(await askToComplete(ctxOf(request), resolveActor(request, actor), request.params, input));
    },
  );

  app.post(
    '/cycles/:definition/:year/follow-up/ask',
    { config: coordinator, schema: { hide: true, params: cycleParams, querystring: pageQuery, body: askForm } },
    async (request, reply) => {
      const l = request.locale;
      const ctx = ctxOf(request);
      const { definition, year } = request.params;
      try {
        const input = parseOrRefuse(ctx, askInput, { task: request.body.task, message: request.body.message });
        await askToComplete(ctx, resolveActor(request, { kind: 'coordinator' }), request.params, input);
      } catch (err) {
        const { message, status } = refusalOnPage(l, err);
        const { table } = await followUpsOf(ctx, request.user, request.params);
        const body = followUpPage(l, {
          ref: request.params,
          table,
          coordinator: true,
          csrf: request.user?.csrfToken ?? '',
          error: message,
        });
        return sendPage(request, reply, { title: t(l, 'fu.page', { year }), body, status });
      }
      return reply.redirect(`/cycles/${definition}/${year}/follow-up?lang=${l}&done=asked`, 303);
    },
  );
};

export default followUps;
