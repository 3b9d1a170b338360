import { cycleStepLinks } from '../services/cycle-step-links';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { t } from '../../i18n';
import { resolveActor } from '../actor';
import { reason } from '../schemas';
import { cycleParams, definitionKey, skipBody, year } from '../cycle-schemas';
import { pageQuery } from '../page-schemas';
import { ctxOf } from '../services/context';
import { cancelCycle, skipStep, startCycle } from '../services/cycles';
import { readsReport } from '../services/report-drafts';
import { lateChoice, previewForWizard, startChoices } from '../services/cycle-start';
import { parseOrRefuse } from '../services/refusal';
import { cycleList, overviewOf } from '../services/dashboard';
import { cycleListPage } from '../views/cycles';
import { overviewJson, overviewPage } from '../views/cycle-overview';
import { previewPage, startPage, startRefusedPage } from '../views/cycle-start';
import { sendPage } from '../views/send';

const csrf = z.string().max(200);
const skippedStep = skipBody.pick({ step: true });
const cycleForm = z.object({ _csrf: csrf, reason, confirm: z.literal('yes'), step: skippedStep.shape.step.optional() });
const startForm = z.object({
  _csrf: csrf,
  definition: definitionKey,
  year,
  startMode: z.enum(['fromPhase', 'redate']).optional(),
  phase: z.string().max(100).optional(),
  reason: z.string().max(2000).optional(),
  days: z.string().max(10).optional(),
});

/** The cycle pages: the list, a year's overview with its wheel, and the start wizard. */
const cyclePages: FastifyPluginAsyncZod = async (app) => {
  app.get('/cycles', { config: { access: 'signedIn' }, schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const l = request.locale;
    const body = cycleListPage(l, await cycleList(ctxOf(request)), request.user?.role === 'coordinator');
    return sendPage(request, reply, { title: t(l, 'dash.cycles'), body });
  });

  app.get(
    '/api/dashboard/cycles/:definition/:year',
    {
      config: { access: 'signedIn' },
      schema: {
        summary: "A cycle's overview as the dashboard shows it: phases, work per party, decisions, meetings, recent activity",
        params: cycleParams,
        response: { 200: z.unknown() },
      },
    },
    async (request) => {
      const fresh = Boolean((request.query as { done?: string }).done);
      const data = await overviewOf(ctxOf(request), request.params, fresh);
      return overviewJson(request.locale, data, request.user?.role === 'coordinator');
    },
  );

  app.get(
    '/cycles/:definition/:year',
    { config: { access: 'signedIn' }, schema: { hide: true, params: cycleParams, querystring: pageQuery } },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const [data, stepLinks] = await Promise.all([
        overviewOf(ctx, request.params, Boolean(request.query.done)),
        cycleStepLinks(ctx, request.user, request.params),
      ]);
      const reviewer = readsReport(request.user);
      const ui = app.deps.temporalUiUrl;
      const namespace = encodeURIComponent(ctx.config.temporalNamespace);
      const body = overviewPage(request.locale, {
        data,
        ref: request.params,
        done: request.query.done,
        coordinator: request.user?.role === 'coordinator',
        reviewer,
        stepLinks,
        csrf: request.user?.csrfToken ?? '',
        temporalLink: ui ? `${ui}/namespaces/${namespace}/workflows/${encodeURIComponent(data.cycle.id)}` : undefined,
      });
      return sendPage(request, reply, { title: `${data.cycle.definitionName} ${data.cycle.year}`, body });
    },
  );

  app.post(
    '/cycles/:definition/:year/:action',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, params: cycleParams.extend({ action: z.enum(['skip', 'cancel']) }), querystring: pageQuery, body: cycleForm },
    },
    async (request, reply) => {
      const { definition, year: y, action } = request.params;
      const ctx = ctxOf(request);
      const actor = resolveActor(request, { kind: 'coordinator' });
      if (action === 'skip') {
        const { step } = parseOrRefuse(ctx, skippedStep, { step: request.body.step ?? '' });
        await skipStep(ctx, actor, request.params, { step, reason: request.body.reason });
      } else await cancelCycle(ctx, actor, request.params, request.body.reason);
      return reply.redirect(`/cycles/${definition}/${y}?lang=${request.locale}&done=${action === 'skip' ? 'skipped' : 'cancelled'}`, 303);
    },
  );

  app.get('/cycles/new', { config: { access: 'coordinator' }, schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const l = request.locale;
    const body = startPage(l, request.user!.csrfToken, await startChoices(ctxOf(request)));
    return sendPage(request, reply, { title: t(l, 'dash.startCycle'), body });
  });

  app.post(
    '/cycles/new/preview',
    { config: { access: 'coordinator' }, schema: { hide: true, querystring: pageQuery, body: startForm } },
    async (request, reply) => {
      const l = request.locale;
      const ctx = ctxOf(request);
      const { definition, year: y, _csrf, ...choice } = request.body;
      const token = request.user!.csrfToken;
      const wizard = await previewForWizard(ctx, { definition, year: y }, choice);
      if ('refused' in wizard) {
        const body = startRefusedPage(l, token, await startChoices(ctx), request.body, wizard.refused);
        return sendPage(request, reply, { title: t(l, 'dash.startCycle'), body, status: wizard.refused.status });
      }
      const body = previewPage(l, token, wizard, { definition, year: y, choice });
      return sendPage(request, reply, { title: t(l, 'dash.startCycle'), body });
    },
  );

  app.post(
    '/cycles/new',
    {
      config: { access: 'coordinator' },
      schema: { hide: true, querystring: pageQuery, body: startForm.extend({ confirm: z.literal('yes') }) },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { definition, year: y, confirm: _c, _csrf, ...choice } = request.body;
      const start = lateChoice(ctx, choice);
      await startCycle(ctx, resolveActor(request, { kind: 'coordinator' }), { definition, year: y, start });
      return reply.redirect(`/cycles/${definition}/${y}?lang=${request.locale}&done=started`, 303);
    },
  );
};

export default cyclePages;
