import { z } from 'zod';
import type { ApplicationFailure } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listSeries, loadSeries, type SeriesView } from '../../db/queries/meetings';
import {
  cancelMeeting,
  MeetingFailure,
  moveMeeting,
  proposeAgendaItem,
  setMeetingLocation,
  skipMeetingHost,
  swapMeetingHosts,
} from '../../workflows/meetings';
import type { Actor } from '../../workflows/common';
import { UserError } from '../plugins/errors';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import { actorSchema, requireCoordinator, resolveActor } from '../actor';
import { reason } from '../schemas';
import { t, type Locale, type MessageKey } from '../../i18n';
import { html, type SafeHtml } from '../../core/html';
import { formatMeetingWhen } from '../../core/meetings';
import { stockholmInstant } from '../../core/calendar';
import { formatInstant } from '../../core/time';
import { agendaLine, bodyCalendar } from '../../activities/meeting-mail';
import { page } from '../views/layout';
import { targetHistory } from '../../db/queries/dashboard';
import { historyAndMail } from '../views/dashboard';
import { agendaSubjects } from '../../db/queries/outputs';
import { agendaSubject } from '../views/outputs';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(100);
const bodyParams = z.object({ body: slug });
const meetingParams = z.object({ body: slug, meetingId: z.uuid() });
const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset, e.g. 2027-03-30T09:00:00+02:00');
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });

const organisation = z.object({ slug: z.string(), name: z.string() });
const agendaItem = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(['member', 'cycle']),
  kind: z.enum(['decision', 'review']).optional(),
  /** Items from the cycle: the decision's workflow id, or the phase. */
  key: z.string().optional(),
  seatId: z.string().optional(),
  at: z.string(),
});
const meeting = z.object({
  id: z.uuid(),
  number: z.number().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: z.enum(['planned', 'held', 'cancelled']),
  host: organisation.nullable(),
  hostPinned: z.boolean(),
  skips: z.array(z.object({ org: z.string(), reason: z.string(), at: z.string() })),
  location: z.string(),
  sequence: z.number(),
  agenda: z.array(agendaItem),
  noticeAt: z.date().nullable(),
  noticeSentAt: z.date().nullable(),
  hostReminderAt: z.date().nullable(),
  hostRemindedAt: z.date().nullable(),
  minutesWorkflowId: z.string().nullable(),
  minutesDueAt: z.date().nullable(),
  minutes: z.string().nullable(),
  minutesPublishedAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
});
const series = z.object({
  id: z.string(),
  body: z.object({ slug: z.string(), name: z.string() }),
  title: z.string(),
  hosting: z.string(),
  rotation: z.object({
    order: z.array(organisation.extend({ member: z.boolean(), hostedThisRound: z.boolean() })),
    round: z.number(),
  }),
  nextHost: organisation.nullable(),
  meetings: z.array(meeting),
});

type Meeting = z.infer<typeof meeting>;

/** The series as the API shows it: names for slugs, the rotation order with who has hosted. */
function present(view: SeriesView) {
  const org = (s: string | null) => (s ? { slug: s, name: view.names[s] ?? s } : null);
  const { rotation } = view.series;
  const today = new Date().toISOString().slice(0, 10);
  const members = new Set(rotation.members.filter((m) => (!m.from || m.from <= today) && (!m.to || today <= m.to)).map((m) => m.org));
  const upcoming = view.meetings.find((m) => m.status === 'planned' && m.startsAt.getTime() > Date.now());
  return {
    id: view.series.id,
    body: { slug: view.body.slug, name: view.body.name },
    title: view.series.title,
    hosting: view.series.hosting,
    rotation: {
      order: rotation.order.map((s) => ({ ...org(s)!, member: members.has(s), hostedThisRound: rotation.done.includes(s) })),
      round: rotation.round + 1,
    },
    nextHost: org(upcoming?.host ?? null),
    meetings: view.meetings.map(
      (m): Meeting => ({
        id: m.id,
        number: m.number,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
        status: m.status,
        host: org(m.host),
        hostPinned: m.hostPinned,
        skips: m.skips,
        location: m.location,
        sequence: m.sequence,
        agenda: m.agenda,
        noticeAt: m.noticeAt,
        noticeSentAt: m.noticeSentAt,
        hostReminderAt: m.hostReminderAt,
        hostRemindedAt: m.hostRemindedAt,
        minutesWorkflowId: m.minutesWorkflowId,
        minutesDueAt: m.minutesDueAt,
        minutes: m.minutes,
        minutesPublishedAt: m.minutesPublishedAt,
        cancelReason: m.cancelReason,
      }),
    ),
  };
}

const meetings: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, mailer } = app.deps;

  async function load(bodySlug: string) {
    const view = await loadSeries(db, bodySlug);
    if (!view) throw new UserError(404, 'meetings.noSeries', { body: bodySlug });
    return present(view);
  }
  async function loadMeeting(bodySlug: string, meetingId: string) {
    const s = await load(bodySlug);
    const m = s.meetings.find((x) => x.id === meetingId);
    if (!m) throw new UserError(404, 'meetings.notFound', { id: meetingId });
    return { series: s, meeting: m };
  }

  const name = (s: Awaited<ReturnType<typeof load>>, org: unknown) => s.rotation.order.find((o) => o.slug === org)?.name ?? String(org ?? '');
  const refusals = (locale: Locale, s: Awaited<ReturnType<typeof load>>): Record<string, (f: ApplicationFailure) => UserError> => ({
    [MeetingFailure.notFound]: () => new UserError(404, 'meetings.notFound', { id: '' }),
    [MeetingFailure.notPlanned]: (f) => new UserError(409, 'meetings.refused.notPlanned', { status: t(locale, `meetings.status.${String(failureDetails(f).status)}` as MessageKey) }),
    [MeetingFailure.started]: () => new UserError(409, 'meetings.refused.started'),
    [MeetingFailure.notRotating]: () => new UserError(409, 'meetings.refused.notRotating'),
    [MeetingFailure.unfair]: (f) => new UserError(409, `meetings.refused.${String(failureDetails(f).problem)}` as MessageKey, { organisation: name(s, failureDetails(f).organisation) }),
    [MeetingFailure.notMember]: (f) => new UserError(400, 'meetings.refused.notMember', { organisation: name(s, failureDetails(f).organisation) }),
    [MeetingFailure.notYourBody]: () => new UserError(403, 'meetings.refused.notYourBody'),
    [MeetingFailure.reasonRequired]: () => new UserError(400, 'cycle.reasonRequired'),
    [MeetingFailure.inPast]: () => new UserError(400, 'meetings.refused.inPast'),
    [MeetingFailure.endBeforeStart]: () => new UserError(400, 'meetings.refused.endBeforeStart'),
    [MeetingFailure.sameMeeting]: () => new UserError(400, 'meetings.refused.sameMeeting'),
    [MeetingFailure.hostOrCoordinator]: () => new UserError(403, 'meetings.refused.hostOrCoordinator'),
  });

  /** Runs an update on the body's series and answers with the meeting as recorded after it. */
  async function act<A>(request: FastifyRequest, bodySlug: string, meetingId: string, call: (handle: ReturnType<typeof temporal.workflow.getHandle>) => Promise<A>) {
    const s = await load(bodySlug);
    await talkToWorkflow(() => call(temporal.workflow.getHandle(s.id)), new UserError(404, 'meetings.noSeries', { body: bodySlug }), refusals(request.locale, s));
    return (await loadMeeting(bodySlug, meetingId)).meeting;
  }

  const actions = {
    swap: (request: FastifyRequest, body: string, input: { a: string; b: string; reason: string }, actor: Actor) =>
      act(request, body, input.a, (h) => h.executeUpdate(swapMeetingHosts, { args: [{ ...input, actor }] })),
    skip: (request: FastifyRequest, body: string, meetingId: string, input: { organisation: string; reason: string }, actor: Actor) =>
      act(request, body, meetingId, (h) => h.executeUpdate(skipMeetingHost, { args: [{ meetingId, ...input, actor }] })),
    move: async (request: FastifyRequest, body: string, meetingId: string, input: { startsAt: string; endsAt?: string; reason: string }, actor: Actor) => {
      const { meeting: m } = await loadMeeting(body, meetingId);
      const startsAt = new Date(input.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + (m.endsAt.getTime() - m.startsAt.getTime()));
      return act(request, body, meetingId, (h) =>
        h.executeUpdate(moveMeeting, { args: [{ meetingId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: input.reason, actor }] }),
      );
    },
    cancel: (request: FastifyRequest, body: string, meetingId: string, input: { reason: string }, actor: Actor) =>
      act(request, body, meetingId, (h) => h.executeUpdate(cancelMeeting, { args: [{ meetingId, ...input, actor }] })),
    location: (request: FastifyRequest, body: string, meetingId: string, input: { location: string }, actor: Actor) =>
      act(request, body, meetingId, (h) => h.executeUpdate(setMeetingLocation, { args: [{ meetingId, ...input, actor }] })),
    propose: (request: FastifyRequest, body: string, meetingId: string, input: { title: string }, actor: Actor) =>
      act(request, body, meetingId, (h) => h.executeUpdate(proposeAgendaItem, { args: [{ meetingId, ...input, actor }] })),
  };

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
      return actions.swap(request, request.params.body, request.body, actor);
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
      return actions.skip(request, request.params.body, request.params.meetingId, request.body, actor);
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
      return actions.move(request, request.params.body, request.params.meetingId, request.body, actor);
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
      return actions.cancel(request, request.params.body, request.params.meetingId, request.body, actor);
    },
  );
  app.post(
    '/api/meetings/:body/:meetingId/location',
    {
      schema: {
        summary: 'Where the meeting is: the host (or the coordinator) enters the booked room',
        params: meetingParams,
        body: z.object({ location: z.string().trim().min(1).max(300), actor: actorSchema }),
        response: { 200: meeting },
      },
    },
    async (request) => actions.location(request, request.params.body, request.params.meetingId, request.body, resolveActor(request, request.body.actor)),
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
    async (request) => actions.propose(request, request.params.body, request.params.meetingId, request.body, resolveActor(request, request.body.actor)),
  );

  // ── Pages ───────────────────────────────────────────────────────────────────────────────
  const send = (reply: FastifyReply, request: FastifyRequest, title: string, body: SafeHtml, path: string) =>
    reply.type('text/html; charset=utf-8').send(page({ locale: request.locale, title, body, path, user: request.user }));
  const when = (m: Meeting, l: Locale) => formatMeetingWhen(m.startsAt, m.endsAt, l);
  const status = (m: Meeting, l: Locale) => t(l, `meetings.status.${m.status}` as MessageKey);
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

  app.get(
    '/meetings/:body/:meetingId',
    { schema: { hide: true, params: meetingParams, querystring: lang } },
    async (request, reply) => {
      const l = request.locale;
      const { series: s, meeting: m } = await loadMeeting(request.params.body, request.params.meetingId);
      const coordinator = request.user?.role === 'coordinator';
      const open = m.status === 'planned' && m.startsAt.getTime() > Date.now();
      const seats = mySeats(request, s.body.slug);
      const base = `/meetings/${s.body.slug}/${m.id}`;
      const subjects = await agendaSubjects(db, m.agenda.flatMap((a) => (a.kind === 'decision' && a.key ? [a.key] : [])));
      const body = html`<h1>${s.body.name}: ${when(m, l)}</h1>
<table>
  <caption class="muted" style="text-align:left">${t(l, 'meetings.details')}</caption>
  <tbody>
  <tr><th scope="row">${t(l, 'meetings.statusHeading')}</th><td>${status(m, l)}${m.cancelReason ? html` (${m.cancelReason})` : ''}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.host')}</th><td>${m.host?.name ?? t(l, 'meetings.noHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.where')}</th><td>${m.location || t(l, 'meetings.whereByHost')}</td></tr>
  <tr><th scope="row">${t(l, 'meetings.noticeHeading')}</th><td>${m.noticeSentAt ? formatInstant(m.noticeSentAt, l) : m.noticeAt ? t(l, 'meetings.noticePlanned', { at: formatInstant(m.noticeAt, l) }) : ''}</td></tr>
  ${m.skips.map((x) => html`<tr><th scope="row">${t(l, 'meetings.skipped')}</th><td>${name(s, x.org)}: ${x.reason}</td></tr>`)}
  </tbody>
</table>
<h2>${t(l, 'meetings.agenda')}</h2>
${m.agenda.length ? html`<ol>${m.agenda.map((a) => html`<li>${agendaLine(a, l)}${agendaSubject(l, a.key ? subjects.get(a.key) : undefined)}</li>`)}</ol>` : html`<p class="muted">${t(l, 'meetings.noAgenda')}</p>`}
${open && (seats.length || coordinator)
  ? html`<form method="post" action="${base}/agenda">${csrf(request)}
<fieldset><legend>${t(l, 'meetings.propose')}</legend>
${seats.length ? html`<input type="hidden" name="seat" value="${seats[0]!.slug}">` : ''}
<p><label for="item-title">${t(l, 'meetings.itemTitle')}</label> <input id="item-title" name="title" required maxlength="300"></p>
<button type="submit">${t(l, 'meetings.proposeButton')}</button></fieldset></form>`
  : ''}
<h2>${t(l, 'meetings.minutes')}</h2>
${m.minutes ? html`<p style="white-space:pre-wrap">${m.minutes}</p>` : html`<p class="muted">${m.minutesDueAt ? t(l, 'meetings.minutesDue', { due: formatInstant(m.minutesDueAt, l) }) : t(l, 'meetings.noMinutes')}</p>`}
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
      return send(reply, request, `${s.body.name}: ${when(m, l)}`, body, base);
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
    await actions.swap(request, request.params.body, request.body, asCoordinator(request));
    return back(reply, request.params.body);
  });
  app.post('/meetings/:body/:meetingId/skip', { schema: { hide: true, params: meetingParams, body: form({ organisation: slug, reason }) } }, async (request, reply) => {
    await actions.skip(request, request.params.body, request.params.meetingId, request.body, asCoordinator(request));
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
      await actions.move(request, request.params.body, request.params.meetingId, { startsAt, reason: request.body.reason }, asCoordinator(request));
      return back(reply, request.params.body, request.params.meetingId);
    },
  );
  app.post('/meetings/:body/:meetingId/cancel', { schema: { hide: true, params: meetingParams, body: form({ reason }) } }, async (request, reply) => {
    await actions.cancel(request, request.params.body, request.params.meetingId, request.body, asCoordinator(request));
    return back(reply, request.params.body, request.params.meetingId);
  });
  app.post(
    '/meetings/:body/:meetingId/agenda',
    { schema: { hide: true, params: meetingParams, body: form({ title: z.string().trim().min(1).max(300), seat: z.string().max(200).optional() }) } },
    async (request, reply) => {
      const actor = request.body.seat ? resolveActor(request, { kind: 'seat', seat: request.body.seat }) : asCoordinator(request);
      await actions.propose(request, request.params.body, request.params.meetingId, { title: request.body.title }, actor);
      return back(reply, request.params.body, request.params.meetingId);
    },
  );
};

export default meetings;
