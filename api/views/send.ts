import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../web/html';
import { page } from './layout';

/** Answers with a whole page in the reader's language, around a view's body. */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: { title: string; body: SafeHtml; footer?: SafeHtml; head?: SafeHtml; status?: number },
) {
  return reply
    .status(view.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(
      page({
        locale: request.locale,
        title: view.title,
        body: view.body,
        path: request.url.split('?')[0]!,
        footer: view.footer,
        head: view.head,
        user: request.user,
      }),
    );
}

/** Answers with a page a view has already laid out whole. */
export const sendHtml = (reply: FastifyReply, html: string) => reply.type('text/html; charset=utf-8').send(html);
