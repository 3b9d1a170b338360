import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import { signOutHolderEverywhere } from '../services/auth';
import * as read from '../services/register-read';
import { holderChangeStep } from '../services/register-seats';
import { actionPlanRow, bodyDetail, indicatorRow, organisationWithSeats, seatDetail, strategyRow } from '../services/register-shapes';
import { adminHome, organisationPage, organisationsPage } from '../views/register-pages';
import { bodiesPage, bodyPage } from '../views/register-bodies';
import { holderConfirmPage, seatPage, type HolderFormState } from '../views/register-seat';
import { indicatorsPage, measurePage, measuresPage, planPage } from '../views/register-plans';
import { strategyPage } from '../views/register-strategy';
import { sendPage } from '../views/register-forms';
import registerParties from './register-parties';
import registerPlans from './register-plans';

const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const done = lang.extend({ done: z.enum(['created', 'saved', 'retired', 'copied', 'signedOut']).optional() });
const key = z.string().min(1).max(100);
const bodyParams = z.object({ body: key });
const seatParams = z.object({ body: key, seat: key });
const coordinator = { access: 'coordinator' } as const;

/** The holder-change form as posted: loose here, checked by the service so errors show in the form. */
const holderForm = z.object({
  _csrf: z.string().max(200).optional(),
  name: z.string().max(400).default(''),
  email: z.string().max(400).default(''),
  locale: z.string().max(10).default('sv'),
  validFrom: z.string().max(40).default(''),
  confirm: z.literal('1').optional(),
});

/**
 * The register behind the cycles, as pages and as the same data in JSON: organisations, bodies,
 * seats and holders, strategy, measures, indicators. The coordinator reads it and edits it (the
 * routes in register-parties.ts and register-plans.ts). Every page renders from PostgreSQL.
 */
const admin: FastifyPluginAsyncZod = async (app) => {
  await app.register(registerParties);
  await app.register(registerPlans);

  // ── JSON ──
  app.get(
    '/api/admin/organisations',
    {
      config: coordinator,
      schema: { summary: 'Organisations with their number of seats', response: { 200: z.array(organisationWithSeats) } },
    },
    async (request) => read.organisationsWithSeats(ctxOf(request)),
  );
  app.get(
    '/api/admin/bodies/:body',
    {
      config: coordinator,
      schema: {
        summary: 'A body, its seats and every holder with validity dates, and its calendar feed',
        params: bodyParams,
        response: { 200: bodyDetail },
      },
    },
    async (request) => read.bodyJson(ctxOf(request), request.params.body),
  );
  app.get(
    '/api/admin/seats/:body/:seat',
    {
      config: coordinator,
      schema: {
        summary: 'A seat, its holders over time, its open work and its calendar feed',
        params: seatParams,
        response: { 200: seatDetail },
      },
    },
    async (request) => read.seatDetailJson(ctxOf(request), request.params),
  );
  app.get(
    '/api/admin/strategy',
    { config: coordinator, schema: { summary: 'Strategies with their goals and action plans', response: { 200: z.array(strategyRow) } } },
    async (request) => read.strategiesJson(ctxOf(request)),
  );
  app.get(
    '/api/admin/measures',
    { config: coordinator, schema: { summary: 'Action plans with their measures and owners', response: { 200: z.array(actionPlanRow) } } },
    async (request) => read.plansJson(ctxOf(request)),
  );
  app.get(
    '/api/admin/indicators',
    {
      config: coordinator,
      schema: { summary: 'Indicators with source, unit, level and values per year', response: { 200: z.array(indicatorRow) } },
    },
    async (request) => read.indicatorsJson(ctxOf(request)),
  );

  // ── Pages ──
  const page = { config: coordinator, schema: { hide: true, querystring: done } } as const;
  app.get('/admin', page, async (request, reply) => sendPage(reply, adminHome(request)));
  app.get('/admin/organisations', page, async (request, reply) =>
    sendPage(reply, organisationsPage(request, await read.organisationsWithSeats(ctxOf(request)))),
  );
  app.get('/admin/organisations/:org', { ...page, schema: { ...page.schema, params: z.object({ org: key }) } }, async (request, reply) =>
    sendPage(reply, organisationPage(request, await read.organisationDetail(ctxOf(request), request.params.org), request.query.done)),
  );
  app.get('/admin/bodies', page, async (request, reply) => {
    const ctx = ctxOf(request);
    return sendPage(reply, bodiesPage(request, await read.bodiesWithSeats(ctx), await read.activeOrganisations(ctx)));
  });
  app.get('/admin/bodies/:body', { ...page, schema: { ...page.schema, params: bodyParams } }, async (request, reply) =>
    sendPage(reply, bodyPage(request, await read.bodyPageData(ctxOf(request), request.params.body), request.query.done)),
  );
  app.get(
    '/admin/seats/:body/:seat',
    {
      config: coordinator,
      schema: {
        hide: true,
        params: seatParams,
        querystring: done.extend({ moved: z.coerce.number().int().min(0).max(100_000).optional() }),
      },
    },
    async (request, reply) =>
      sendPage(
        reply,
        seatPage(request, await read.seatPageData(ctxOf(request), request.params), {
          moved: request.query.moved,
          done: request.query.done,
        }),
      ),
  );
  app.post(
    '/admin/seats/:body/:seat/holder',
    { config: coordinator, schema: { hide: true, params: seatParams, querystring: lang, body: holderForm } },
    async (request, reply) => {
      const l = request.locale;
      const data = await read.seatPageData(ctxOf(request), request.params);
      const step = await holderChangeStep(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), data.record, request.body);
      const slug = data.record.seat.slug;
      if (step.kind === 'refused') return sendPage(reply, seatPage(request, data, { holderForm: step as HolderFormState }), 400);
      if (step.kind === 'changed') return reply.redirect(`/admin/seats/${slug}?lang=${l}&moved=${step.moved}`, 303);
      return sendPage(reply, holderConfirmPage(request, data.record, step.input, step.work, step.sitting, step.lastDay));
    },
  );
  app.post(
    '/admin/seats/:body/:seat/signout',
    { config: coordinator, schema: { hide: true, params: seatParams, querystring: lang, body: z.object({ _csrf: z.string().max(200) }) } },
    async (request, reply) => {
      const slug = `${request.params.body}/${request.params.seat}`;
      await signOutHolderEverywhere(ctxOf(request), resolveActor(request, { kind: 'coordinator' }), slug);
      return reply.redirect(`/admin/seats/${slug}?lang=${request.locale}&done=signedOut`, 303);
    },
  );
  app.get('/admin/strategy', page, async (request, reply) =>
    sendPage(reply, strategyPage(request, await read.strategiesJson(ctxOf(request)), request.query.done)),
  );
  app.get('/admin/measures', page, async (request, reply) => sendPage(reply, measuresPage(request, await read.plansJson(ctxOf(request)))));
  app.get('/admin/action-plans/:plan', { ...page, schema: { ...page.schema, params: z.object({ plan: key }) } }, async (request, reply) =>
    sendPage(reply, planPage(request, await read.planDetail(ctxOf(request), request.params.plan), request.query.done)),
  );
  app.get('/admin/measures/:id', { ...page, schema: { ...page.schema, params: z.object({ id: z.uuid() }) } }, async (request, reply) =>
    sendPage(reply, measurePage(request, await read.measureDetail(ctxOf(request), request.params.id), request.query.done)),
  );
  app.get('/admin/indicators', page, async (request, reply) =>
    sendPage(reply, indicatorsPage(request, await read.indicatorsJson(ctxOf(request)))),
  );
};

export default admin;
