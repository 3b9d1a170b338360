import { z } from 'zod';
import ical from 'ical-generator';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import * as schema from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { feedItems, type FeedItems } from '../../db/queries/admin';
import { toLocal } from '../../core/time';
import { formatDue } from '../../web/format';
import { t, type Locale } from '../../i18n';
import { feedTokenOk, type FeedKind } from '../feeds';
import { agendaLine } from '../../activities/meeting-mail';

const query = z.object({ token: z.string().max(200).optional(), lang: z.enum(['sv', 'en']).optional() });
const ref = z.string().min(1).max(100);
const DAY = 86_400_000;

/** A deadline as an all-day event on its Stockholm date. */
function deadline(at: Date) {
  const l = toLocal(at);
  const start = new Date(Date.UTC(l.year, l.month - 1, l.day));
  return { start, end: new Date(start.getTime() + DAY), allDay: true };
}

/**
 * The feed as iCalendar. UIDs are fixed per task, decision and meeting, so a calendar that
 * refreshes replaces events rather than adding them; closed work drops out. Meeting times are
 * written in UTC, which every calendar program shows in its own zone.
 */
function render(l: Locale, name: string, items: FeedItems, bodyName: string): string {
  const cal = ical({ name, prodId: { company: 'Årshjul', product: 'arshjul', language: l.toUpperCase() }, ttl: 3600 });
  for (const task of items.tasks) {
    cal.createEvent({
      id: `feed-task-${task.id}@arshjul`,
      ...deadline(task.dueAt),
      summary: t(l, 'admin.ics.task', { title: task.title }),
      description: [t(l, 'notice.due', { due: formatDue(task.dueAt, l) }), t(l, 'admin.ics.seatTask', { seat: task.seatTitle }), task.instructions].filter(Boolean).join('\n'),
    });
  }
  for (const decision of items.decisions) {
    cal.createEvent({
      id: `feed-decision-${decision.id}@arshjul`,
      ...deadline(decision.dueAt),
      summary: t(l, 'admin.ics.decision', { title: decision.title || decision.question }),
      description: [t(l, 'notice.due', { due: formatDue(decision.dueAt, l) }), decision.question].join('\n'),
    });
  }
  for (const meeting of items.meetings) {
    cal.createEvent({
      id: `feed-meeting-${meeting.id}@arshjul`,
      start: meeting.startsAt,
      end: meeting.endsAt,
      sequence: meeting.sequence,
      summary: meeting.seriesTitle ?? t(l, 'admin.ics.meeting', { body: bodyName }),
      location: meeting.location || undefined,
      description: [meeting.host ? t(l, 'admin.ics.host', { host: meeting.host }) : '', ...meeting.agenda.map((item) => `– ${agendaLine(item, l)}`)].filter(Boolean).join('\n') || undefined,
    });
  }
  return cal.toString();
}

/**
 * Calendar feeds per seat and per body, for Outlook and the like. They cannot sign in, so the
 * address carries a key of its own; a wrong or missing key looks the same as an unknown feed.
 * The routes log nothing below warnings: their address carries that key.
 */
const calendar: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const secret = config.secret ?? '';

  const notFound = (reply: FastifyReply, l: Locale) =>
    reply.status(404).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(t(l, 'admin.feed.notFound'));
  const calendarReply = (reply: FastifyReply, filename: string, text: string) =>
    reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${filename}.ics"`)
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer')
      .send(text);
  const allowed = (kind: FeedKind, id: string, token: string | undefined) => feedTokenOk(secret, kind, id, token);

  async function seatFeed(seatRef: string, token: string | undefined, l: Locale, reply: FastifyReply) {
    const seat = await findSeat(db, seatRef);
    if (!seat || !allowed('seat', seat.id, token)) return notFound(reply, l);
    const [body] = await db.select().from(schema.bodies).where(eq(schema.bodies.id, seat.bodyId));
    const items = await feedItems(db, { seatIds: [seat.id], bodyId: seat.bodyId, decisions: 'voter' });
    return calendarReply(reply, seat.slug.replace('/', '-'), render(l, t(l, 'admin.ics.seat', { seat: seat.title, body: body!.name }), items, body!.name));
  }

  const options = { logLevel: 'warn' as const };
  app.get('/cal/seat/:body/:seat.ics', { ...options, schema: { hide: true, params: z.object({ body: ref, seat: ref }), querystring: query } }, async (request, reply) =>
    seatFeed(`${request.params.body}/${request.params.seat}`, request.query.token, request.locale, reply),
  );
  app.get('/cal/seat/:id.ics', { ...options, schema: { hide: true, params: z.object({ id: ref }), querystring: query } }, async (request, reply) =>
    seatFeed(request.params.id, request.query.token, request.locale, reply),
  );

  app.get('/cal/body/:body.ics', { ...options, schema: { hide: true, params: z.object({ body: ref }), querystring: query } }, async (request, reply) => {
    const l = request.locale;
    const [body] = await db.select().from(schema.bodies).where(eq(schema.bodies.slug, request.params.body));
    if (!body || !allowed('body', body.id, request.query.token)) return notFound(reply, l);
    const seats = await db.select({ id: schema.seats.id }).from(schema.seats).where(eq(schema.seats.bodyId, body.id));
    const items = await feedItems(db, { seatIds: seats.map((s) => s.id), bodyId: body.id, decisions: 'body' });
    return calendarReply(reply, body.slug, render(l, t(l, 'admin.ics.body', { body: body.name }), items, body.name));
  });
};

export default calendar;
