import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n';
import { actorSchema, originOf, resolveActor } from '../actor';
import { cycleParams } from '../cycle-schemas';
import { csrf } from '../page-schemas';
import { uuidParams } from '../schemas';
import { ctxOf } from '../services/context';
import { fillerActor, requestFormSignature, signForm } from '../services/signatures';
import { askToSign, signTask, stepSignatures } from '../services/signature-steps';
import { resendSignatureRequest } from '../services/signature-renewal';
import { signOn, signPage } from '../services/signature-links';
import { refusalOnPage } from '../views/page-reply';
import { sendPage } from '../views/send';
import { signPageBody, signPageError, stepSignaturesBody, withDone } from '../views/signatures';

const signedIn = { access: 'signedIn' } as const;
const coordinator = { access: 'coordinator' } as const;
const outcome = z.enum(['signed', 'refused']);
const signFields = {
  outcome,
  reason: z.string().max(2000).optional(),
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
};
const signForm_ = z.object({ _csrf: csrf, ...signFields });
const signBody = z.object({ actor: actorSchema, ...signFields });
const signQuery = z.object({ lang: z.enum(['sv', 'en']).optional(), done: outcome.optional() });
const stepParams = cycleParams.extend({ step: z.string().min(1).max(100) });
const askForm = z.object({ _csrf: csrf, seat: z.string().trim().min(1).max(200) });
const requested = z.object({ formId: z.uuid(), state: z.literal('awaiting_signature'), contentSha256: z.string(), signerSeatId: z.uuid() });
const signature = z.object({ id: z.uuid(), outcome, reason: z.string().nullable(), contentSha256: z.string(), at: z.date() });
const when = z.object({ holder: z.string(), at: z.date() });

/** Signatures: a form sent to its signer and signed or refused, a signature step's tasks, and who has signed a step. */
const signatures: FastifyPluginAsyncZod = async (app) => {
  const refused = (request: FastifyRequest, reply: FastifyReply, err: unknown, back: string) => {
    const { message, status } = refusalOnPage(request.locale, err);
    const body = signPageError(request.locale, message, back);
    return sendPage(request, reply, { title: t(request.locale, 'sign.refusedTitle'), body, status });
  };

  app.post(
    '/api/forms/:id/signature-request',
    {
      config: signedIn,
      schema: {
        summary: "Send a filled-in form to its signer, the head of the filler's organisation, by a personal link in a mail",
        params: uuidParams,
        body: z.object({ actor: actorSchema }),
        response: { 200: requested },
      },
    },
    async (request) => requestFormSignature(ctxOf(request), resolveActor(request, request.body.actor), request.params.id),
  );

  app.post(
    '/forms/:id/signature-request',
    { config: signedIn, schema: { hide: true, params: uuidParams, body: z.object({ _csrf: csrf }) } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      try {
        const actor = await fillerActor(ctx, request.user, request.params.id, originOf(request));
        await requestFormSignature(ctx, actor, request.params.id);
      } catch (err) {
        return refused(request, reply, err, `/forms/${request.params.id}`);
      }
      return reply.redirect(`/forms/${request.params.id}?lang=${request.locale}`, 303);
    },
  );

  app.post(
    '/api/forms/:id/signature-resend',
    {
      config: signedIn,
      schema: {
        summary:
          'Send the signer of a form awaiting its signature a fresh personal link (the earlier one stops working); ' +
          'refused when the form does not await a signature, or within a minute of the last link',
        params: uuidParams,
        body: z.object({ actor: actorSchema }),
        response: { 200: requested },
      },
    },
    async (request) => resendSignatureRequest(ctxOf(request), resolveActor(request, request.body.actor), request.params.id),
  );

  app.post(
    '/forms/:id/signature-resend',
    { config: signedIn, schema: { hide: true, params: uuidParams, body: z.object({ _csrf: csrf }) } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { id } = request.params;
      try {
        await resendSignatureRequest(ctx, await fillerActor(ctx, request.user, id, originOf(request)), id);
      } catch (err) {
        return refused(request, reply, err, `/forms/${id}`);
      }
      return reply.redirect(`/forms/${id}?lang=${request.locale}&done=resent`, 303);
    },
  );

  app.post(
    '/api/forms/:id/signature',
    {
      config: signedIn,
      schema: {
        summary: 'Sign a form awaiting the signature, or refuse with a reason (the form goes back to draft)',
        params: uuidParams,
        body: signBody,
        response: { 200: z.object({ formId: z.uuid(), state: z.enum(['signed', 'draft']), signature }) },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return signForm(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );

  app.post(
    '/api/tasks/:id/signature',
    {
      config: signedIn,
      schema: {
        summary: "Sign a signature step's text through its task (the task completes), or refuse with a reason (it stays open)",
        params: uuidParams,
        body: signBody,
        response: { 200: z.object({ taskId: z.uuid(), outcome, signature }) },
      },
    },
    async (request) => {
      const { actor, ...input } = request.body;
      return signTask(ctxOf(request), resolveActor(request, actor), request.params.id, input);
    },
  );

  // The signed-in signing pages of a form's signer and of a signature task's seat: the same page and forms.
  for (const of of ['forms', 'tasks'] as const) {
    app.get(
      `/${of}/:id/sign`,
      { config: signedIn, schema: { hide: true, params: uuidParams, querystring: signQuery } },
      async (request, reply) => {
        const { view, seat } = await signPage(ctxOf(request), request.user, of, request.params.id);
        const shown = signPageBody(request.locale, `/${of}/${request.params.id}/sign`, view, request.user?.csrfToken ?? '', Boolean(seat));
        return sendPage(request, reply, { ...shown, body: withDone(request.locale, request.query.done, shown.body) });
      },
    );

    app.post(
      `/${of}/:id/sign`,
      { config: signedIn, schema: { hide: true, params: uuidParams, body: signForm_ } },
      async (request, reply) => {
        const ctx = ctxOf(request);
        const path = `/${of}/${request.params.id}/sign`;
        const { view, seat } = await signPage(ctx, request.user, of, request.params.id);
        try {
          const actor = resolveActor(request, seat ? { kind: 'seat', seat } : { kind: 'coordinator' });
          await signOn(ctx, actor, of, request.params.id, request.body);
        } catch (err) {
          const { message, status } = refusalOnPage(request.locale, err);
          const shown = signPageBody(request.locale, path, view, request.user?.csrfToken ?? '', Boolean(seat), message);
          return sendPage(request, reply, { ...shown, status });
        }
        return reply.redirect(`${path}?lang=${request.locale}&done=${request.body.outcome}`, 303);
      },
    );
  }

  app.get(
    '/api/cycles/:definition/:year/signatures/:step',
    {
      config: signedIn,
      schema: {
        summary: "Who has signed a signature step, per organisation: the signer, when and the content's hash; refusals with reasons",
        params: stepParams,
        response: {
          200: z.object({
            title: z.string(),
            text: z.string(),
            contentSha256: z.string(),
            rows: z.array(
              z.object({
                taskId: z.uuid(),
                organisation: z.string(),
                status: z.string(),
                signed: when.extend({ contentSha256: z.string() }).optional(),
                refusals: z.array(when.extend({ reason: z.string() })),
              }),
            ),
            joining: z.array(z.object({ seat: z.string(), organisation: z.string() })),
          }),
        },
      },
    },
    async (request) => stepSignatures(ctxOf(request), request.user, request.params, request.params.step),
  );

  const stepPage = async (
    request: FastifyRequest<{ Params: z.infer<typeof stepParams> }>,
    reply: FastifyReply,
    error?: { message: string; status: number },
  ) => {
    const { definition, year, step } = request.params;
    const s = await stepSignatures(ctxOf(request), request.user, request.params, step);
    const action = `/cycles/${definition}/${year}/signatures/${step}/ask`;
    const shown = stepSignaturesBody(
      request.locale,
      action,
      s,
      request.user?.role === 'coordinator',
      request.user?.csrfToken ?? '',
      error?.message,
    );
    return sendPage(request, reply, { ...shown, status: error?.status });
  };

  app.get(
    '/cycles/:definition/:year/signatures/:step',
    { config: signedIn, schema: { hide: true, params: stepParams, querystring: signQuery } },
    (request, reply) => stepPage(request, reply),
  );

  app.post(
    '/api/cycles/:definition/:year/signatures/:step/ask',
    {
      config: coordinator,
      schema: {
        summary: "Ask a party with a seat in the signature step's body and no signature task (one that joined) to sign the same text",
        params: stepParams,
        body: z.object({ actor: actorSchema, seat: z.string().trim().min(1).max(200) }),
        response: { 201: z.object({ taskId: z.uuid(), workflowId: z.string(), seat: z.string(), organisation: z.string() }) },
      },
    },
    async (request, reply) => {
      const { actor, seat } = request.body;
      return reply
        .status(201)
        .send(await askToSign(ctxOf(request), resolveActor(request, actor), request.params, request.params.step, { seat }));
    },
  );

  app.post(
    '/cycles/:definition/:year/signatures/:step/ask',
    { config: coordinator, schema: { hide: true, params: stepParams, body: askForm } },
    async (request, reply) => {
      const { definition, year, step } = request.params;
      try {
        await askToSign(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), request.params, step, { seat: request.body.seat });
      } catch (err) {
        return stepPage(request, reply, refusalOnPage(request.locale, err));
      }
      return reply.redirect(`/cycles/${definition}/${year}/signatures/${step}?lang=${request.locale}`, 303);
    },
  );
};

export default signatures;
