import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { t, type Locale } from '../../i18n';
import { ctxOf } from '../services/context';
import { bodyFeed, seatFeed, type Feed } from '../services/feeds';
import { feedCalendar } from '../views/feeds';

const query = z.object({ token: z.string().max(200).optional(), lang: z.enum(['sv', 'en']).optional() });
const ref = z.string().min(1).max(100);

/** The feed as iCalendar, or the same "not found" for an unknown feed and a wrong key. */
function calendarReply(reply: FastifyReply, l: Locale, feed: Feed | undefined) {
  if (!feed)
    return reply.status(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(t(l, 'admin.feed.notFound'));
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${feed.filename}.ics"`)
    .header('cache-control', 'private, max-age=300')
    .header('referrer-policy', 'no-referrer')
    .send(feedCalendar(l, feed.name, feed.items, feed.bodyName));
}

/**
 * Calendar feeds per seat and per body, for Outlook and the like. They cannot sign in, so the
 * address carries a key of its own; a wrong or missing key looks the same as an unknown feed.
 * The routes log nothing below warnings: their address carries that key.
 */
const calendar: FastifyPluginAsyncZod = async (app) => {
  const options = { logLevel: 'warn' as const, config: { access: 'public' as const } };
  app.get(
    '/cal/seat/:body/:seat.ics',
    { ...options, schema: { hide: true, params: z.object({ body: ref, seat: ref }), querystring: query } },
    async (request, reply) =>
      calendarReply(
        reply,
        request.locale,
        await seatFeed(ctxOf(request), `${request.params.body}/${request.params.seat}`, request.query.token),
      ),
  );
  app.get(
    '/cal/seat/:id.ics',
    { ...options, schema: { hide: true, params: z.object({ id: ref }), querystring: query } },
    async (request, reply) => calendarReply(reply, request.locale, await seatFeed(ctxOf(request), request.params.id, request.query.token)),
  );
  app.get(
    '/cal/body/:body.ics',
    { ...options, schema: { hide: true, params: z.object({ body: ref }), querystring: query } },
    async (request, reply) =>
      calendarReply(reply, request.locale, await bodyFeed(ctxOf(request), request.params.body, request.query.token)),
  );
};

export default calendar;
