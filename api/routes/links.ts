import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../../i18n';
import { csrfTokenOf, csrfValid, startSession } from '../plugins/session';
import { ctxOf, type Ctx } from '../services/context';
import { auditLink, inspectLink, linkLocale, linkView, meetingLinkView, otherPerson, type Visit } from '../services/links';
import { actOnLink, linkForm, renewLink, type LinkOutcome } from '../services/link-actions';
import { actionPage, donePage, refusalPage, refusedLinkPage } from '../views/link-pages';
import { meetingLinkPage } from '../views/meetings';
import { receiptPage } from '../views/receipt-page';
import { receiptView } from '../services/report-receipt';
import { isSignLink, signLinkView } from '../services/signature-links';
import { signLinkPage } from '../views/signatures';

const tokenParams = z.object({ token: z.string().max(100) });
const langQuery = z.object({ lang: z.enum(['sv', 'en']).optional(), done: z.enum(['located', 'part']).optional() });
/** Anyone with the link: the token is the key, and the link's seat acts. */
const linkRoute = { hide: true, params: tokenParams, querystring: langQuery } as const;
const isPublic = { access: 'public' } as const;

type LinkRequest = FastifyRequest<{ Params: { token: string }; Querystring: z.infer<typeof langQuery> }>;

/** Every link route starts alike: find the link, pick the reader's language, forbid caching. */
async function open(request: LinkRequest, reply: FastifyReply) {
  const base = ctxOf(request);
  const path = `/l/${request.params.token}`;
  const state = await inspectLink(base, request.params.token);
  const link = state.kind === 'invalid' ? undefined : state.link;
  const l: Locale = linkLocale(request.query.lang, state, request.locale);
  const ctx: Ctx = { ...base, locale: l };
  const other = otherPerson(state, request.user);
  const visit: Visit = { ip: request.ip, userAgent: request.headers['user-agent'], other };
  reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
  return { ctx, visit, path, state, link, l, other, csrf: link ? csrfTokenOf(request, reply) : '' };
}

/**
 * Links in mail. GET shows what will happen and changes nothing (scanners open every link);
 * only POST acts, through the same services as the pages, and a link is spent only when the action succeeds.
 */
const links: FastifyPluginAsyncZod = async (app) => {
  app.get('/l/:token', { config: isPublic, schema: linkRoute }, async (request, reply) => {
    const { ctx, visit, path, state, link, l, other, csrf } = await open(request, reply);
    await auditLink(ctx, visit, state.kind === 'invalid' ? 'link.invalid' : 'link.viewed', link, { state: state.kind });
    if (state.kind !== 'open') {
      const page = refusedLinkPage(l, path, state, csrf);
      return reply.status(page.status).send(page.body);
    }
    if (state.meeting) {
      const saved = request.query.done === 'located';
      return reply.send(meetingLinkPage(l, path, await meetingLinkView(ctx, state), csrf, { saved }, other));
    }
    if (state.link.action === 'receipt') return reply.send(receiptPage(l, path, await receiptView(ctx, state), csrf, undefined, other));
    if (isSignLink(state)) return reply.send(signLinkPage(l, path, await signLinkView(ctx, state), csrf, undefined, other));
    return reply.send(actionPage(l, path, await linkView(ctx, state, request.query.done === 'part'), csrf, undefined, other));
  });

  app.post('/l/:token', { config: isPublic, schema: { ...linkRoute, body: linkForm } }, async (request, reply) => {
    const { ctx, visit, path, state, link, l, other, csrf } = await open(request, reply);
    if (link && !csrfValid(request, reply)) {
      await auditLink(ctx, visit, 'link.refused', link, { reason: 'csrf' });
      return reply.status(403).send(refusalPage(l, path, 'link.csrf', {}));
    }
    if (state.kind !== 'open') {
      await auditLink(ctx, visit, state.kind === 'invalid' ? 'link.invalid' : 'link.refused', link, { state: state.kind });
      const page = refusedLinkPage(l, path, state, csrf);
      return reply.status(page.status).send(page.body);
    }
    const outcome = await actOnLink(ctx, visit, request.params.token, state, request.body);
    switch (outcome.kind) {
      case 'form':
        if (state.link.action === 'receipt')
          return reply.status(outcome.status).send(receiptPage(l, path, await receiptView(ctx, state), csrf, outcome.error, other));
        if (isSignLink(state))
          return reply.status(outcome.status).send(signLinkPage(l, path, await signLinkView(ctx, state), csrf, outcome.error, other));
        return reply.status(outcome.status).send(actionPage(l, path, await linkView(ctx, state), csrf, outcome.error, other));
      case 'room':
        return reply
          .status(outcome.status)
          .send(meetingLinkPage(l, path, outcome.view, csrf, { value: request.body.location, error: outcome.error }, other));
      case 'saved':
        return reply.redirect(`${path}?lang=${l}&done=${outcome.done}`, 303);
      case 'signedIn':
        await startSession(reply, outcome.email, ctx.config.publicUrl.startsWith('https:'));
        return reply.redirect('/', 303);
      default:
        return answer(reply, l, path, csrf, outcome);
    }
  });

  app.post('/l/:token/renew', { config: isPublic, schema: { ...linkRoute, body: linkForm } }, async (request, reply) => {
    const { ctx, visit, path, state, link, l, csrf } = await open(request, reply);
    if (!link || !csrfValid(request, reply)) {
      await auditLink(ctx, visit, 'link.refused', link, { reason: link ? 'csrf' : 'invalid' });
      return reply.status(link ? 403 : 404).send(refusalPage(l, path, link ? 'link.csrf' : 'link.invalid', {}));
    }
    const outcome = await renewLink(ctx, visit, state, link);
    return outcome ? answer(reply, l, path, csrf, outcome) : reply.redirect(path, 303);
  });
};

/** The pages an outcome shows by itself: a refusal, a notice, or what was done. */
function answer(reply: FastifyReply, l: Locale, path: string, csrf: string, outcome: LinkOutcome) {
  switch (outcome.kind) {
    case 'refused': {
      const page = refusedLinkPage(l, path, outcome.state, csrf);
      return reply.status(page.status).send(page.body);
    }
    case 'notice':
      return reply.status(outcome.status).send(refusalPage(l, path, outcome.key, outcome.args));
    case 'done':
      return reply.send(donePage(l, path, outcome.title, outcome.message));
    default:
      throw new Error(`a link answered ${outcome.kind} where a page was due`);
  }
}

export default links;
