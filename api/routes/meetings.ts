import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listSeries } from '../../db/queries/meetings';
import { UserError } from '../plugins/errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';
import { reason } from '../schemas';
import { t } from '../../i18n';
import { html, type SafeHtml } from '../../web/html';
import { stockholmInstant } from '../../core/time';
import { bodyCalendar } from '../../activities/meeting-mail';
import { page } from '../views/layout';
import { targetHistory } from '../../db/queries/dashboard';
import { historyAndMail } from '../views/dashboard';
import { agendaSubjects } from '../../db/queries/outputs';
import { checkLocation, meetingLocation, meetingService, meetingShape as meeting, seriesShape as series, type Meeting, type Series } from '../meetings';
import { agendaSection, locationForm, meetingFacts, meetingStatus as status, meetingWhen as when, minutesSection } from '../views/meetings';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const bodyParams = z.object({ body: slug });
const meetingParams = z.object({ body: slug, meetingId: z.uuid() });
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2027-03-30T09:00:00+02:00');
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });

const meetings: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, mailer } = app.deps;

  const service = meetingService(db, temporal);
  const { load, loadMeeting } = service;

  // ── JSON ────────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/meetings/:body',
    { schema: { summary: "A body's meeting series: meetings with hosts, the rotation order and who hosts next", params: bodyParams, response: { 200: series } } },
    async (request) => load(request.params.body),
  );
  app.get(
    '/api/meetings/:body/calendar.ics',
    { schema: { summary: "The body's meetings as an iCalendar file, with the same UIDs as the invites", params: bodyParams } },
    async (request, reply) => {
      const s = await load(request.params.body);
      const ics = bodyCalendar(s, request.locale, `${app.deps.config.publicUrl}/meetings/${s.body.slug}`);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${s.body.slug}.ics"`).send(ics);
    },
  );
  app.get(
    '/api/meetings/:body/:meetingId',
    { schema: { summary: 'One meeting: time, place, host, agenda, notices and minutes', params: meetingParams, response: { 200: meeting } } },
    async (request) => (await loadMeeting(request.params.body, request.params.meetingId)).meeting,
  );
  app.post(
    '/api/meetings/:body/swap',
    {
      schema: {
        summary: 'Two coming meetings of the same round trade hosts (coordinator)',
        params: bodyParams,
        body: z.object({ a: z.uuid(), b: z.uuid(), reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      return service.swap(request.locale, request.params.body, request.body, actor);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/skip',
    {
      schema: {
        summary: 'A party does not host this meeting and keeps its turn (coordinator)',
        params: meetingParams,
        body: z.object({ organisation: slug.describe('Organisation slug, e.g. polisen'), reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      return service.skip(request.locale, request.params.body, request.params.meetingId, request.body, actor);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/move',
    {
      schema: {
        summary: 'Move a coming meeting; invitees get an updated invite (coordinator)',
        params: meetingParams,
        body: z.object({ startsAt: instant, endsAt: instant.optional().describe('Defaults to the same length as before'), reason, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      return service.move(request.locale, request.params.body, request.params.meetingId, request.body, actor);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/cancel',
    {
      schema: { summary: 'Cancel a coming meeting; invitees get a cancellation (coordinator)', params: meetingParams, body: z.object({ reason, actor: actorSchema }), response: { 200: meeting } },
    },
    async (request) => {
      const actor = resolveActor(request, request.body.actor);
      requireCoordinator(actor);
      return service.cancel(request.locale, request.params.body, request.params.meetingId, request.body, actor);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/location',
    {
      schema: {
        summary: 'Where the meeting is: the host (or the coordinator) enters the booked room',
        params: meetingParams,
        body: z.object({ location: meetingLocation, actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => service.location(request.locale, request.params.body, request.params.meetingId, request.body, resolveActor(request, request.body.actor)),
  );
  app.post(
    '/api/meetings/:body/:meetingId/agenda',
    {
      schema: {
        summary: "Propose an item for a coming meeting's agenda (a member of the body, or the coordinator)",
        params: meetingParams,
        body: z.object({ title: z.string().trim().min(1).max(300), actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => service.propose(request.locale, request.params.body, request.params.meetingId, request.body, resolveActor(request, request.body.actor)),
  );

  // ── Pages ───────────────────────────────────────────────────────────────────────────────
  const send = (reply: FastifyReply, request: FastifyRequest, title: string, body: SafeHtml, path: string) =>
    reply.type('text/html; charset=utf-8').send(page({ locale: request.locale, title, body, path, user: request.user }));
  const csrf = (request: FastifyRequest) => html`<input type="hidden" name="_csrf" value="${request.user?.csrfToken ?? ''}">`;
  const mySeats = (request: FastifyRequest, bodySlug: string) => (request.user?.seats ?? []).filter((s) => s.slug.startsWith(`${bodySlug}/`));

  app.get(
    '/meetings/:body',
    { schema: { hide: true, params: bodyParams, querystring: lang } },
    async (request, reply) => {
      const l = request.locale;
      const s = await load(request.params.body);
      const upcoming = s.meetings.filter((m) => m.endsAt.getTime() > Date.now());
      const past = s.meetings.filter((m) => m.endsAt.getTime() <= Date.now()).reverse();
      const coordinator = request.user?.role === 'coordinator';
      const row = (m: Meeting) => html`<tr>
  <td><a href="/meetings/${s.body.slug}/${m.id}">${when(m, l)}</a></td>
  <td>${m.host?.name ?? t(l, 'meetings.noHost')}${m.hostPinned ? html` <span class="muted">(${t(l, 'meetings.swapped')})</span>` : ''}</td>
  <td>${m.location || html`<span class="muted">${t(l, 'meetings.whereByHost')}</span>`}</td>
  <td>${status(m, l)}</td>
</tr>`;
      /** A table named by the heading above it; none when there is nothing to list. */
      const table = (rows: Meeting[], headingId: string) =>
        rows.length
          ? html`<table aria-labelledby="${headingId}">
  <thead><tr><th scope="col">${t(l, 'meetings.when')}</th><th scope="col">${t(l, 'meetings.host')}</th><th scope="col">${t(l, 'meetings.where')}</th><th scope="col">${t(l, 'meetings.statusHeading')}</th></tr></thead>
  <tbody>${rows.map(row)}</tbody>
</table>`
          : html`<p class="muted">${t(l, 'meetings.none')}</p>`;
      const others = (await listSeries(db)).filter((x) => x.bodySlug !== s.body.slug);
      const convenor = s.meetings.find((m) => m.host)?.host?.name;
      const coming = upcoming.filter((m) => m.status === 'planned');
      const option = (m: Meeting) => html`<option value="${m.id}">${when(m, l)}: ${m.host?.name ?? ''}</option>`;
      const body = html`<h1>${s.title}</h1>
${s.hosting === 'convenor'
  ? html`<p>${t(l, 'meetings.convenorHosts', { organisation: convenor ?? t(l, 'meetings.noHost') })}</p>`
  : html`<p>${t(l, 'meetings.nextHost')}: <strong>${s.nextHost?.name ?? t(l, 'meetings.noHost')}</strong></p>
<h2>${t(l, 'meetings.rotation')}</h2>
<p class="muted">${t(l, 'meetings.rotationExplained', { round: s.rotation.round })}</p>
<ol>${s.rotation.order.filter((o) => o.member).map((o) => html`<li>${o.name}${o.hostedThisRound ? html` <span class="muted">(${t(l, 'meetings.hostedThisRound')})</span>` : ''}</li>`)}</ol>`}
<h2 id="upcoming">${t(l, 'meetings.upcoming')}</h2>
${table(upcoming, 'upcoming')}
${coordinator && s.hosting === 'rotating' && coming.length > 1
  ? html`<form method="post" action="/meetings/${s.body.slug}/swap">${csrf(request)}
<fieldset><legend>${t(l, 'meetings.swapTitle')}</legend>
<p><label for="swap-a">${t(l, 'meetings.meetingA')}</label> <select id="swap-a" name="a">${coming.map(option)}</select></p>
<p><label for="swap-b">${t(l, 'meetings.meetingB')}</label> <select id="swap-b" name="b">${coming.map(option)}</select></p>
<p><label for="swap-reason">${t(l, 'meetings.reason')}</label> <input id="swap-reason" name="reason" required maxlength="2000"></p>
<button type="submit">${t(l, 'meetings.swap')}</button></fieldset></form>`
  : ''}
<h2 id="past">${t(l, 'meetings.past')}</h2>
${table(past, 'past')}
<p><a href="/api/meetings/${s.body.slug}/calendar.ics">${t(l, 'meetings.calendarFile')}</a></p>
${others.length
  ? html`<nav aria-labelledby="other-series"><h2 id="other-series">${t(l, 'meetings.otherSeries')}</h2>
<ul>${others.map((x) => html`<li><a href="/meetings/${x.bodySlug}">${x.title}</a></li>`)}</ul></nav>`
  : ''}`;
      return send(reply, request, s.title, body, `/meetings/${s.body.slug}`);
    },
  );

  /** The seat the signed-in person acts in to enter the room: the host's, else the coordinator. */
  async function roomActor(request: FastifyRequest, s: Series, m: Meeting): Promise<{ seat?: string } | undefined> {
    const seats = mySeats(request, s.body.slug);
    const [host] = await service.hostSeats(s, m, seats.map((x) => x.seatId));
    if (host) return { seat: seats.find((x) => x.seatId === host)!.slug };
    return request.user?.role === 'coordinator' ? {} : undefined;
  }

  async function detailPage(request: FastifyRequest, s: Series, m: Meeting, room: { value?: string; error?: string; saved?: boolean } = {}): Promise<SafeHtml> {
    const l = request.locale;
    const coordinator = request.user?.role === 'coordinator';
    const open = m.status === 'planned' && m.startsAt.getTime() > Date.now();
    const seats = mySeats(request, s.body.slug);
    const base = `/meetings/${s.body.slug}/${m.id}`;
    const [roomAs, subjects] = await Promise.all([
      open ? roomActor(request, s, m) : undefined,
      agendaSubjects(db, m.agenda.flatMap((a) => (a.kind === 'decision' && a.key ? [a.key] : []))),
    ]);
    return html`<h1>${s.body.name}: ${when(m, l)}</h1>
${room.error && !roomAs ? html`<div class="flash error" role="alert"><p>${room.error}</p></div>` : ''}
${meetingFacts(l, s, m)}
${roomAs
  ? locationForm(l, {
      action: `${base}/location?lang=${l}`,
      hidden: html`${csrf(request)}${roomAs.seat ? html`<input type="hidden" name="seat" value="${roomAs.seat}">` : ''}`,
      value: room.value ?? m.location,
      error: room.error,
      saved: room.saved,
    })
  : ''}
${agendaSection(l, m, subjects)}
${open && (seats.length || coordinator)
  ? html`<form method="post" action="${base}/agenda">${csrf(request)}
<fieldset><legend>${t(l, 'meetings.propose')}</legend>
${seats.length ? html`<input type="hidden" name="seat" value="${seats[0]!.slug}">` : ''}
<p><label for="item-title">${t(l, 'meetings.itemTitle')}</label> <input id="item-title" name="title" required maxlength="300"></p>
<button type="submit">${t(l, 'meetings.proposeButton')}</button></fieldset></form>`
  : ''}
${minutesSection(l, m)}
${open && coordinator
  ? html`<h2>${t(l, 'meetings.coordinatorActions')}</h2>
${s.hosting === 'rotating'
  ? html`<form method="post" action="${base}/skip">${csrf(request)}<fieldset><legend>${t(l, 'meetings.skipTitle')}</legend>
<p><label for="skip-organisation">${t(l, 'meetings.party')}</label> <select id="skip-organisation" name="organisation">${s.rotation.order.filter((o) => o.member).map((o) => html`<option value="${o.slug}"${o.slug === m.host?.slug ? ' selected' : ''}>${o.name}</option>`)}</select></p>
<p><label for="skip-reason">${t(l, 'meetings.reason')}</label> <input id="skip-reason" name="reason" required maxlength="2000"></p>
<button type="submit">${t(l, 'meetings.skip')}</button></fieldset></form>`
  : ''}
<form method="post" action="${base}/move">${csrf(request)}<fieldset><legend>${t(l, 'meetings.moveTitle')}</legend>
<p><label for="move-start">${t(l, 'meetings.newStart')}</label> <input id="move-start" name="startsAt" type="datetime-local" required></p>
<p><label for="move-reason">${t(l, 'meetings.reason')}</label> <input id="move-reason" name="reason" required maxlength="2000"></p>
<button type="submit">${t(l, 'meetings.move')}</button></fieldset></form>
<form method="post" action="${base}/cancel">${csrf(request)}<fieldset><legend>${t(l, 'meetings.cancelTitle')}</legend>
<p><label for="cancel-reason">${t(l, 'meetings.reason')}</label> <input id="cancel-reason" name="reason" required maxlength="2000"></p>
<button type="submit">${t(l, 'meetings.cancel')}</button></fieldset></form>`
  : ''}
${historyAndMail(l, await targetHistory(db, 'meeting', m.id), coordinator && mailer.mode === 'outbox', `/api/meetings/${s.body.slug}/${m.id}`)}
<p><a href="/meetings/${s.body.slug}">${t(l, 'meetings.back', { body: s.body.name })}</a></p>`;
  }
  const sendDetail = (reply: FastifyReply, request: FastifyRequest, s: Series, m: Meeting, body: SafeHtml) =>
    send(reply, request, `${s.body.name}: ${when(m, request.locale)}`, body, `/meetings/${s.body.slug}/${m.id}`);

  app.get(
    '/meetings/:body/:meetingId',
    { schema: { hide: true, params: meetingParams, querystring: lang.extend({ done: z.enum(['located']).optional() }) } },
    async (request, reply) => {
      const { series: s, meeting: m } = await loadMeeting(request.params.body, request.params.meetingId);
      return sendDetail(reply, request, s, m, await detailPage(request, s, m, { saved: request.query.done === 'located' }));
    },
  );

  // Forms post here and come back to the page they were sent from.
  const back = (reply: FastifyReply, bodySlug: string, meetingId?: string) => reply.redirect(meetingId ? `/meetings/${bodySlug}/${meetingId}` : `/meetings/${bodySlug}`, 303);
  /** The session plugin has checked the CSRF token (the `_csrf` field or the header). */
  const form = <T extends z.ZodRawShape>(shape: T) => z.object({ _csrf: z.string().optional(), ...shape });
  const asCoordinator = (request: FastifyRequest) => {
    const actor = resolveActor(request, { kind: 'coordinator' });
    requireCoordinator(actor);
    return actor;
  };

  app.post('/meetings/:body/swap', { schema: { hide: true, params: bodyParams, body: form({ a: z.uuid(), b: z.uuid(), reason }) } }, async (request, reply) => {
    await service.swap(request.locale, request.params.body, request.body, asCoordinator(request));
    return back(reply, request.params.body);
  });
  app.post('/meetings/:body/:meetingId/skip', { schema: { hide: true, params: meetingParams, body: form({ organisation: slug, reason }) } }, async (request, reply) => {
    await service.skip(request.locale, request.params.body, request.params.meetingId, request.body, asCoordinator(request));
    return back(reply, request.params.body, request.params.meetingId);
  });
  app.post(
    '/meetings/:body/:meetingId/move',
    { schema: { hide: true, params: meetingParams, body: form({ startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).describe('Stockholm wall-clock time'), reason }) } },
    async (request, reply) => {
      const [date, time] = request.body.startsAt.split('T') as [string, string];
      const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
      const [h, mi] = time.split(':').map(Number) as [number, number];
      const startsAt = stockholmInstant({ year: y, month: mo, day: d }, h, mi).toISOString();
      await service.move(request.locale, request.params.body, request.params.meetingId, { startsAt, reason: request.body.reason }, asCoordinator(request));
      return back(reply, request.params.body, request.params.meetingId);
    },
  );
  app.post('/meetings/:body/:meetingId/cancel', { schema: { hide: true, params: meetingParams, body: form({ reason }) } }, async (request, reply) => {
    await service.cancel(request.locale, request.params.body, request.params.meetingId, request.body, asCoordinator(request));
    return back(reply, request.params.body, request.params.meetingId);
  });
  app.post(
    '/meetings/:body/:meetingId/location',
    { schema: { hide: true, params: meetingParams, querystring: lang, body: form({ location: z.string().max(2000), seat: z.string().max(200).optional() }) } },
    async (request, reply) => {
      const { body: bodySlug, meetingId } = request.params;
      const actor = request.body.seat ? resolveActor(request, { kind: 'seat', seat: request.body.seat }) : asCoordinator(request);
      const again = async (status: number, error: string) => {
        const { series: s, meeting: m } = await loadMeeting(bodySlug, meetingId);
        return sendDetail(reply.status(status), request, s, m, await detailPage(request, s, m, { value: request.body.location, error }));
      };
      const checked = checkLocation(request.locale, request.body.location);
      if (!checked.ok) return again(400, checked.message);
      try {
        await service.location(request.locale, bodySlug, meetingId, { location: checked.location }, actor);
      } catch (err) {
        if (err instanceof UserError && err.statusCode < 500) return again(err.statusCode, t(request.locale, err.key, err.params));
        throw err;
      }
      return reply.redirect(`/meetings/${bodySlug}/${meetingId}?lang=${request.locale}&done=located`, 303);
    },
  );
  app.post(
    '/meetings/:body/:meetingId/agenda',
    { schema: { hide: true, params: meetingParams, body: form({ title: z.string().trim().min(1).max(300), seat: z.string().max(200).optional() }) } },
    async (request, reply) => {
      const actor = request.body.seat ? resolveActor(request, { kind: 'seat', seat: request.body.seat }) : asCoordinator(request);
      await service.propose(request.locale, request.params.body, request.params.meetingId, { title: request.body.title }, actor);
      return back(reply, request.params.body, request.params.meetingId);
    },
  );
};

export default meetings;
