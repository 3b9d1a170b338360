import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import { mailHolder, mailList, mailStatuses, markAddressWrong, outboxMode, readMail, resendMail } from '../services/outbox';
import { addressPage, mailPage, outboxPage } from '../views/outbox';
import { sendHtml } from '../views/send';

const row = z.object({
  id: z.uuid(),
  kind: z.string(),
  toName: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  status: z.enum(mailStatuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  scheduledAt: z.date().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  addressMarkedAt: z
    .date()
    .nullable()
    .describe('When the address was marked wrong (refused, or by the coordinator); no more mail goes to it'),
});
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const mailParams = z.object({ id: z.uuid() });
const coordinator = { access: 'coordinator' } as const;

/** The mail outbox, for the coordinator: every mail, its state and attempts; what it says only in local mode. */
const outbox: FastifyPluginAsyncZod = async (app) => {
  const mode = outboxMode(app.deps);
  const readable = mode === 'local';

  app.get(
    '/api/outbox',
    {
      config: coordinator,
      schema: {
        summary: 'The newest 500 mails and their delivery state (coordinator)',
        querystring: z.object({ status: z.enum(mailStatuses).optional() }),
        response: { 200: z.array(row) },
      },
    },
    async (request) => (await mailList(ctxOf(request), request.query.status)).map(({ holderId: _h, ...r }) => r),
  );

  app.get(
    '/outbox',
    {
      config: coordinator,
      schema: { hide: true, querystring: lang.extend({ status: z.enum(mailStatuses).optional(), done: z.enum(['resent']).optional() }) },
    },
    async (request, reply) => {
      const rows = await mailList(ctxOf(request), request.query.status);
      return sendHtml(reply, outboxPage(request.locale, request.user, rows, { mode, done: request.query.done }));
    },
  );

  app.post(
    '/outbox/:id/resend',
    { config: coordinator, schema: { hide: true, params: mailParams, querystring: lang, body: z.object({ _csrf: z.string().max(200) }) } },
    async (request, reply) => {
      await resendMail(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), request.params.id);
      return reply.redirect(`/outbox?lang=${request.locale}&done=resent`, 303);
    },
  );

  app.get('/outbox/:id', { config: coordinator, schema: { hide: true, params: mailParams, querystring: lang } }, async (request, reply) =>
    sendHtml(reply, mailPage(request.locale, request.user, await readMail(ctxOf(request), request.params.id, readable))),
  );

  app.get(
    '/outbox/:id/address',
    { config: coordinator, schema: { hide: true, params: mailParams, querystring: lang } },
    async (request, reply) => {
      const { mail, holder } = await mailHolder(ctxOf(request), request.params.id);
      return sendHtml(reply, addressPage(request.locale, request.user, mail, holder));
    },
  );

  app.post(
    '/outbox/:id/address',
    {
      config: coordinator,
      schema: {
        hide: true,
        params: mailParams,
        querystring: lang,
        body: z.object({ _csrf: z.string().max(200), confirm: z.literal('yes') }),
      },
    },
    async (request, reply) => {
      await markAddressWrong(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), request.params.id);
      return reply.redirect(`/outbox/${request.params.id}/address?lang=${request.locale}`, 303);
    },
  );
};

export default outbox;
