import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { roundTitle } from '../../web/rounds';
import { resolveActor } from '../actor';
import { UserError } from '../plugins/errors';
import { listVote, listVoteFields, noteField } from '../list-vote';
import { ctxOf } from '../services/context';
import { decisionHistory, decisionPageData, resendDecision, voteOnDecision } from '../services/decisions';
import { decisionPage } from '../views/decisions';
import { refusalOnPage, viewerOf } from '../views/page-reply';
import { sendPage } from '../views/send';
import { csrf, historyApi, pageQuery } from '../page-schemas';
import { uuidParams } from '../schemas';

const signedIn = { access: 'signedIn' } as const;
const decisionForm = z
  .object({
    _csrf: csrf,
    seat: z.uuid(),
    choice: z.enum(['approve', 'reject', 'changes']).optional(),
    comment: z.string().trim().max(5000).optional(),
    ...listVoteFields,
  })
  .catchall(noteField);

/** The decision page and its forms; a vote goes through the same service as its JSON twin. */
const decisionPages: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/decisions/:id/history',
    {
      config: signedIn,
      schema: { summary: "A decision's audit events and the mail sent about it", params: uuidParams, response: { 200: historyApi } },
    },
    async (request) => decisionHistory(ctxOf(request), request.user, request.params.id),
  );

  app.get(
    '/decisions/:id',
    { config: signedIn, schema: { hide: true, params: uuidParams, querystring: pageQuery } },
    async (request, reply) => {
      const data = await decisionPageData(ctxOf(request), request.user, request.params.id);
      const title = roundTitle(request.locale, data.item.title || data.item.question, data.item.round);
      return sendPage(request, reply, { title: title, body: decisionPage(viewerOf(request), data) });
    },
  );

  app.post(
    '/decisions/:id/:action',
    {
      config: signedIn,
      schema: { hide: true, params: uuidParams.extend({ action: z.enum(['vote', 'resend']) }), querystring: pageQuery, body: decisionForm },
    },
    async (request, reply) => {
      const l = request.locale;
      const ctx = ctxOf(request);
      const { id, action } = request.params;
      const data = await decisionPageData(ctx, request.user, id);
      const { seat, choice, comment } = request.body;
      if (action === 'resend') {
        await resendDecision(ctx, resolveActor(request, { kind: 'coordinator' }), id, seat);
        return reply.redirect(`/decisions/${id}?lang=${l}&done=resent`, 303);
      }
      if (!choice) throw new UserError(400, 'dash.fieldRequired', { field: t(l, 'dash.field.choice') });
      const vote = {
        choice,
        comment: comment || undefined,
        ...listVote(request.body, choice, data.work.decision.candidateMeasureIds ?? []),
      };
      try {
        await voteOnDecision(ctx, resolveActor(request, { kind: 'seat', seat }), id, vote);
      } catch (err) {
        const { message, status } = refusalOnPage(l, err);
        return sendPage(request, reply, {
          title: data.item.title || data.item.question,
          body: decisionPage(viewerOf(request), data, message),
          status: status,
        });
      }
      return reply.redirect(`/decisions/${id}?lang=${l}&done=voted`, 303);
    },
  );
};

export default decisionPages;
