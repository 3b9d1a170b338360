import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t, type Locale, type MessageKey } from '../../i18n';
import { actorSchema, resolveActor } from '../actor';
import { pageQuery } from '../page-schemas';
import { ctxOf, type Ctx } from '../services/context';
import { FieldRefusal } from '../services/register';
import { assignTaskFromPage, oneOffChoices, requestDecision, requestDecisionFromPage, type OneOffChoices } from '../services/one-off';
import { decisionInput } from '../services/one-off-schemas';
import { decisionRequestedPage, decisionRequestPage, taskRequestPage, tasksSentPage } from '../views/one-off';
import { refusalOnPage } from '../views/page-reply';
import type { Refusal } from '../views/register-forms';
import { sendPage } from '../views/send';
import type { SafeHtml } from '../../web/html';

const coordinator = { access: 'coordinator' } as const;
/** A page form: its fields go to the service, which checks them and names each wrong one. */
const formBody = z.looseObject({ _csrf: z.string().max(200).optional() });
const pageRoute = { config: coordinator, schema: { hide: true, querystring: pageQuery } };
const formRoute = { config: coordinator, schema: { hide: true, querystring: pageQuery, body: formBody } };

/**
 * A page form's answer: done, a page saying what was sent; refused on a field, the form again
 * with each field's error; refused otherwise, the form with the refusal above it.
 */
async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  form: string,
  title: string,
  act: () => Promise<SafeHtml>,
  again: (refusal: Refusal) => Promise<SafeHtml>,
) {
  const values = (request.body ?? {}) as Record<string, unknown>;
  try {
    return sendPage(request, reply, { title, body: await act() });
  } catch (err) {
    if (err instanceof FieldRefusal)
      return sendPage(request, reply, { title, body: await again({ form, values, issues: err.issues }), status: 400 });
    const { message, status } = refusalOnPage(request.locale, err);
    return sendPage(request, reply, { title, body: await again({ form, values, issues: [{ field: '(root)', message }] }), status });
  }
}

type FormView = (l: Locale, csrf: string, choices: OneOffChoices, refusal?: Refusal) => SafeHtml;

/** The coordinator's page with a form, and its answer through the service that acts on the form. */
function formPage(
  app: FastifyInstance,
  url: string,
  form: string,
  title: MessageKey,
  view: FormView,
  act: (ctx: Ctx, actor: ReturnType<typeof resolveActor>, form: unknown) => Promise<SafeHtml>,
) {
  app.get(url, pageRoute, async (request, reply) => {
    const body = view(request.locale, request.user!.csrfToken, await oneOffChoices(ctxOf(request)));
    return sendPage(request, reply, { title: t(request.locale, title), body });
  });
  app.post(url, formRoute, async (request, reply) => {
    const ctx = ctxOf(request);
    const actor = resolveActor(request, { kind: 'coordinator' });
    return answer(
      request,
      reply,
      form,
      t(request.locale, title),
      () => act(ctx, actor, request.body),
      async (refusal) => view(request.locale, request.user!.csrfToken, await oneOffChoices(ctx), refusal),
    );
  });
}

/** Work outside the yearly cycle: a decision asked of a body, and a task to a seat or a body. */
const oneOff: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/decisions',
    {
      config: coordinator,
      schema: {
        summary: 'Ask a body to decide outside any cycle: every seat of the body votes; approval may set up a working group (coordinator)',
        body: decisionInput.extend({ actor: actorSchema }),
        response: {
          201: z.object({ id: z.uuid(), workflowId: z.string(), status: z.literal('open'), voters: z.number(), effect: z.unknown() }),
        },
      },
    },
    async (request, reply) => {
      const { actor, ...input } = request.body;
      return reply.status(201).send(await requestDecision(ctxOf(request), resolveActor(request, actor), input));
    },
  );

  formPage(app, '/decisions/new', 'decision-request', 'oneoff.requestDecision', decisionRequestPage, async (ctx, actor, form) =>
    decisionRequestedPage(ctx.locale, await requestDecisionFromPage(ctx, actor, form)),
  );
  formPage(app, '/tasks/new', 'task-request', 'oneoff.newTask', taskRequestPage, async (ctx, actor, form) =>
    tasksSentPage(ctx.locale, await assignTaskFromPage(ctx, actor, form)),
  );
};

export default oneOff;
