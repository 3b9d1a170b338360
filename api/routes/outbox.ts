import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import * as schema from '../../db/schema';
import { html } from '../../web/html';
import { formatInstant } from '../../core/time';
import { t, type MessageKey } from '../../i18n';
import { page } from '../views/layout';
import { UserError } from '../plugins/errors';
import { appendAudit } from '../../activities/audit';
import type { Db } from '../../db/client';

const statuses = ['pending', 'sent', 'failed', 'bounced', 'held'] as const;
const row = z.object({
  id: z.uuid(),
  kind: z.string(),
  toName: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  status: z.enum(statuses),
  attempts: z.number(),
  lastError: z.string().nullable(),
  scheduledAt: z.date().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
  addressMarkedAt: z.date().nullable().describe('When the address was marked wrong (refused, or by the coordinator); no more mail goes to it'),
});

/**
 * The mail outbox, for the coordinator: every mail, its state and attempts. Without SMTP it is
 * where mail is read, links included; with SMTP it shows only what was sent, never the bodies.
 */
const outbox: FastifyPluginAsyncZod = async (app) => {
  const { db, mailer } = app.deps;
  const readable = mailer.mode === 'outbox';
  const coordinatorOnly = (request: FastifyRequest) => {
    if (request.user?.role !== 'coordinator') throw new UserError(403, 'actor.coordinatorOnly');
  };
  const list = (status?: (typeof statuses)[number]) =>
    db
      .select({
        id: schema.mailOutbox.id,
        kind: schema.mailOutbox.kind,
        toName: schema.mailOutbox.toName,
        toAddress: schema.mailOutbox.toAddress,
        subject: schema.mailOutbox.subject,
        status: schema.mailOutbox.status,
        attempts: schema.mailOutbox.attempts,
        lastError: schema.mailOutbox.lastError,
        scheduledAt: schema.mailOutbox.scheduledAt,
        createdAt: schema.mailOutbox.createdAt,
        sentAt: schema.mailOutbox.sentAt,
        holderId: schema.mailOutbox.holderId,
        addressMarkedAt: schema.holders.emailInvalidAt,
      })
      .from(schema.mailOutbox)
      .leftJoin(schema.holders, eq(schema.holders.id, schema.mailOutbox.holderId))
      .where(status ? eq(schema.mailOutbox.status, status) : undefined)
      .orderBy(desc(schema.mailOutbox.createdAt))
      .limit(500);

  app.get(
    '/api/outbox',
    {
      schema: {
        summary: 'The newest 500 mails and their delivery state (coordinator)',
        querystring: z.object({ status: z.enum(statuses).optional() }),
        response: { 200: z.array(row) },
      },
    },
    async (request) => {
      coordinatorOnly(request);
      return (await list(request.query.status)).map(({ holderId: _h, ...r }) => r);
    },
  );

  app.get(
    '/outbox',
    { schema: { hide: true, querystring: z.object({ lang: z.enum(['sv', 'en']).optional(), status: z.enum(statuses).optional() }) } },
    async (request, reply) => {
      coordinatorOnly(request);
      const l = request.locale;
      const rows = await list(request.query.status);
      const when = (d: Date | null) => (d ? formatInstant(d, l) : '');
      const body = html`<h1>${t(l, 'outbox.title')}</h1>
<p>${t(l, readable ? 'outbox.held' : 'outbox.smtp')}</p>
<table>
  <caption class="muted" style="text-align:left">${t(l, 'outbox.caption', { count: rows.length })}</caption>
  <thead><tr><th scope="col">${t(l, 'outbox.when')}</th><th scope="col">${t(l, 'outbox.to')}</th><th scope="col">${t(l, 'outbox.subject')}</th><th scope="col">${t(l, 'outbox.status')}</th><th scope="col">${t(l, 'outbox.attempts')}</th><th scope="col">${t(l, 'outbox.address')}</th></tr></thead>
  <tbody>${rows.map(
    (r) => html`<tr><td>${when(r.scheduledAt ?? r.createdAt)}</td><td>${r.toName} &lt;${r.toAddress}&gt;</td><td>${
      readable ? html`<a href="/outbox/${r.id}">${r.subject}</a>` : r.subject
    }</td><td>${t(l, `outbox.state.${r.status}` as MessageKey)}${r.lastError ? html`<br><span class="muted">${r.lastError}</span>` : ''}</td><td>${r.attempts}</td><td>${
      r.addressMarkedAt
        ? html`<span class="badge late">${t(l, 'outbox.markedShort')}</span>`
        : r.holderId
          ? html`<a href="/outbox/${r.id}/address?lang=${l}">${t(l, 'outbox.markLink')}<span class="visually-hidden"> ${r.toAddress}</span></a>`
          : ''
    }</td></tr>`,
  )}</tbody>
</table>`;
      return reply.type('text/html; charset=utf-8').send(page({ locale: l, title: t(l, 'outbox.title'), body, path: '/outbox', user: request.user }));
    },
  );

  app.get(
    '/outbox/:id',
    { schema: { hide: true, params: z.object({ id: z.uuid() }), querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) => {
      coordinatorOnly(request);
      const l = request.locale;
      const [mail] = await db.select().from(schema.mailOutbox).where(eq(schema.mailOutbox.id, request.params.id));
      if (!mail || !readable) throw new UserError(404, 'outbox.notFound');
      const body = html`<h1>${mail.subject}</h1>
<p>${t(l, 'outbox.to')}: ${mail.toName} &lt;${mail.toAddress}&gt;</p>
<pre style="white-space:pre-wrap">${mail.text}</pre>
<p><a href="/outbox">${t(l, 'outbox.back')}</a></p>`;
      return reply.type('text/html; charset=utf-8').send(page({ locale: l, title: mail.subject, body, path: `/outbox/${mail.id}`, user: request.user }));
    },
  );

  /** The holder behind a mail, for marking their address wrong. */
  async function mailHolder(id: string) {
    const [found] = await db
      .select({ mail: schema.mailOutbox, holder: schema.holders })
      .from(schema.mailOutbox)
      .innerJoin(schema.holders, eq(schema.holders.id, schema.mailOutbox.holderId))
      .where(eq(schema.mailOutbox.id, id));
    if (!found) throw new UserError(404, 'outbox.notFound');
    return found;
  }

  app.get(
    '/outbox/:id/address',
    { schema: { hide: true, params: z.object({ id: z.uuid() }), querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }) } },
    async (request, reply) => {
      coordinatorOnly(request);
      const l = request.locale;
      const { mail, holder } = await mailHolder(request.params.id);
      const body = html`<h1>${t(l, 'outbox.markTitle')}</h1>
<p>${t(l, 'outbox.markIntro', { name: holder.name, address: holder.email })}</p>
${holder.emailInvalidAt
  ? html`<p class="flash error" role="status">${t(l, 'outbox.alreadyMarked', { when: formatInstant(holder.emailInvalidAt, l) })}</p>`
  : html`<form method="post" action="/outbox/${mail.id}/address?lang=${l}" class="action"><fieldset><legend>${t(l, 'outbox.markTitle')}</legend>
<input type="hidden" name="_csrf" value="${request.user!.csrfToken}">
<p><input type="checkbox" id="mark-confirm" name="confirm" value="yes" required> <label for="mark-confirm">${t(l, 'outbox.markConfirm', { address: holder.email })}</label></p>
<button type="submit" class="danger">${t(l, 'outbox.markButton')}</button></fieldset></form>`}
<p><a href="/outbox?lang=${l}">${t(l, 'outbox.back')}</a></p>`;
      return reply.type('text/html; charset=utf-8').send(page({ locale: l, title: t(l, 'outbox.markTitle'), body, path: `/outbox/${mail.id}/address`, user: request.user }));
    },
  );

  app.post(
    '/outbox/:id/address',
    {
      schema: {
        hide: true,
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ lang: z.enum(['sv', 'en']).optional() }),
        body: z.object({ _csrf: z.string().max(200), confirm: z.literal('yes') }),
      },
    },
    async (request, reply) => {
      coordinatorOnly(request);
      const { holder } = await mailHolder(request.params.id);
      if (!holder.emailInvalidAt) {
        const seat = request.user!.seats.find((s) => s.coordinator);
        await db.transaction(async (tx) => {
          await tx.update(schema.holders).set({ emailInvalidAt: new Date() }).where(eq(schema.holders.id, holder.id));
          await appendAudit(
            tx as unknown as Db,
            {
              action: 'mail.addressWrong',
              actor: { kind: 'coordinator', seatId: seat?.seatId, holderId: seat?.holderId },
              at: new Date().toISOString(),
              detail: { seatId: holder.seatId, mail: request.params.id },
            },
            { kind: 'holder', id: holder.id },
          );
        });
      }
      return reply.redirect(`/outbox/${request.params.id}/address?lang=${request.locale}`, 303);
    },
  );
};

export default outbox;
