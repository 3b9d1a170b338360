import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { actorSchema, resolveActor } from '../actor';
import { reason } from '../schemas';
import { ctxOf } from '../services/context';
import { outboxIsLocal } from '../services/outbox';
import { meetingShape as meeting, seriesShape as series } from '../meeting-schemas';
import * as service from '../services/meetings';
import { meetingPage, readMeeting, readSeries, seriesCalendar, seriesPage } from '../services/meeting-pages';
import { meetingPageView, seriesPageView } from '../views/meetings';
import { sendHtml } from '../views/send';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(100);
const bodyParams = z.object({ body: slug });
const meetingParams = z.object({ body: slug, meetingId: z.uuid() });
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2027-03-30T09:00:00+02:00');
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const agendaTitle = z.string().trim().min(1).max(300);
const signedIn = { access: 'signedIn' } as const;
const coordinator = { access: 'coordinator' } as const;
/** The session plugin has checked the CSRF token (the `_csrf` field or the header). */
const form = <T extends z.ZodRawShape>(shape: T) => z.object({ _csrf: z.string().optional(), ...shape });
/** A form acts as the seat it names, else as the coordinator. */
const formSeat = z.string().max(200).optional();
const asSeatOrCoordinator = (seat: string | undefined) => (seat ? { kind: 'seat' as const, seat } : { kind: 'coordinator' as const });
// Forms post here and come back to the page they were sent from.
const back = (reply: FastifyReply, bodySlug: string, meetingId?: string) =>
  reply.redirect(meetingId ? `/meetings/${bodySlug}/${meetingId}` : `/meetings/${bodySlug}`, 303);

const meetings: FastifyPluginAsyncZod = async (app) => {
  const readableMail = outboxIsLocal(app.deps);

  // ── JSON ──
  app.get(
    '/api/meetings/:body',
    {
      config: signedIn,
      schema: {
        summary: "A body's meeting series: meetings with hosts, the rotation order and who hosts next",
        params: bodyParams,
        response: { 200: series },
      },
    },
    async (request) => readSeries(ctxOf(request), request.user, request.params.body),
  );
  app.get(
    '/api/meetings/:body/calendar.ics',
    {
      config: signedIn,
      schema: { summary: "The body's meetings as an iCalendar file, with the same UIDs as the invites", params: bodyParams },
    },
    async (request, reply) => {
      const { slug: file, ics } = await seriesCalendar(ctxOf(request), request.params.body);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${file}.ics"`).send(ics);
    },
  );
  app.get(
    '/api/meetings/:body/:meetingId',
    {
      config: signedIn,
      schema: { summary: 'One meeting: time, place, host, agenda, notices and minutes', params: meetingParams, response: { 200: meeting } },
    },
    async (request) => readMeeting(ctxOf(request), request.user, request.params.body, request.params.meetingId),
  );
  app.post(
    '/api/meetings/:body/swap',
    {
      config: coordinator,
      schema: {
        summary: 'Two coming meetings of the same round trade hosts (coordinator)',
        params: bodyParams,
        body: z.object({ a: z.uuid(), b: z.uuid(), reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => service.swapHosts(ctxOf(request), resolveActor(request, request.body.actor), request.params.body, request.body),
  );
  app.post(
    '/api/meetings/:body/:meetingId/skip',
    {
      config: coordinator,
      schema: {
        summary: 'A party does not host this meeting and keeps its turn (coordinator)',
        params: meetingParams,
        body: z.object({ organisation: slug.describe('Organisation slug, e.g. polisen'), reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const { body, meetingId } = request.params;
      return service.skipHost(ctxOf(request), resolveActor(request, request.body.actor), body, meetingId, request.body);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/move',
    {
      config: coordinator,
      schema: {
        summary: 'Move a coming meeting; invitees get an updated invite (coordinator)',
        params: meetingParams,
        body: z.object({
          startsAt: instant,
          endsAt: instant.optional().describe('Defaults to the same length as before'),
          reason,
          actor: actorSchema,
        }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const { body, meetingId } = request.params;
      return service.moveMeeting(ctxOf(request), resolveActor(request, request.body.actor), body, meetingId, request.body);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/cancel',
    {
      config: coordinator,
      schema: {
        summary: 'Cancel a coming meeting; invitees get a cancellation (coordinator)',
        params: meetingParams,
        body: z.object({ reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const { body, meetingId } = request.params;
      return service.cancelMeeting(ctxOf(request), resolveActor(request, request.body.actor), body, meetingId, request.body);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/location',
    {
      config: signedIn,
      schema: {
        summary: 'Where the meeting is: the host (or the coordinator) enters the booked room',
        params: meetingParams,
        body: z.object({ location: service.meetingLocation, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const { body, meetingId } = request.params;
      return service.setLocation(ctxOf(request), resolveActor(request, request.body.actor), body, meetingId, request.body);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/agenda',
    {
      config: signedIn,
      schema: {
        summary: "Propose an item for a coming meeting's agenda (a member of the body, or the coordinator)",
        params: meetingParams,
        body: z.object({ title: agendaTitle, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const { body, meetingId } = request.params;
      return service.proposeItem(ctxOf(request), resolveActor(request, request.body.actor), body, meetingId, request.body);
    },
  );

  // ── Pages ──
  app.get('/meetings/:body', { config: signedIn, schema: { hide: true, params: bodyParams, querystring: lang } }, async (request, reply) =>
    sendHtml(reply, seriesPageView(request.locale, request.user, await seriesPage(ctxOf(request), request.user, request.params.body))),
  );
  app.get(
    '/meetings/:body/:meetingId',
    { config: signedIn, schema: { hide: true, params: meetingParams, querystring: lang.extend({ done: z.enum(['located']).optional() }) } },
    async (request, reply) => {
      const data = await meetingPage(ctxOf(request), request.user, request.params.body, request.params.meetingId);
      return sendHtml(
        reply,
        meetingPageView(request.locale, request.user, data, { readableMail, room: { saved: request.query.done === 'located' } }),
      );
    },
  );

  app.post(
    '/meetings/:body/swap',
    { config: coordinator, schema: { hide: true, params: bodyParams, body: form({ a: z.uuid(), b: z.uuid(), reason }) } },
    async (request, reply) => {
      await service.swapHosts(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), request.params.body, request.body);
      return back(reply, request.params.body);
    },
  );
  app.post(
    '/meetings/:body/:meetingId/skip',
    { config: coordinator, schema: { hide: true, params: meetingParams, body: form({ organisation: slug, reason }) } },
    async (request, reply) => {
      const { body, meetingId } = request.params;
      await service.skipHost(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), body, meetingId, request.body);
      return back(reply, body, meetingId);
    },
  );
  app.post(
    '/meetings/:body/:meetingId/move',
    {
      config: coordinator,
      schema: {
        hide: true,
        params: meetingParams,
        body: form({
          startsAt: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
            .describe('Stockholm wall-clock time'),
          reason,
        }),
      },
    },
    async (request, reply) => {
      const { body, meetingId } = request.params;
      const input = { startsAt: service.fromStockholmWallClock(request.body.startsAt), reason: request.body.reason };
      await service.moveMeeting(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), body, meetingId, input);
      return back(reply, body, meetingId);
    },
  );
  app.post(
    '/meetings/:body/:meetingId/cancel',
    { config: coordinator, schema: { hide: true, params: meetingParams, body: form({ reason }) } },
    async (request, reply) => {
      const { body, meetingId } = request.params;
      await service.cancelMeeting(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), body, meetingId, request.body);
      return back(reply, body, meetingId);
    },
  );
  app.post(
    '/meetings/:body/:meetingId/location',
    {
      config: signedIn,
      schema: { hide: true, params: meetingParams, querystring: lang, body: form({ location: z.string().max(2000), seat: formSeat }) },
    },
    async (request, reply) => {
      const { body, meetingId } = request.params;
      const ctx = ctxOf(request);
      const actor = resolveActor(request, asSeatOrCoordinator(request.body.seat));
      const entered = await service.enterRoom(ctx, actor, body, meetingId, request.body.location);
      if (entered.error === undefined) return reply.redirect(`/meetings/${body}/${meetingId}?lang=${request.locale}&done=located`, 303);
      const data = await meetingPage(ctx, request.user, body, meetingId);
      const room = { value: request.body.location, error: entered.error };
      return sendHtml(reply.status(entered.status), meetingPageView(request.locale, request.user, data, { readableMail, room }));
    },
  );
  app.post(
    '/meetings/:body/:meetingId/agenda',
    { config: signedIn, schema: { hide: true, params: meetingParams, body: form({ title: agendaTitle, seat: formSeat }) } },
    async (request, reply) => {
      const { body, meetingId } = request.params;
      await service.proposeItem(
        ctxOf(request),
        resolveActor(request, asSeatOrCoordinator(request.body.seat)),
        body,
        meetingId,
        request.body,
      );
      return back(reply, body, meetingId);
    },
  );
};

export default meetings;
