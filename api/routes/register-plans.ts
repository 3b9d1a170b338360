import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { resolveActor } from '../actor';
import { ctxOf } from '../services/context';
import * as read from '../services/register-read';
import * as plans from '../services/register-plans';
import {
  actionPlanCopy,
  actionPlanEdit,
  actionPlanInput,
  goalInput,
  measureInput,
  retireInput,
  strategyEdit,
  strategyInput,
} from '../services/register-schemas';
import { actionPlanCopied, actionPlanPlain, goalRow, measurePlain, strategyPlain } from '../services/register-shapes';
import { measurePage, planPage } from '../views/register-plans';
import { strategyPage } from '../views/register-strategy';
import { answerForm, type Refusal } from '../views/register-forms';

const key = z.string().min(1).max(100);
const lang = z.object({ lang: z.enum(['sv', 'en']).optional() });
const strategyParams = z.object({ strategy: key });
const planParams = z.object({ plan: key });
const idParams = z.object({ id: z.uuid() });
const form = z.looseObject({ _csrf: z.string().max(200).optional() });
const coordinator = { access: 'coordinator' } as const;
const json = <S extends object>(summary: string, schema: S) => ({ config: coordinator, schema: { summary, ...schema } });
const page = <P extends z.ZodType>(params: P) => ({ config: coordinator, schema: { hide: true, querystring: lang, body: form, params } });
const act = (request: FastifyRequest) => [ctxOf(request), resolveActor(request, { kind: 'coordinator' })] as const;

/** The coordinator's changes to strategies, goals, action plans and measures: JSON, and the page forms on the same services. */
const registerPlans: FastifyPluginAsyncZod = async (app) => {
  // ── JSON ──────────────────────────────────────────────────────────────────────────────────

  app.post(
    '/api/admin/strategies',
    json('A new strategy (coordinator)', { body: strategyInput, response: { 201: strategyPlain } }),
    async (request, reply) => reply.status(201).send(await plans.createStrategy(...act(request), request.body)),
  );
  app.patch(
    '/api/admin/strategies/:strategy',
    json('Edits a strategy (coordinator)', { params: strategyParams, body: strategyEdit, response: { 200: strategyPlain } }),
    async (request) => plans.editStrategy(...act(request), request.params.strategy, request.body),
  );
  app.post(
    '/api/admin/strategies/:strategy/goals',
    json('A new goal of a strategy (coordinator)', { params: strategyParams, body: goalInput, response: { 201: goalRow } }),
    async (request, reply) => reply.status(201).send(await plans.addGoal(...act(request), request.params.strategy, request.body)),
  );
  app.patch(
    '/api/admin/goals/:id',
    json('Edits a goal (coordinator)', { params: idParams, body: goalInput, response: { 200: goalRow } }),
    async (request) => plans.editGoal(...act(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/action-plans',
    json('A new action plan for a period (coordinator)', { body: actionPlanInput, response: { 201: actionPlanPlain } }),
    async (request, reply) => reply.status(201).send(await plans.createActionPlan(...act(request), request.body)),
  );
  app.patch(
    '/api/admin/action-plans/:plan',
    json('Edits an action plan (coordinator)', { params: planParams, body: actionPlanEdit, response: { 200: actionPlanPlain } }),
    async (request) => plans.editActionPlan(...act(request), request.params.plan, request.body),
  );
  app.post(
    '/api/admin/action-plans/:plan/copy',
    json('Copies an action plan into a new period with its measures and owners; the old plan stays (coordinator)', {
      params: planParams,
      body: actionPlanCopy,
      response: { 201: actionPlanCopied },
    }),
    async (request, reply) => reply.status(201).send(await plans.copyActionPlan(...act(request), request.params.plan, request.body)),
  );
  app.post(
    '/api/admin/action-plans/:plan/retire',
    json('Retires an action plan (coordinator)', { params: planParams, body: retireInput, response: { 200: actionPlanPlain } }),
    async (request) => plans.retireActionPlan(...act(request), request.params.plan, request.body),
  );
  app.post(
    '/api/admin/action-plans/:plan/measures',
    json('A new measure with its owners, the lead first (coordinator)', {
      params: planParams,
      body: measureInput,
      response: { 201: measurePlain },
    }),
    async (request, reply) => reply.status(201).send(await plans.addMeasure(...act(request), request.params.plan, request.body)),
  );
  app.patch(
    '/api/admin/measures/:id',
    json('Edits a measure and its owners (coordinator)', { params: idParams, body: measureInput, response: { 200: measurePlain } }),
    async (request) => plans.editMeasure(...act(request), request.params.id, request.body),
  );
  app.post(
    '/api/admin/measures/:id/retire',
    json('Retires a measure (coordinator)', { params: idParams, body: retireInput, response: { 200: measurePlain } }),
    async (request) => plans.retireMeasure(...act(request), request.params.id, request.body),
  );

  // ── Page forms ────────────────────────────────────────────────────────────────────────────

  const strategyAgain = (request: FastifyRequest) => async (refusal: Refusal) =>
    strategyPage(request, await read.strategiesJson(ctxOf(request)), undefined, refusal);
  const planAgain = (request: FastifyRequest, slug: string) => async (refusal: Refusal) =>
    planPage(request, await read.planDetail(ctxOf(request), slug), undefined, refusal);
  const measureAgain = (request: FastifyRequest, id: string) => async (refusal: Refusal) =>
    measurePage(request, await read.measureDetail(ctxOf(request), id), undefined, refusal);
  const strategyDone = (request: FastifyRequest, done: string) => `/admin/strategy?lang=${request.locale}&done=${done}`;
  const planDone = (request: FastifyRequest, slug: string, done: string) =>
    `/admin/action-plans/${slug}?lang=${request.locale}&done=${done}`;
  const measureDone = (request: FastifyRequest, id: string, done: string) => `/admin/measures/${id}?lang=${request.locale}&done=${done}`;

  app.post('/admin/strategy', page(z.object({})), async (request, reply) =>
    answerForm(
      request,
      reply,
      'strategy-new',
      async () => (await plans.createStrategy(...act(request), request.body), strategyDone(request, 'created')),
      strategyAgain(request),
    ),
  );
  app.post('/admin/strategy/:strategy', page(strategyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      `strategy-edit-${request.params.strategy}`,
      async () => (await plans.editStrategy(...act(request), request.params.strategy, request.body), strategyDone(request, 'saved')),
      strategyAgain(request),
    ),
  );
  app.post('/admin/strategy/:strategy/goals', page(strategyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      `goal-new-${request.params.strategy}`,
      async () => (await plans.addGoal(...act(request), request.params.strategy, request.body), strategyDone(request, 'created')),
      strategyAgain(request),
    ),
  );
  app.post('/admin/strategy/:strategy/plans', page(strategyParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      `plan-new-${request.params.strategy}`,
      async () =>
        planDone(
          request,
          (await plans.createActionPlan(...act(request), { ...request.body, strategy: request.params.strategy })).slug,
          'created',
        ),
      strategyAgain(request),
    ),
  );
  app.post('/admin/action-plans/:plan', page(planParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'plan-edit',
      async () => planDone(request, (await plans.editActionPlan(...act(request), request.params.plan, request.body)).slug, 'saved'),
      planAgain(request, request.params.plan),
    ),
  );
  app.post('/admin/action-plans/:plan/copy', page(planParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'plan-copy',
      async () => planDone(request, (await plans.copyActionPlan(...act(request), request.params.plan, request.body)).plan.slug, 'copied'),
      planAgain(request, request.params.plan),
    ),
  );
  app.post('/admin/action-plans/:plan/retire', page(planParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'retire',
      async () => planDone(request, (await plans.retireActionPlan(...act(request), request.params.plan, request.body)).slug, 'retired'),
      planAgain(request, request.params.plan),
    ),
  );
  app.post('/admin/action-plans/:plan/measures', page(planParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'measure-new',
      async () => (
        await plans.addMeasure(...act(request), request.params.plan, request.body),
        planDone(request, request.params.plan, 'created')
      ),
      planAgain(request, request.params.plan),
    ),
  );
  app.post('/admin/measures/:id', page(idParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'measure-edit',
      async () => measureDone(request, (await plans.editMeasure(...act(request), request.params.id, request.body)).id, 'saved'),
      measureAgain(request, request.params.id),
    ),
  );
  app.post('/admin/measures/:id/retire', page(idParams), async (request, reply) =>
    answerForm(
      request,
      reply,
      'retire',
      async () => measureDone(request, (await plans.retireMeasure(...act(request), request.params.id, request.body)).id, 'retired'),
      measureAgain(request, request.params.id),
    ),
  );
};

export default registerPlans;
