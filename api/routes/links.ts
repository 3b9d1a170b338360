import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as schema from '../../db/schema';
import { hashToken } from '../../db/queries/links';
import { holderOn } from '../../db/queries/directory';
import { roundReasonOf } from '../../db/queries/rounds';
import { stockholmDate } from '../../core/time';
import { appendAudit } from '../../activities/audit';
import { writeNotice } from '../../activities/notices';
import { sendLater } from '../mail';
import { completeTask, TaskFailure } from '../../workflows/task';
import { castVote, DecisionFailure } from '../../workflows/decision';
import { applicationFailure } from '../temporal-errors';
import { tally } from '../../core/decision-rules';
import { t, type Locale, type MessageKey } from '../../i18n';
import type { Actor } from '../../core/actor';
import { actionPage, closedAtText, donePage, refusalPage, type DecisionView, type PartView, type SigninView, type TaskView } from '../views/link-pages';
import { meetingLinkPage } from '../views/meetings';
import { taskService } from '../tasks';
import { checkLocation, meetingService, type Meeting, type Series } from '../meetings';
import { UserError } from '../plugins/errors';
import { startSession } from '../plugins/session';
import { decisionWork, taskWork } from '../../db/queries/outputs';
import { listVote, listVoteFields, noteField, taskChoiceFields, taskChoices } from '../list-vote';

/** A link with what every page needs of it: its holder's language and its seat's title. */
type Link = schema.LinkToken & { locale: Locale | null; seatTitle: string | null };
type ShownMeeting = { series: Series; meeting: Meeting };
type State =
  | { kind: 'invalid' }
  | { kind: 'used'; link: Link }
  | { kind: 'expired'; link: Link }
  | { kind: 'superseded'; link: Link }
  | { kind: 'closed'; link: Link; task?: schema.Task; decision?: schema.Decision }
  | { kind: 'open'; link: Link; task?: schema.Task; decision?: schema.Decision; meeting?: ShownMeeting; holder: schema.Holder };

/** Mail scanners and link previews open every link; they are told apart in the audit log. */
const SCANNER = /bot|crawl|spider|preview|scan|safelinks|proofpoint|mimecast|barracuda|slurp|curl|wget|python|headless/i;
const userAgentClass = (ua: string | undefined) => (!ua ? 'none' : SCANNER.test(ua) ? 'scanner' : /mozilla/i.test(ua) ? 'browser' : 'other');
/** Addresses are kept only to the network: the last IPv4 octet or all but three IPv6 groups go. */
const truncateIp = (ip: string) =>
  ip.includes(':') && !ip.startsWith('::ffff:') ? `${ip.split(':').slice(0, 3).join(':')}::` : ip.replace(/^::ffff:/, '').replace(/\.\d+$/, '.0');

const tokenParams = z.object({ token: z.string().max(100) });
const form = z
  .object({
    csrf: z.string().max(200).optional(),
    report: z.string().max(20_000).optional(),
    text: z.string().max(20_000).optional(),
    location: z.string().max(2_000).optional(),
    choice: z.string().max(20).optional(),
    comment: z.string().max(5_000).optional(),
    ...taskChoiceFields,
    ...listVoteFields,
  })
  .catchall(noteField);
type OpenState = Extract<State, { kind: 'open' }>;
type LinkPost = FastifyRequest<{ Body: z.infer<typeof form> }>;
/** Whoever holds the link's seat today acts, through the link. */
const actorOf = (state: OpenState): Actor => ({ kind: 'seat', seatId: state.link.seatId!, holderId: state.holder.id, viaLink: true });
const langQuery = z.object({ lang: z.enum(['sv', 'en']).optional(), done: z.enum(['located', 'part']).optional() });

/**
 * Links in mail. GET shows what will happen and changes nothing (scanners open every link);
 * only POST acts, through a Temporal update, and a link is spent only when the action succeeds.
 */
const links: FastifyPluginAsyncZod = async (app) => {
  const { db, temporal, config } = app.deps;
  const secret = config.secret ?? '';
  const meetings = meetingService(db, temporal);
  const tasks = taskService(db, temporal);
  /** The meeting a link names; none when it is gone from the records. */
  const shownMeeting = (id: string) =>
    meetings.meetingById(id).catch((err: unknown) => {
      if (err instanceof UserError && err.statusCode === 404) return undefined;
      throw err;
    });

  const csrfFor = (link: Link) => createHmac('sha256', secret).update(`link:${link.tokenHash}`).digest('base64url');
  const csrfOk = (link: Link, given: string | undefined) => {
    const expected = Buffer.from(csrfFor(link));
    const actual = Buffer.from(given ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  };

  async function findLink(token: string): Promise<Link | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const [row] = await db
      .select({ link: schema.linkTokens, locale: schema.holders.locale, seatTitle: schema.seats.title })
      .from(schema.linkTokens)
      .leftJoin(schema.holders, eq(schema.holders.id, schema.linkTokens.holderId))
      .leftJoin(schema.seats, eq(schema.seats.id, schema.linkTokens.seatId))
      .where(eq(schema.linkTokens.tokenHash, hashToken(token)));
    return row && { ...row.link, locale: row.locale, seatTitle: row.seatTitle };
  }

  async function inspect(token: string): Promise<State> {
    const link = await findLink(token);
    if (!link || !link.seatId) return { kind: 'invalid' };
    if (link.usedAt) return { kind: 'used', link };
    if (link.expiresAt.getTime() < Date.now()) return { kind: 'expired', link };
    const [holder, task, decision] = await Promise.all([
      holderOn(db, link.seatId, stockholmDate(new Date())),
      link.targetKind === 'task' ? db.select().from(schema.tasks).where(eq(schema.tasks.id, link.targetId)).then((r) => r[0]) : undefined,
      link.targetKind === 'decision' ? db.select().from(schema.decisions).where(eq(schema.decisions.id, link.targetId)).then((r) => r[0]) : undefined,
    ]);
    if (link.supersededAt || !holder || holder.id !== link.holderId) return { kind: 'superseded', link };
    if (link.targetKind === 'person') return { kind: 'open', link, holder };
    // A meeting link is never spent or closed: held and cancelled meetings still show.
    if (link.targetKind === 'meeting') {
      const meeting = await shownMeeting(link.targetId);
      return meeting ? { kind: 'open', link, meeting, holder } : { kind: 'invalid' };
    }
    if (task) return task.status === 'open' ? { kind: 'open', link, task, holder } : { kind: 'closed', link, task };
    if (decision) return decision.status === 'open' ? { kind: 'open', link, decision, holder } : { kind: 'closed', link, decision };
    return { kind: 'invalid' };
  }

  const localeFor = (request: FastifyRequest, link?: Link): Locale =>
    (request.query as { lang?: Locale }).lang ?? link?.locale ?? request.locale;

  const audit = (request: FastifyRequest, action: string, link: Link | undefined, detail: Record<string, unknown> = {}) =>
    appendAudit(
      db,
      {
        action,
        actor: { kind: 'seat', seatId: link?.seatId ?? undefined, holderId: link?.holderId ?? undefined, viaLink: true },
        at: new Date().toISOString(),
        detail,
        ip: truncateIp(request.ip),
        userAgentClass: userAgentClass(request.headers['user-agent']),
      },
      { kind: link?.targetKind ?? 'link', id: link?.targetId ?? 'unknown' },
    );

  async function view(state: OpenState, l: Locale, saved = false): Promise<TaskView | PartView | DecisionView | SigninView> {
    if (state.link.action === 'signin') return { kind: 'signin', name: state.holder.name };
    const seatTitle = state.link.seatTitle ?? '';
    if (state.task) {
      const task = state.task;
      const [reason, work] = await Promise.all([roundReasonOf(db, task), taskWork(db, task, l)]);
      const about = { title: task.title, instructions: task.instructions, dueAt: task.dueAt, seatTitle, round: task.round, reason, shows: work.shows, previous: work.previous, measure: work.measure };
      if (state.link.action !== 'part') return { kind: 'task', ...about, proposable: work.proposable };
      const seatId = state.link.seatId!;
      const mine = work.owners.find((o) => o.seatId === seatId);
      return {
        kind: 'part',
        ...about,
        lead: work.owners.find((o) => o.seatId === task.seatId)?.organisationName ?? '',
        mine: { seatId, organisationName: mine?.organisationName ?? seatTitle, text: work.parts.find((p) => p.seatId === seatId)?.text ?? '' },
        others: { owners: work.owners.filter((o) => o.seatId !== seatId), parts: work.parts },
        saved,
      };
    }
    const d = state.decision!;
    const [votes, reason, work] = await Promise.all([db.select().from(schema.votes).where(eq(schema.votes.decisionId, d.id)), roundReasonOf(db, d), decisionWork(db, d.id, l)]);
    const counted = tally(d.voterSeatIds.length, votes.map((v) => v.choice));
    const mine = votes.find((v) => v.seatId === state.link.seatId);
    return {
      kind: 'decision',
      title: d.title,
      question: d.question,
      dueAt: d.dueAt,
      seatTitle,
      round: d.round,
      reason,
      tally: d.showTally ? counted : undefined,
      myVote: mine ? { choice: mine.choice, comment: mine.comment, approvedMeasureIds: mine.approvedMeasureIds, itemComments: mine.itemComments } : undefined,
      shows: work?.shows ?? [],
      previous: work?.previous ?? null,
      candidates: work?.candidates ?? null,
    };
  }

  /**
   * A co-owner writes their part of a shared task through their link. The link stays usable, as a
   * meeting link does: a part may be replaced while the task is open, and the lead owner submits.
   */
  async function savePart(request: LinkPost, reply: FastifyReply, state: OpenState, path: string, l: Locale) {
    const again = async (status: number, message: string) =>
      reply.status(status).send(actionPage(l, path, await view(state, l), csrfFor(state.link), message));
    const text = request.body.text?.trim() ?? '';
    if (!text) return again(400, t(l, 'task.emptyPart'));
    const actor = actorOf(state);
    try {
      await tasks.part(l, state.task!.id, text, actor);
    } catch (err) {
      if (!(err instanceof UserError) || err.statusCode >= 500) throw err;
      await audit(request, 'link.refused', state.link, { reason: err.key });
      if (err.key === 'task.notOpen') {
        // Closed between the page and the click: the refusal names how, even before the records show it.
        const status = String(err.extra.status ?? 'done') as schema.Task['status'];
        const page = refusal(l, path, { kind: 'closed', link: state.link, task: { ...state.task!, status } });
        return reply.status(page.status).send(page.body);
      }
      return again(err.statusCode, t(l, err.key, err.params));
    }
    await audit(request, 'link.used', state.link, { action: 'task.part' });
    return reply.redirect(`${path}?lang=${l}&done=part`, 303);
  }

  /** A meeting link's page: the meeting, and whether the link's seat hosts it. */
  async function meetingView(state: OpenState) {
    const { series, meeting } = state.meeting!;
    const hosts = (await meetings.hostSeats(series, meeting, [state.link.seatId!])).length > 0;
    return { series, meeting, seatTitle: state.link.seatTitle ?? '', until: state.link.expiresAt, hosts };
  }

  /** Every link route starts alike: find the link, pick the reader's language, forbid caching. */
  async function open(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) {
    const path = `/l/${request.params.token}`;
    const state = await inspect(request.params.token);
    const link = state.kind === 'invalid' ? undefined : state.link;
    const l = localeFor(request, link);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return { path, state, link, l };
  }

  /** The page for every state but an open one. */
  function refusal(l: Locale, path: string, state: Exclude<State, { kind: 'open' }>): { status: number; body: string } {
    switch (state.kind) {
      case 'invalid':
        return { status: 404, body: refusalPage(l, path, 'link.invalid', {}) };
      case 'used': {
        const result = (state.link.result ?? {}) as { message?: Record<Locale, string> };
        return { status: 200, body: refusalPage(l, path, 'link.used', { at: closedAtText(l, state.link.usedAt), result: result.message?.[l] ?? '' }) };
      }
      case 'expired':
        if (state.link.targetKind === 'meeting') return { status: 410, body: refusalPage(l, path, 'link.meetingExpired', { at: closedAtText(l, state.link.expiresAt) }) };
        return { status: 410, body: refusalPage(l, path, 'link.expired', { at: closedAtText(l, state.link.expiresAt) }, { csrf: csrfFor(state.link) }) };
      case 'superseded':
        if (state.link.targetKind === 'meeting') return { status: 410, body: refusalPage(l, path, 'link.meetingSuperseded', {}) };
        return { status: 410, body: refusalPage(l, path, 'link.superseded', {}, { csrf: csrfFor(state.link) }) };
      case 'closed':
        if (state.task) {
          return { status: 409, body: refusalPage(l, path, 'link.taskClosed', { status: t(l, `task.status.${state.task.status}` as MessageKey) }) };
        }
        return {
          status: 409,
          body: refusalPage(l, path, 'link.decisionClosed', {
            at: closedAtText(l, state.decision!.closedAt),
            how: t(l, `decision.closedBy.${state.decision!.closedBy ?? 'deadline'}` as MessageKey),
            outcome: state.decision!.outcome ? t(l, `outcome.${state.decision!.outcome}` as MessageKey) : t(l, 'decision.noOutcome'),
          }),
        };
    }
  }

  /**
   * The host enters the room through their meeting link, as on the meeting page. The link stays
   * usable: it is the member's way to the meeting until it expires, and a room may need correcting.
   */
  async function enterRoom(request: LinkPost, reply: FastifyReply, state: OpenState, path: string, l: Locale) {
    const view = await meetingView(state);
    const again = (status: number, error: string) =>
      reply.status(status).send(meetingLinkPage(l, path, view, csrfFor(state.link), { value: request.body.location, error }));
    if (!view.hosts) {
      await audit(request, 'link.refused', state.link, { reason: 'notHost' });
      return again(403, t(l, 'meetings.refused.hostOrCoordinator'));
    }
    const checked = checkLocation(l, request.body.location);
    if (!checked.ok) return again(400, checked.message);
    const actor = actorOf(state);
    try {
      await meetings.location(l, view.series.body.slug, view.meeting.id, { location: checked.location }, actor);
    } catch (err) {
      if (!(err instanceof UserError) || err.statusCode >= 500) throw err;
      await audit(request, 'link.refused', state.link, { reason: err.key });
      return again(err.statusCode, t(l, err.key, err.params));
    }
    await audit(request, 'link.used', state.link, { action: 'meeting.location' });
    return reply.redirect(`${path}?lang=${l}&done=located`, 303);
  }

  app.get(
    '/l/:token',
    { schema: { hide: true, params: tokenParams, querystring: langQuery } },
    async (request, reply) => {
      const { path, state, link, l } = await open(request, reply);
      await audit(request, state.kind === 'invalid' ? 'link.invalid' : 'link.viewed', link, { state: state.kind });
      if (state.kind !== 'open') {
        const page = refusal(l, path, state);
        return reply.status(page.status).send(page.body);
      }
      if (state.meeting) return reply.send(meetingLinkPage(l, path, await meetingView(state), csrfFor(state.link), { saved: request.query.done === 'located' }));
      return reply.send(actionPage(l, path, await view(state, l, request.query.done === 'part'), csrfFor(state.link)));
    },
  );

  app.post(
    '/l/:token',
    { schema: { hide: true, params: tokenParams, querystring: langQuery, body: form } },
    async (request, reply) => {
      const { path, state, link, l } = await open(request, reply);
      if (link && !csrfOk(link, request.body.csrf)) {
        await audit(request, 'link.refused', link, { reason: 'csrf' });
        return reply.status(403).send(refusalPage(l, path, 'link.csrf', {}));
      }
      if (state.kind !== 'open') {
        await audit(request, state.kind === 'invalid' ? 'link.invalid' : 'link.refused', link, { state: state.kind });
        const page = refusal(l, path, state);
        return reply.status(page.status).send(page.body);
      }

      if (state.meeting) return enterRoom(request, reply, state, path, l);
      if (state.task && state.link.action === 'part') return savePart(request, reply, state, path, l);
      if (state.link.action === 'signin') {
        const spent = await db
          .update(schema.linkTokens)
          .set({ usedAt: new Date(), result: { message: { sv: t('sv', 'signin.done'), en: t('en', 'signin.done') } } })
          .where(and(eq(schema.linkTokens.id, state.link.id), isNull(schema.linkTokens.usedAt)))
          .returning({ id: schema.linkTokens.id });
        if (spent.length === 0) return reply.status(200).send(refusalPage(l, path, 'link.used', { at: '', result: t(l, 'signin.done') }));
        startSession(reply, state.holder.email, config.publicUrl.startsWith('https:'));
        await audit(request, 'signin', state.link);
        return reply.redirect('/', 303);
      }
      const actor = actorOf(state);
      const again = async (status: number, key: MessageKey) =>
        reply.status(status).send(actionPage(l, path, await view(state, l), csrfFor(state.link), t(l, key)));
      let message: Record<Locale, string>;
      try {
        if (state.task) {
          const report = request.body.report?.trim() ?? '';
          if (!report) return again(400, 'task.emptyReport');
          const input = { report, actor, choices: taskChoices(request.body) };
          await temporal.workflow.getHandle(state.task.workflowId).executeUpdate(completeTask, { args: [input] });
          message = { sv: t('sv', 'link.done.task'), en: t('en', 'link.done.task') };
        } else {
          const choice = z.enum(['approve', 'reject', 'changes']).safeParse(request.body.choice);
          if (!choice.success) return again(400, 'link.vote.missing');
          const comment = request.body.comment?.trim() || undefined;
          if (choice.data === 'changes' && !comment) return again(400, 'decision.commentRequired');
          const vote = { seatId: state.link.seatId!, choice: choice.data, comment, actor, ...listVote(request.body, choice.data, state.decision!.candidateMeasureIds ?? []) };
          const result = await temporal.workflow.getHandle(state.decision!.workflowId).executeUpdate(castVote, { args: [vote] });
          const says = (lang: Locale) =>
            result.status === 'closed' && result.outcome
              ? t(lang, 'link.done.voteClosed', { outcome: t(lang, `outcome.${result.outcome}` as MessageKey) })
              : t(lang, 'link.done.vote', { choice: t(lang, `choice.${choice.data}` as MessageKey) });
          message = { sv: says('sv'), en: says('en') };
        }
      } catch (err) {
        const failure = applicationFailure(err);
        await audit(request, 'link.refused', state.link, { failure: failure?.type ?? 'error' });
        if (failure?.type === TaskFailure.notOpen || failure?.type === DecisionFailure.closed) {
          // Closed between the page and the click: say so from the records once they show it.
          const now = await inspect(request.params.token);
          const page = refusal(l, path, now.kind === 'open' ? { kind: 'closed', link: now.link, task: now.task, decision: now.decision } : now);
          return reply.status(page.status).send(page.body);
        }
        if (failure?.type === DecisionFailure.commentRequired) return again(400, 'decision.commentRequired');
        if (failure?.type === TaskFailure.emptyReport) return again(400, 'task.emptyReport');
        // The task moved to another seat, or the link names a co-owner: the page says who acts.
        if (failure?.type === TaskFailure.leadSubmits) return again(403, 'task.leadSubmits');
        if (failure?.type === TaskFailure.notYourSeat) return again(403, 'task.notYourSeat');
        throw err;
      }
      await db
        .update(schema.linkTokens)
        .set({ usedAt: new Date(), result: { message } })
        .where(and(eq(schema.linkTokens.id, state.link.id), isNull(schema.linkTokens.usedAt)));
      await audit(request, 'link.used', state.link, { action: state.link.action });
      const title = t(l, state.task ? 'link.report.submit' : 'link.vote.submit');
      return reply.send(donePage(l, path, title, message[l]));
    },
  );

  app.post(
    '/l/:token/renew',
    { schema: { hide: true, params: tokenParams, querystring: langQuery, body: form } },
    async (request, reply) => {
      const { path, state, link, l } = await open(request, reply);
      if (!link || !csrfOk(link, request.body.csrf)) {
        await audit(request, 'link.refused', link, { reason: link ? 'csrf' : 'invalid' });
        return reply.status(link ? 403 : 404).send(refusalPage(l, path, link ? 'link.csrf' : 'link.invalid', {}));
      }
      if (state.kind !== 'expired' && state.kind !== 'superseded') return reply.redirect(path, 303);
      const holder = await holderOn(db, link.seatId!, stockholmDate(new Date()));
      if (!holder) return reply.status(409).send(refusalPage(l, path, 'link.superseded', {}));
      const target =
        link.targetKind === 'task'
          ? (await db.select({ title: schema.tasks.title, dueAt: schema.tasks.dueAt, workflowId: schema.tasks.workflowId }).from(schema.tasks).where(eq(schema.tasks.id, link.targetId)))[0]
          : (await db.select({ title: schema.decisions.title, dueAt: schema.decisions.dueAt, workflowId: schema.decisions.workflowId }).from(schema.decisions).where(eq(schema.decisions.id, link.targetId)))[0];
      if (!target) return reply.status(404).send(refusalPage(l, path, 'link.invalid', {}));
      // One fresh link per old link and five minutes: a double click sends one mail.
      const key = `link-renew:${link.id}:${Math.floor(Date.now() / 300_000)}`;
      await writeNotice(db, config.publicUrl, {
        key,
        kind: 'link_renewed',
        seatIds: [link.seatId!],
        at: new Date().toISOString(),
        target: { kind: link.targetKind as 'task' | 'decision', id: link.targetId, workflowId: target.workflowId },
        title: target.title,
        dueAt: target.dueAt.toISOString(),
      });
      await db.update(schema.linkTokens).set({ supersededAt: new Date() }).where(eq(schema.linkTokens.id, link.id));
      await audit(request, 'link.renewed', link, { to: holder.id });
      try {
        await sendLater(temporal, config.taskQueue, key);
      } catch {
        return reply.status(503).send(refusalPage(l, path, 'link.renewFailed', {}));
      }
      return reply.send(donePage(l, path, t(l, 'link.renewed.title'), t(l, 'link.renewed', { name: holder.name })));
    },
  );
};

export default links;
