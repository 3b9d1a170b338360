import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { t, type Locale } from '../../i18n';
import { originOf } from '../actor';
import { ctxOf } from '../services/context';
import { bodyFeed, rotateBodyFeed, rotateSeatFeed, seatFeed, type Feed } from '../services/feeds';
import { feedCalendar } from '../views/feeds';

const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const query = lang.extend({ token: z.string().max(200).optional() });
const ref = z.string().min(1).max(100);
const seatParams = z.object({ body: ref, seat: ref });
const bodyParams = z.object({ body: ref });
const rotateForm = z.object({ _csrf: z.string().max(200).optional() });

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

  // Replacing a key: the JSON door answers with the new address where the person may see it.
  const signedIn = { access: 'signedIn' } as const;
  const rotated = z.object({ feedUrl: z.string().nullable().describe("Null for the coordinator replacing a seat's key") });
  app.post(
    '/api/feeds/seat/:body/:seat/rotate',
    {
      config: signedIn,
      schema: {
        summary: "Replace a seat's calendar-feed key (its holder, the coordinator)",
        params: seatParams,
        response: { 200: rotated },
      },
    },
    async (request) => rotateSeatFeed(ctxOf(request), request.user!, `${request.params.body}/${request.params.seat}`, originOf(request)),
  );
  app.post(
    '/api/feeds/body/:body/rotate',
    {
      config: signedIn,
      schema: {
        summary: "Replace a body's calendar-feed key (its chair or convenor, the coordinator)",
        params: bodyParams,
        response: { 200: rotated },
      },
    },
    async (request) => rotateBodyFeed(ctxOf(request), request.user!, request.params.body, originOf(request)),
  );
  app.post(
    '/feeds/seat/:body/:seat/rotate',
    { config: signedIn, schema: { hide: true, params: seatParams, querystring: lang, body: rotateForm.nullish() } },
    async (request, reply) => {
      const { body, seat } = request.params;
      const { feedUrl } = await rotateSeatFeed(ctxOf(request), request.user!, `${body}/${seat}`, originOf(request));
      const to = feedUrl ? `/me?lang=${request.locale}&done=feedRotated` : `/admin/seats/${body}/${seat}?lang=${request.locale}&done=saved`;
      return reply.redirect(to, 303);
    },
  );
  app.post(
    '/feeds/body/:body/rotate',
    { config: signedIn, schema: { hide: true, params: bodyParams, querystring: lang, body: rotateForm.nullish() } },
    async (request, reply) => {
      await rotateBodyFeed(ctxOf(request), request.user!, request.params.body, originOf(request));
      const coordinator = request.user!.role === 'coordinator';
      const to = coordinator
        ? `/admin/bodies/${request.params.body}?lang=${request.locale}&done=saved`
        : `/me?lang=${request.locale}&done=feedRotated`;
      return reply.redirect(to, 303);
    },
  );
};

export default calendar;
