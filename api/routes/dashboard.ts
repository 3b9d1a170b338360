import { z } from 'zod';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as schema from '../../db/schema';
import { decisionDetail, taskDetail } from '../../db/queries/dashboard';
import { holderOn } from '../../db/queries/directory';
import { html, type SafeHtml } from '../../web/html';
import { formatDue } from '../../web/format';
import { formatInstant, stockholmDate } from '../../core/time';
import { t } from '../../i18n';
import { page } from '../views/layout';
import { csrfField, flash, historyAndMail, roundNote, statusBadge, tallyText, todayInput, tr } from '../views/dashboard';
import { roundTitle } from '../../web/rounds';
import { UserError } from '../plugins/errors';
import { writeNotice } from '../../activities/notices';
import { sendLater } from '../mail';
import { appendAudit } from '../../activities/audit';
import { decisionWork, taskWork } from '../../db/queries/outputs';
import { candidateFields, candidateList, measureChoices, measureSection, partsSection, previousRoundSection, selectedSection, shownSection, uploadSection, voteOnList } from '../views/outputs';
import { listVote, listVoteFields, noteField, taskChoiceFields, taskChoices } from '../list-vote';

const doneWords = ['started', 'skipped', 'cancelled', 'completed', 'extended', 'reassigned', 'resent', 'voted', 'uploaded', 'partSaved'] as const;
const lang = z.object({ lang: z.enum(['sv', 'en']).optional(), done: z.enum(doneWords).optional() });
const uuidParams = z.object({ id: z.uuid() });
const csrf = z.string().max(200);
const reasonField = z.string().trim().min(1).max(2000);

/** The API takes files up to 10 MB; the form's other fields and multipart framing come on top. */
const UPLOAD_BODY_LIMIT = 11 * 1024 * 1024;

const dashboard: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  const send = (request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page({ locale: request.locale, title, body, path: request.url.split('?')[0]!, user: request.user }));

  const coordinator = (request: FastifyRequest) => request.user?.role === 'coordinator';
  const requireCoordinatorPage = (request: FastifyRequest) => {
    if (!coordinator(request)) throw new UserError(403, 'actor.coordinatorOnly');
  };

  /**
   * A form's action goes through the JSON API with the same session and CSRF token, so pages and
   * API share one set of rules and refusals; the page shows the API's message on refusal.
   */
  async function viaApi(request: FastifyRequest, url: string, payload: Record<string, unknown>) {
    const res = await app.inject({
      method: 'POST',
      url: `${url}?lang=${request.locale}`,
      payload,
      headers: {
        cookie: request.headers.cookie ?? '',
        'x-csrf-token': String((request.body as { _csrf?: unknown })._csrf ?? ''),
        'user-agent': request.headers['user-agent'] ?? '',
      },
    });
    const body = res.json() as { message?: string };
    if (res.statusCode === 503) throw new UserError(503, 'error.temporalUnavailable');
    if (res.statusCode >= 500) throw new Error(`API ${url} answered ${res.statusCode}`);
    return { ok: res.statusCode < 300, status: res.statusCode, message: body.message ?? '', body };
  }

  // ---------------------------------------------------------------- task detail and actions


  const historyApi = z.object({ history: z.array(z.object({ at: z.date(), action: z.string(), targetKind: z.string(), targetId: z.string(), actorKind: z.string(), actorName: z.string().nullable(), detail: z.unknown() })), mail: z.array(z.unknown()) });

  app.get('/api/tasks/:id/history', { schema: { summary: "A task's audit events and the mail sent about it", params: uuidParams, response: { 200: historyApi } } }, async (request) => {
    const data = await taskDetail(db, request.params.id, new Date());
    if (!data) throw new UserError(404, 'task.notFound', { id: request.params.id });
    return { history: data.history, mail: data.mail };
  });

  app.get('/tasks/:id', { schema: { hide: true, params: uuidParams, querystring: lang } }, async (request, reply) => {
    const data = await taskDetail(db, request.params.id, new Date());
    if (!data) throw new UserError(404, 'task.notFound', { id: request.params.id });
    return send(request, reply, roundTitle(request.locale, data.item.title, data.row.round), await taskPage(request, data));
  });

  async function taskPage(request: FastifyRequest, data: NonNullable<Awaited<ReturnType<typeof taskDetail>>>, error?: string) {
    const l = request.locale;
    const { item, row } = data;
    const token = request.user?.csrfToken ?? '';
    const mine = request.user?.seats.some((s) => s.seatId === item.seatId);
    const isOpen = item.status === 'open';
    const seats = coordinator(request) && isOpen ? await db.select({ id: schema.seats.id, slug: schema.seats.slug, title: schema.seats.title, org: schema.organisations.shortName }).from(schema.seats).innerJoin(schema.organisations, eq(schema.organisations.id, schema.seats.organisationId)).orderBy(schema.organisations.shortName) : [];
    const cycleLink = row.cycleId ? row.cycleId.split('/') : undefined;
    const q = (request.query as { done?: string }).done;
    const work = await taskWork(db, row, l);
    const owned = (request.user?.seats ?? []).map((s) => s.seatId).filter((id) => id === row.seatId || row.coSeatIds.includes(id));
    return html`<h1>${roundTitle(l, item.title, row.round)}</h1>
${flash(l, q, error)}
${roundNote(l, data.roundReason)}
<dl class="facts">
<dt>${t(l, 'dash.status')}</dt><dd>${statusBadge(l, item)}</dd>
<dt>${t(l, 'dash.party')}</dt><dd><a href="/parties/${item.organisationSlug}?lang=${l}">${item.organisationName}</a></dd>
<dt>${t(l, 'dash.seat')}</dt><dd>${item.seatTitle}</dd>
<dt>${t(l, 'dash.due')}</dt><dd>${formatDue(item.dueAt, l)}</dd>
${cycleLink ? html`<dt>${t(l, 'dash.cycle')}</dt><dd><a href="/cycles/${cycleLink[1]}/${cycleLink[2]}?lang=${l}">${cycleLink[1]} ${cycleLink[2]}</a></dd>` : ''}
${row.completedAt ? html`<dt>${t(l, 'dash.completedAt')}</dt><dd>${formatInstant(row.completedAt, l)}</dd>` : ''}
</dl>
${row.instructions ? html`<h2>${t(l, 'dash.instructions')}</h2><p class="prose">${row.instructions}</p>` : ''}
${previousRoundSection(l, row.round, work.previous)}
${shownSection(l, work.shows)}
${measureSection(l, work.measure)}
${row.coSeatIds.length ? partsSection(l, { taskId: item.id, parts: work.parts, owners: work.owners, mine: owned, open: isOpen, csrf: token }) : ''}
${uploadSection(l, { taskId: item.id, files: work.files, canUpload: isOpen && (owned.length > 0 || coordinator(request)), csrf: token })}
${row.report ? html`<h2>${t(l, 'dash.report')}</h2><p class="prose">${row.report}</p>` : ''}
${isOpen && mine
  ? html`<form method="post" action="/tasks/${item.id}/complete?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.complete')}</legend>
${csrfField(token)}<input type="hidden" name="seat" value="${item.seatId}">
<label for="report">${t(l, 'dash.reportLabel')}</label>
<textarea id="report" name="report" rows="5" required></textarea>
${measureChoices(l, work.proposable)}
<button type="submit">${t(l, 'dash.complete')}</button></fieldset></form>`
  : ''}
${isOpen && coordinator(request)
  ? html`<h2>${t(l, 'dash.coordinatorActions')}</h2>
<form method="post" action="/tasks/${item.id}/extend?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.extend')}</legend>
${csrfField(token)}
<label for="extend-due">${t(l, 'dash.newDue')}</label>
<input id="extend-due" name="dueAt" type="date" required min="${todayInput()}">
<label for="extend-reason">${t(l, 'dash.reason')}</label>
<textarea id="extend-reason" name="reason" rows="2" required></textarea>
<button type="submit">${t(l, 'dash.extend')}</button></fieldset></form>
<form method="post" action="/tasks/${item.id}/reassign?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.reassign')}</legend>
${csrfField(token)}
<label for="reassign-seat">${t(l, 'dash.toSeat')}</label>
<select id="reassign-seat" name="seat" required><option value="">${t(l, 'dash.choose')}</option>${seats.filter((s) => s.id !== item.seatId).map((s) => html`<option value="${s.slug}">${s.org} – ${s.title}</option>`)}</select>
<label for="reassign-reason">${t(l, 'dash.reason')}</label>
<textarea id="reassign-reason" name="reason" rows="2" required></textarea>
<button type="submit">${t(l, 'dash.reassign')}</button></fieldset></form>
<form method="post" action="/tasks/${item.id}/resend?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.resend')}</legend>
${csrfField(token)}<p>${t(l, 'dash.resendHelp')}</p>
<button type="submit">${t(l, 'dash.resend')}</button></fieldset></form>`
  : ''}
${historyAndMail(l, data, coordinator(request) && app.deps.mailer.mode === 'outbox', `/api/tasks/${item.id}`)}`;
  }

  const taskAction = z.enum(['complete', 'extend', 'reassign', 'resend', 'part']);
  const taskForm = z.object({
    _csrf: csrf,
    report: z.string().trim().min(1).max(20_000).optional(),
    dueAt: z.iso.date().optional(),
    reason: reasonField.optional(),
    seat: z.string().max(200).optional(),
    text: z.string().trim().min(1).max(20_000).optional(),
    ...taskChoiceFields,
  });

  app.post('/tasks/:id/:action', { schema: { hide: true, params: uuidParams.extend({ action: taskAction }), querystring: lang, body: taskForm } }, async (request, reply) => {
    const l = request.locale;
    const { id, action } = request.params;
    const data = await taskDetail(db, id, new Date());
    if (!data) throw new UserError(404, 'task.notFound', { id });
    const b = request.body;
    const missing = (field: string) => new UserError(400, 'dash.fieldRequired', { field: t(l, `dash.field.${field}` as never) });
    if (action === 'resend') {
      requireCoordinatorPage(request);
      if (data.item.status !== 'open') throw new UserError(409, 'task.notOpen', { status: t(l, `task.status.${data.item.status}` as never) });
      await resendLink(request, { kind: 'task', id, workflowId: data.row.workflowId, title: data.item.title, dueAt: data.item.dueAt }, data.item.seatId);
      return reply.redirect(`/tasks/${id}?lang=${l}&done=resent`, 303);
    }
    let payload: Record<string, unknown>;
    if (action === 'complete') {
      if (!b.report) throw missing('report');
      const seat = request.user!.seats.find((s) => s.seatId === data.item.seatId);
      payload = { report: b.report, choices: taskChoices(b), actor: seat ? { kind: 'seat', seat: seat.seatId } : { kind: 'coordinator' } };
    } else if (action === 'part') {
      if (!b.text) throw missing('text');
      payload = { text: b.text, actor: { kind: 'seat', seat: b.seat } };
    } else if (action === 'extend') {
      if (!b.dueAt) throw missing('dueAt');
      if (!b.reason) throw missing('reason');
      payload = { dueAt: b.dueAt, reason: b.reason, actor: { kind: 'coordinator' } };
    } else {
      if (!b.seat) throw missing('seat');
      if (!b.reason) throw missing('reason');
      payload = { seat: b.seat, reason: b.reason, actor: { kind: 'coordinator' } };
    }
    const result = await viaApi(request, `/api/tasks/${id}/${action === 'part' ? 'parts' : action}`, payload);
    if (!result.ok) return send(request, reply, data.item.title, await taskPage(request, data, result.message), result.status);
    const done = { complete: 'completed', extend: 'extended', reassign: 'reassigned', part: 'partSaved' } as const;
    return reply.redirect(`/tasks/${id}?lang=${l}&done=${done[action]}`, 303);
  });

  /**
   * An upload form posts multipart/form-data: the page keeps the body as it came (reading only
   * its CSRF field) and hands it on to the JSON API unchanged, which checks and stores the file.
   */
  if (app.hasContentTypeParser('multipart/form-data')) app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT }, async (request: FastifyRequest, body: Buffer) => {
    const fields = await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type']) }, body }).formData().catch(() => undefined);
    if (!fields) throw new UserError(400, 'error.validation');
    return { _csrf: String(fields.get('_csrf') ?? ''), raw: body };
  });

  app.post(
    '/tasks/:id/attachments',
    { schema: { hide: true, params: uuidParams, querystring: lang, body: z.object({ _csrf: csrf, raw: z.custom<Buffer>((v) => Buffer.isBuffer(v)) }) } },
    async (request, reply) => {
      const l = request.locale;
      const { id } = request.params;
      const data = await taskDetail(db, id, new Date());
      if (!data) throw new UserError(404, 'task.notFound', { id });
      // An owner of the task uploads as that seat; anyone else (the coordinator) as the coordinator.
      const owners = [data.row.seatId, ...data.row.coSeatIds];
      const mine = request.user?.seats.find((x) => owners.includes(x.seatId));
      const res = await app.inject({
        method: 'POST',
        url: `/api/tasks/${id}/attachments?lang=${l}${mine ? `&seat=${mine.seatId}` : ''}`,
        payload: request.body.raw,
        headers: { 'content-type': String(request.headers['content-type']), cookie: request.headers.cookie ?? '', 'x-csrf-token': request.body._csrf, 'user-agent': request.headers['user-agent'] ?? '' },
      });
      if (res.statusCode >= 500) throw new Error(`API /api/tasks/${id}/attachments answered ${res.statusCode}`);
      if (res.statusCode >= 300) return send(request, reply, data.item.title, await taskPage(request, data, (res.json() as { message?: string }).message ?? ''), res.statusCode);
      return reply.redirect(`/tasks/${id}?lang=${l}&done=uploaded`, 303);
    },
  );

  /** Mails the seat's current holder a fresh link to the task or decision; old links stop working. */
  async function resendLink(request: FastifyRequest, target: { kind: 'task' | 'decision'; id: string; workflowId: string; title: string; dueAt: Date }, seatId: string) {
    const holder = await holderOn(db, seatId, stockholmDate(new Date()));
    if (!holder) throw new UserError(409, 'dash.vacantSeat');
    const key = `link-resend:${target.kind}:${target.id}:${seatId}:${Math.floor(Date.now() / 300_000)}`;
    await db.transaction(async (tx) => {
      // A second click within five minutes finds the mail already written and changes nothing.
      const [already] = await tx.select({ id: schema.mailOutbox.id }).from(schema.mailOutbox).where(eq(schema.mailOutbox.key, `${key}:${seatId}`));
      if (already) return;
      await tx
        .update(schema.linkTokens)
        .set({ supersededAt: new Date() })
        .where(and(eq(schema.linkTokens.targetId, target.id), eq(schema.linkTokens.seatId, seatId), isNull(schema.linkTokens.usedAt), isNull(schema.linkTokens.supersededAt)));
      await writeNotice(tx, config.publicUrl, { key, kind: 'link_renewed', seatIds: [seatId], at: new Date().toISOString(), target, title: target.title, dueAt: target.dueAt.toISOString() });
      const actor = request.user!.seats.find((s) => s.coordinator);
      await appendAudit(tx, { action: 'link.resent', actor: { kind: 'coordinator', seatId: actor?.seatId, holderId: actor?.holderId }, detail: { seatId }, dedupeKey: key, at: new Date().toISOString() }, { kind: target.kind, id: target.id });
    });
    // A second click finds the row written and asks again: the way to hand it over once the engine is back.
    await sendLater(app.deps.temporal, config.taskQueue, key);
  }

  // ---------------------------------------------------------------- decision detail and actions

  app.get('/api/decisions/:id/history', { schema: { summary: "A decision's audit events and the mail sent about it", params: uuidParams, response: { 200: historyApi } } }, async (request) => {
    const data = await decisionDetail(db, request.params.id);
    if (!data) throw new UserError(404, 'decision.notFound', { id: request.params.id });
    return { history: data.history, mail: data.mail };
  });

  app.get('/decisions/:id', { schema: { hide: true, params: uuidParams, querystring: lang } }, async (request, reply) => {
    const data = await decisionDetail(db, request.params.id);
    if (!data) throw new UserError(404, 'decision.notFound', { id: request.params.id });
    return send(request, reply, roundTitle(request.locale, data.item.title || data.item.question, data.item.round), await decisionPage(request, data));
  });

  async function decisionPage(request: FastifyRequest, data: NonNullable<Awaited<ReturnType<typeof decisionDetail>>>, error?: string) {
    const l = request.locale;
    const d = data.item;
    const work = (await decisionWork(db, d.id, l))!;
    const token = request.user?.csrfToken ?? '';
    const isOpen = d.status === 'open';
    const reveal = coordinator(request) || d.showTally || !isOpen;
    const mySeats = (request.user?.seats ?? []).filter((s) => d.voterSeatIds.includes(s.seatId));
    const q = (request.query as { done?: string }).done;
    return html`<h1>${roundTitle(l, d.title || d.question, d.round)}</h1>
${flash(l, q, error)}
${roundNote(l, data.roundReason)}
<p class="prose">${d.question}</p>
${previousRoundSection(l, d.round, work.previous)}
${shownSection(l, work.shows)}
${isOpen && mySeats.length ? '' : candidateList(l, work.candidates)}
${selectedSection(l, work.selected)}
<dl class="facts">
<dt>${t(l, 'dash.body')}</dt><dd>${d.bodyName}</dd>
<dt>${t(l, 'dash.due')}</dt><dd>${formatDue(d.dueAt, l)}</dd>
<dt>${t(l, 'dash.status')}</dt><dd>${d.status === 'closed' && d.outcome ? tr(l, `outcome.${d.outcome}`) : tr(l, `decision.status.${d.status}`)}</dd>
<dt>${t(l, 'dash.tallyHeading')}</dt><dd>${reveal ? tallyText(l, d) : t(l, 'dash.tallyHidden', { voted: d.voted.length, voters: d.voterSeatIds.length })}</dd>
</dl>
<table><caption>${t(l, 'dash.voters')}</caption>
<thead><tr><th scope="col">${t(l, 'dash.party')}</th><th scope="col">${t(l, 'dash.seat')}</th><th scope="col">${t(l, 'dash.vote')}</th></tr></thead>
<tbody>${data.voters.map((v) => {
      const vote = data.votes.find((x) => x.seatId === v.seatId);
      return html`<tr><td>${v.organisationName}</td><td>${v.seatTitle}</td><td>${vote ? (reveal ? html`${tr(l, `choice.${vote.choice}`)}${vote.comment ? html`: <span class="muted">${vote.comment}</span>` : ''}${voteOnList(l, work.candidates, vote)}` : t(l, 'dash.voted')) : html`<span class="muted">${t(l, 'dash.notVoted')}</span>`}</td></tr>`;
    })}</tbody></table>
${isOpen
  ? mySeats.map(
      (s) => html`<form method="post" action="/decisions/${d.id}/vote?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.castVote', { seat: data.voters.find((v) => v.seatId === s.seatId)?.seatTitle ?? s.slug })}</legend>
${csrfField(token)}<input type="hidden" name="seat" value="${s.seatId}">
<p><input type="radio" id="c-a-${s.seatId}" name="choice" value="approve" required> <label for="c-a-${s.seatId}">${t(l, 'choice.approve')}</label></p>
<p><input type="radio" id="c-r-${s.seatId}" name="choice" value="reject"> <label for="c-r-${s.seatId}">${t(l, 'choice.reject')}</label></p>
<p><input type="radio" id="c-c-${s.seatId}" name="choice" value="changes"> <label for="c-c-${s.seatId}">${t(l, 'choice.changes')}</label></p>
<label for="comment-${s.seatId}">${t(l, 'dash.comment')}</label>
<textarea id="comment-${s.seatId}" name="comment" rows="2"></textarea>
${candidateFields(l, work.candidates, `v-${s.seatId}`, data.votes.find((v) => v.seatId === s.seatId))}
<button type="submit">${t(l, 'dash.sendVote')}</button></fieldset></form>`,
    )
  : ''}
${isOpen && coordinator(request)
  ? html`<form method="post" action="/decisions/${d.id}/resend?lang=${l}" class="action"><fieldset><legend>${t(l, 'dash.resend')}</legend>
${csrfField(token)}
<label for="resend-seat">${t(l, 'dash.toSeat')}</label>
<select id="resend-seat" name="seat" required><option value="">${t(l, 'dash.choose')}</option>${data.voters.map((v) => html`<option value="${v.seatId}">${v.organisationName} – ${v.seatTitle}</option>`)}</select>
<button type="submit">${t(l, 'dash.resend')}</button></fieldset></form>`
  : ''}
${historyAndMail(l, data, coordinator(request) && app.deps.mailer.mode === 'outbox', `/api/decisions/${d.id}`)}`;
  }

  const decisionForm = z.object({ _csrf: csrf, seat: z.uuid(), choice: z.enum(['approve', 'reject', 'changes']).optional(), comment: z.string().trim().max(5000).optional(), ...listVoteFields }).catchall(noteField);

  app.post('/decisions/:id/:action', { schema: { hide: true, params: uuidParams.extend({ action: z.enum(['vote', 'resend']) }), querystring: lang, body: decisionForm } }, async (request, reply) => {
    const l = request.locale;
    const { id, action } = request.params;
    const data = await decisionDetail(db, id);
    if (!data) throw new UserError(404, 'decision.notFound', { id });
    if (action === 'resend') {
      requireCoordinatorPage(request);
      if (!data.item.voterSeatIds.includes(request.body.seat)) throw new UserError(403, 'decision.notAVoter');
      const [row] = await db.select({ workflowId: schema.decisions.workflowId }).from(schema.decisions).where(eq(schema.decisions.id, id));
      await resendLink(request, { kind: 'decision', id, workflowId: row!.workflowId, title: data.item.title || data.item.question, dueAt: data.item.dueAt }, request.body.seat);
      return reply.redirect(`/decisions/${id}?lang=${l}&done=resent`, 303);
    }
    if (!request.body.choice) throw new UserError(400, 'dash.fieldRequired', { field: t(l, 'dash.field.choice') });
    const [row] = await db.select({ candidates: schema.decisions.candidateMeasureIds }).from(schema.decisions).where(eq(schema.decisions.id, id));
    const list = listVote(request.body, request.body.choice, row?.candidates ?? []);
    const result = await viaApi(request, `/api/decisions/${id}/votes`, { choice: request.body.choice, comment: request.body.comment || undefined, ...list, actor: { kind: 'seat', seat: request.body.seat } });
    if (!result.ok) return send(request, reply, data.item.title || data.item.question, await decisionPage(request, data, result.message), result.status);
    return reply.redirect(`/decisions/${id}?lang=${l}&done=voted`, 303);
  });
};

export default dashboard;
