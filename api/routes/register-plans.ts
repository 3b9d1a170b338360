import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
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
import type { Refusal } from '../views/register-forms';
import { act, formRoute, json, key, shown } from './register-doors';

const strategyParams = z.object({ strategy: key });
const planParams = z.object({ plan: key });
const idParams = z.object({ id: z.uuid() });

const strategy = async (request: FastifyRequest, _p: unknown, refusal: Refusal) =>
  strategyPage(request, await read.strategiesJson(ctxOf(request)), undefined, refusal);
const plan = async (request: FastifyRequest, p: { plan: string }, refusal: Refusal) =>
  planPage(request, await read.planDetail(ctxOf(request), p.plan), undefined, refusal);
const measure = async (request: FastifyRequest, p: { id: string }, refusal: Refusal) =>
  measurePage(request, await read.measureDetail(ctxOf(request), p.id), undefined, refusal);
const strategies = '/admin/strategy';
const planPath = (x: { slug: string }) => `/admin/action-plans/${x.slug}`;
const measurePath = (x: { id: string }) => `/admin/measures/${x.id}`;

/** The coordinator's changes to strategies, goals, action plans and measures: JSON, and the page forms on the same services. */
const registerPlans: FastifyPluginAsyncZod = async (app) => {
  // ── JSON ──
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

  // ── Page forms ──
  formRoute(
    app,
    '/admin/strategy',
    z.object({}),
    'strategy-new',
    async (rq) => (await plans.createStrategy(...act(rq), rq.body), shown(rq, strategies, 'created')),
    strategy,
  );
  formRoute(
    app,
    '/admin/strategy/:strategy',
    strategyParams,
    (p) => `strategy-edit-${p.strategy}`,
    async (rq, p) => (await plans.editStrategy(...act(rq), p.strategy, rq.body), shown(rq, strategies, 'saved')),
    strategy,
  );
  formRoute(
    app,
    '/admin/strategy/:strategy/goals',
    strategyParams,
    (p) => `goal-new-${p.strategy}`,
    async (rq, p) => (await plans.addGoal(...act(rq), p.strategy, rq.body), shown(rq, strategies, 'created')),
    strategy,
  );
  formRoute(
    app,
    '/admin/strategy/:strategy/plans',
    strategyParams,
    (p) => `plan-new-${p.strategy}`,
    async (rq, p) =>
      shown(rq, planPath(await plans.createActionPlan(...act(rq), { ...(rq.body as object), strategy: p.strategy })), 'created'),
    strategy,
  );
  formRoute(
    app,
    '/admin/action-plans/:plan',
    planParams,
    'plan-edit',
    async (rq, p) => shown(rq, planPath(await plans.editActionPlan(...act(rq), p.plan, rq.body)), 'saved'),
    plan,
  );
  formRoute(
    app,
    '/admin/action-plans/:plan/copy',
    planParams,
    'plan-copy',
    async (rq, p) => shown(rq, planPath((await plans.copyActionPlan(...act(rq), p.plan, rq.body)).plan), 'copied'),
    plan,
  );
  formRoute(
    app,
    '/admin/action-plans/:plan/retire',
    planParams,
    'retire',
    async (rq, p) => shown(rq, planPath(await plans.retireActionPlan(...act(rq), p.plan, rq.body)), 'retired'),
    plan,
  );
  formRoute(
    app,
    '/admin/action-plans/:plan/measures',
    planParams,
    'measure-new',
    async (rq, p) => (await plans.addMeasure(...act(rq), p.plan, rq.body), shown(rq, planPath({ slug: p.plan }), 'created')),
    plan,
  );
  formRoute(
    app,
    '/admin/measures/:id',
    idParams,
    'measure-edit',
    async (rq, p) => shown(rq, measurePath(await plans.editMeasure(...act(rq), p.id, rq.body)), 'saved'),
    measure,
  );
  formRoute(
    app,
    '/admin/measures/:id/retire',
    idParams,
    'retire',
    async (rq, p) => shown(rq, measurePath(await plans.retireMeasure(...act(rq), p.id, rq.body)), 'retired'),
    measure,
  );
};

export default registerPlans;
